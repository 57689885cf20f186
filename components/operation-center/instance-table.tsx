"use client";
import Link from "next/link";
import { ButtonLink } from "@/components/ui/button";
import type { InstanceList } from "@/lib/data/instances";
import type { InstanceListFilter, ListedInstanceKind } from "@/lib/schemas/instance";
import { formatDuration } from "@/components/runs/run-format";
import { EmptyState } from "@/components/ui/empty-state";
import { InstanceActions } from "./instance-actions";
import { instanceListHref } from "./instance-filters";
import { InstanceStatusBadge } from "./instance-status-badge";
import { StatusStrip } from "./status-strip";
import { useInstanceList } from "./use-instance-list";
import { instanceDagPath, instancePath } from "./instance-path";
import { ZonedDateTime } from "./zoned-date-time";
import { formatBizdate } from "./zoned-time";

/** The summary strip and the table of an instance list, polled while something moves. */
export function InstanceTable({ kind, path, filter, initial }: { kind: ListedInstanceKind; path: string; filter: InstanceListFilter; initial: InstanceList }) {
  const { data, error } = useInstanceList(kind, filter, initial);
  const { instances, timeZone } = data;
  const filtered = Object.values(filter).some(Boolean);
  return (
    <>
      <StatusStrip counts={data.counts} active={filter.status} hrefFor={(status) => instanceListHref(path, { ...filter, status })} />
      {error && (
        <p role="alert" className="mb-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {error.message}
        </p>
      )}
      {instances.length === 0 ? (
        filtered ? (
          <EmptyState title="No instance matches">Try another business date, scheduled date, status or node, or clear the filters.</EmptyState>
        ) : kind === "test" ? (
          <EmptyState title="No test instances yet">
            On <Link href="/operation-center/nodes" className="text-brand-600 hover:underline">Auto Triggered Nodes</Link>, press Test on a node and choose a business date.
          </EmptyState>
        ) : (
          <EmptyState title="No instances yet">
            The scheduler generates the next day&apos;s instances of every deployed node at 23:30 ({timeZone}), and today&apos;s at once for a node deployed with
            Immediately After Deployment.
          </EmptyState>
        )
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-sm" aria-label={kind === "test" ? "Test instances" : "Auto triggered instances"}>
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-3 py-2.5">Node</th>
                <th className="px-3 py-2.5">Business date</th>
                <th className="px-3 py-2.5">Scheduled time</th>
                <th className="px-3 py-2.5">Status</th>
                <th className="px-3 py-2.5">Start</th>
                <th className="px-3 py-2.5">End</th>
                <th className="px-3 py-2.5 text-right">Duration</th>
                <th className="whitespace-nowrap px-3 py-2.5 text-right" title="Attempts so far">Run no.</th>
                <th className="min-w-[220px] px-3 py-2.5">Actions</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {instances.map((instance) => (
                <tr key={instance.id} className="align-top hover:bg-slate-50/60">
                  <td className="px-3 py-3">
                    <Link href={instancePath(instance)} className="font-medium break-all text-brand-700 hover:underline">
                      {instance.node.name}
                    </Link>
                    <p className="text-xs text-slate-400">{instance.node.workflowName}</p>
                  </td>
                  <td className="whitespace-nowrap px-3 py-3 font-mono text-xs text-slate-700">{formatBizdate(instance.bizdate)}</td>
                  <td className="px-3 py-3 text-slate-700">
                    <ZonedDateTime value={instance.scheduledAt} timeZone={timeZone} />
                  </td>
                  <td className="px-3 py-3">
                    <InstanceStatusBadge instance={instance} />
                    {instance.message && <p className="mt-1 max-w-[200px] text-xs text-slate-500">{instance.message}</p>}
                  </td>
                  <td className="px-3 py-3 text-slate-600">
                    <ZonedDateTime value={instance.startedAt} timeZone={timeZone} />
                  </td>
                  <td className="px-3 py-3 text-slate-600">
                    <ZonedDateTime value={instance.endedAt} timeZone={timeZone} />
                  </td>
                  <td className="whitespace-nowrap px-3 py-3 text-right tabular-nums text-slate-600">{formatDuration(instance.durationMs)}</td>
                  <td className="px-3 py-3 text-right tabular-nums text-slate-700">{instance.runNumber}</td>
                  <td className="px-3 py-3">
                    <InstanceActions instance={instance} extra={<DagLink instance={instance} />} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.truncated && (
            <p className="border-t border-slate-100 px-4 py-2 text-xs text-slate-500">
              Showing the newest {instances.length} instances. Filter by date, status or node to see others.
            </p>
          )}
        </div>
      )}
      <p className="mt-2 text-xs text-slate-400">Times in the workspace&apos;s scheduling time zone, {timeZone}.</p>
    </>
  );
}

/** "DAG" on a row (DataWorks' View DAG): the instance with its parent and child instances. */
export function DagLink({ instance }: { instance: { id: string; kind: string; node: { name: string } } }) {
  const href = instanceDagPath(instance);
  if (!href) return null;
  return (
    <ButtonLink size="sm" href={href} title={`The DAG of ${instance.node.name}: its parent and child instances as a graph`}>
      DAG
    </ButtonLink>
  );
}
