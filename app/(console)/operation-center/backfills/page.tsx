import Link from "next/link";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { listBackfills } from "@/lib/scheduling/backfill";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { backfillStatusTones } from "@/components/operation-center/backfill-status";
import { formatBizdate } from "@/components/operation-center/zoned-time";

export const metadata = { title: "Data Backfill" };
export const dynamic = "force-dynamic";

export default async function BackfillsPage() {
  const { workspace } = await requireConsoleContext();
  const backfills = await listBackfills({ workspaceId: workspace.id });
  return (
    <div className="p-6">
      <PageHeader
        title="Data Backfill"
        description="Backfills run deployed nodes for chosen business dates. Start one from Auto Triggered Nodes (Backfill on the node's row)."
      />
      {backfills.length === 0 ? (
        <EmptyState title="No backfills yet">Open Auto Triggered Nodes and choose Backfill on a node to run it for past business dates.</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-sm" aria-label="Backfills">
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-2.5">Name</th>
                <th className="px-4 py-2.5">Node</th>
                <th className="px-4 py-2.5">Business dates</th>
                <th className="px-4 py-2.5">Status</th>
                <th className="px-4 py-2.5">Progress</th>
                <th className="px-4 py-2.5">Created</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {backfills.map((backfill) => {
                const sorted = [...backfill.dates].sort();
                const { total, ended, succeeded } = backfill.counts;
                return (
                  <tr key={backfill.id} className="hover:bg-slate-50/60">
                    <td className="px-4 py-3">
                      <Link href={`/operation-center/backfills/${backfill.id}`} className="font-medium text-brand-700 hover:underline">
                        {backfill.name}
                      </Link>
                    </td>
                    <td className="px-4 py-3 text-slate-700">{backfill.rootNode.name}</td>
                    <td className="whitespace-nowrap px-4 py-3 tabular-nums text-slate-700">
                      {formatBizdate(sorted[0])}
                      {sorted.length > 1 ? ` … ${formatBizdate(sorted[sorted.length - 1])} (${sorted.length})` : ""}
                    </td>
                    <td className="px-4 py-3">
                      <Badge tone={backfillStatusTones[backfill.status]}>{backfill.status}</Badge>
                      {backfill.stoppedBy && <p className="text-xs text-slate-400">by {backfill.stoppedBy}</p>}
                    </td>
                    <td className="px-4 py-3">
                      <div className="flex h-2 w-32 overflow-hidden rounded-full bg-slate-100" title={`${ended} of ${total} instances ended, ${succeeded} succeeded`}>
                        <div className="bg-emerald-500" style={{ width: `${total ? (succeeded / total) * 100 : 0}%` }} />
                        <div className="bg-red-500" style={{ width: `${total ? ((ended - succeeded) / total) * 100 : 0}%` }} />
                      </div>
                      <p className="mt-0.5 text-xs text-slate-400">
                        {ended}/{total} ended
                      </p>
                    </td>
                    <td className="whitespace-nowrap px-4 py-3 text-slate-600">
                      {backfill.createdBy}
                      <p className="text-xs text-slate-400">{backfill.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC</p>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
