import Link from "next/link";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { listRunNodeOptions, listRuns } from "@/lib/data/runs";
import { runListFilterSchema, runStatusLabels } from "@/lib/schemas/run";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { AutoRefresh } from "@/components/runs/auto-refresh";
import { RunFilters } from "@/components/runs/run-filters";
import { formatCount, formatDuration, runStatusTones } from "@/components/runs/run-format";

export const metadata = { title: "Runs" };

export default async function RunsPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const { workspace } = await requireConsoleContext();
  const filter = runListFilterSchema.parse(await searchParams);
  const [runs, nodes] = await Promise.all([listRuns(workspace.id, filter), listRunNodeOptions(workspace.id)]);
  const filtered = Boolean(filter.nodeId || filter.status);
  const active = runs.some((run) => run.status === "queued" || run.status === "running");

  return (
    <div className="p-6">
      <AutoRefresh everyMs={2_000} enabled={active} />
      <PageHeader title="Runs" description="Runs of the sync nodes of this workspace, newest first. Open one to watch it or to stop or rerun it." />
      <RunFilters nodes={nodes} nodeId={filter.nodeId} status={filter.status} />

      {runs.length === 0 ? (
        filtered ? (
          <EmptyState title="No run matches">Try another node or status.</EmptyState>
        ) : (
          <EmptyState title="No runs yet">Open a sync node and press Run. Its runs show up here while they wait, run and end.</EmptyState>
        )
      ) : (
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-sm" aria-label="Runs">
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-2.5">Node</th>
                <th className="px-4 py-2.5">Status</th>
                <th className="px-4 py-2.5">Bizdate</th>
                <th className="px-4 py-2.5">Started</th>
                <th className="px-4 py-2.5 text-right">Duration</th>
                <th className="px-4 py-2.5 text-right">Records</th>
                <th className="px-4 py-2.5 text-right">Dirty</th>
                <th className="px-4 py-2.5">Resource group</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {runs.map((run) => (
                <tr key={run.id} className="hover:bg-slate-50/60">
                  <td className="px-4 py-3">
                    <Link href={`/runs/${run.id}`} className="font-medium text-brand-700 hover:underline">
                      {run.node.name}
                    </Link>
                    <p className="text-xs text-slate-400">{run.node.workflowName}</p>
                  </td>
                  <td className="px-4 py-3">
                    <Badge tone={runStatusTones[run.status]}>{runStatusLabels[run.status]}</Badge>
                  </td>
                  <td className="px-4 py-3 font-mono text-xs text-slate-700">{run.bizdate ?? "—"}</td>
                  <td className="whitespace-nowrap px-4 py-3 text-slate-600">
                    {run.startedAt ? formatDateTime(run.startedAt) : <span className="text-slate-400">submitted {formatDateTime(run.submittedAt)}</span>}
                  </td>
                  <td className="whitespace-nowrap px-4 py-3 text-right tabular-nums text-slate-600">{formatDuration(run.durationMs)}</td>
                  <td className="px-4 py-3 text-right tabular-nums">{formatCount(run.recordsWritten)}</td>
                  <td className={`px-4 py-3 text-right tabular-nums ${run.dirtyRecords ? "font-medium text-red-600" : "text-slate-400"}`}>{formatCount(run.dirtyRecords)}</td>
                  <td className="px-4 py-3 text-slate-600">{run.resourceGroupName ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
