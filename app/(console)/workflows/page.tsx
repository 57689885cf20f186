import { requireConsoleContext } from "@/lib/auth/current-user";
import { listWorkflowTree } from "@/lib/data/workflows";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata = { title: "Sync Nodes" };

export default async function WorkflowsPage() {
  const { workspace } = await requireConsoleContext();
  const workflows = await listWorkflowTree(workspace.id);
  const nodes = workflows.reduce((sum, workflow) => sum + workflow.nodes.length, 0);
  return (
    <div className="p-8">
      <EmptyState title={nodes ? "Open a node from the tree" : "Create your first batch sync node"}>
        {nodes
          ? `${workflows.length} workflow${workflows.length === 1 ? "" : "s"} with ${nodes} node${nodes === 1 ? "" : "s"}. Pick a node on the left to configure it.`
          : "A batch sync node copies a MaxCompute table or partition into Hologres. Click New Batch Sync Node on the left: name it and choose the workflow it belongs to."}
      </EmptyState>
    </div>
  );
}
