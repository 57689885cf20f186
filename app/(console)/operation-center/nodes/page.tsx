import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { listAutoTriggeredNodes } from "@/lib/data/instances";
import { schedulerNow } from "@/lib/scheduling/scheduler-clock";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { NodeTable } from "@/components/operation-center/node-table";

export const metadata = { title: "Auto Triggered Nodes" };

export default async function AutoTriggeredNodesPage() {
  const { workspace } = await requireConsoleContext();
  const now = schedulerNow();
  const { timeZone, nodes } = await listAutoTriggeredNodes(workspace.id, now);
  const today = new TZDate(now.getTime(), timeZone);
  // DataWorks' default business date: yesterday in the scheduling time zone.
  const yesterday = format(new TZDate(today.getFullYear(), today.getMonth(), today.getDate() - 1, timeZone), "yyyy-MM-dd");
  return (
    <div className="p-6">
      <PageHeader
        title="Auto Triggered Nodes"
        description="Deployed nodes: the scheduler generates their instances every day. Test runs one now for a business date you choose; Freeze keeps the instances generated from now on from running; Undeploy takes a node out of production."
      />
      {nodes.length === 0 ? (
        <EmptyState title="No deployed nodes">Commit a sync node and deploy it: only deployed nodes are scheduled, and they are listed here.</EmptyState>
      ) : (
        <NodeTable nodes={nodes} timeZone={timeZone} defaultBizdate={yesterday} />
      )}
    </div>
  );
}
