import { requireConsoleContext } from "@/lib/auth/current-user";
import { listWorkflowTree } from "@/lib/data/workflows";
import { WorkflowTree } from "@/components/workflows/workflow-tree";

export default async function WorkflowsLayout({ children }: { children: React.ReactNode }) {
  const { workspace } = await requireConsoleContext();
  const workflows = await listWorkflowTree(workspace.id);
  return (
    <div className="flex h-full">
      <aside className="w-64 shrink-0 border-r border-slate-200 bg-white">
        <WorkflowTree workflows={workflows} />
      </aside>
      <div className="min-w-0 flex-1 overflow-y-auto">{children}</div>
    </div>
  );
}
