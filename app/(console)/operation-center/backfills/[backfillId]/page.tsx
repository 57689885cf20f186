import Link from "next/link";
import { notFound } from "next/navigation";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { ConsoleError } from "@/lib/console-error";
import { getBackfill } from "@/lib/scheduling/backfill";
import { displayStatusOf, displayStatusText, displayStatusTones } from "@/lib/scheduling/instance-status";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { BackfillControls } from "@/components/operation-center/backfill-controls";
import { BackfillProgress } from "@/components/operation-center/backfill-progress";
import { backfillStatusTones } from "@/components/operation-center/backfill-status";
import { DagLink } from "@/components/operation-center/instance-table";
import { formatBizdate, formatZoned } from "@/components/operation-center/zoned-time";

export const metadata = { title: "Backfill" };
export const dynamic = "force-dynamic";

export default async function BackfillPage({ params }: { params: Promise<{ backfillId: string }> }) {
  const { workspace } = await requireConsoleContext();
  const { backfillId } = await params;
  const backfill = await getBackfill({ workspaceId: workspace.id, backfillId }).catch((error: unknown) => {
    if (error instanceof ConsoleError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const { request, timeZone } = backfill;
  const order = new Map(backfill.dates.map((date, index) => [date, index]));
  const instances = [...backfill.instances].sort((a, b) => order.get(a.bizdate)! - order.get(b.bizdate)! || a.scheduledAt.getTime() - b.scheduledAt.getTime());
  return (
    <div className="space-y-6 p-6">
      <PageHeader
        title={backfill.name}
        description={
          <>
            <Link href="/operation-center/backfills" className="text-brand-700 hover:underline">
              Data Backfill
            </Link>{" "}
            · node {backfill.rootNode.name} · {request.scope === "currentNode" ? "current node" : "current and descendant nodes"} · parallelism {request.parallelism} ·{" "}
            {request.order === "asc" ? "oldest date first" : "newest date first"}
            {request.window ? ` · ${request.window.start}–${request.window.end}` : ""}
            {request.runFutureNow ? " · future dates run now" : ""} · by {backfill.createdBy}
          </>
        }
        actions={
          <>
            <Badge tone={backfillStatusTones[backfill.status]}>
              {backfill.status}
              {backfill.stoppedBy ? ` by ${backfill.stoppedBy}` : ""}
            </Badge>
            <BackfillControls backfillId={backfill.id} running={backfill.status === "running"} />
          </>
        }
      />
      <BackfillProgress dates={backfill.progress} />
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-sm" aria-label="Backfill instances">
          <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-4 py-2.5">Business date</th>
              <th className="px-4 py-2.5">Node</th>
              <th className="px-4 py-2.5">Scheduled time</th>
              <th className="px-4 py-2.5">Status</th>
              <th className="px-4 py-2.5">Started</th>
              <th className="px-4 py-2.5">Ended</th>
              <th className="px-4 py-2.5">
                <span className="sr-only">DAG</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {instances.map((instance) => (
              <tr key={instance.id} className="hover:bg-slate-50/60">
                <td className="px-4 py-2.5 font-mono tabular-nums">
                  <Link href={`/operation-center/instances/${instance.id}`} className="text-brand-700 hover:underline">
                    {formatBizdate(instance.bizdate)}
                  </Link>
                </td>
                <td className="px-4 py-2.5 text-slate-700">{instance.node.name}</td>
                <td className="whitespace-nowrap px-4 py-2.5 tabular-nums text-slate-600">{formatZoned(instance.scheduledAt.toISOString(), timeZone)}</td>
                <td className="whitespace-nowrap px-4 py-2.5">
                  <Badge tone={displayStatusTones[displayStatusOf(instance)]} title={instance.message ?? undefined}>
                    {instance.held ? "Waiting for its date" : displayStatusText(instance)}
                  </Badge>
                  {instance.message && <p className="mt-0.5 text-xs text-slate-400">{instance.message}</p>}
                </td>
                <td className="whitespace-nowrap px-4 py-2.5 tabular-nums text-slate-600">{formatZoned(instance.startedAt?.toISOString(), timeZone)}</td>
                <td className="whitespace-nowrap px-4 py-2.5 tabular-nums text-slate-600">{formatZoned(instance.endedAt?.toISOString(), timeZone)}</td>
                <td className="px-4 py-2 text-right">
                  <DagLink instance={{ id: instance.id, kind: "backfill", node: { name: instance.node.name } }} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="text-xs text-slate-400">Times in the workspace&apos;s scheduling time zone, {timeZone}.</p>
    </div>
  );
}
