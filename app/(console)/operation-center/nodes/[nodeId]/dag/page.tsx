import { notFound } from "next/navigation";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { ConsoleError } from "@/lib/console-error";
import { readNodeDag } from "@/lib/data/node-dag";
import { NodeDagView } from "@/components/dag/node-dag-view";

export const metadata = { title: "Node DAG" };

export default async function NodeDagPage({ params }: { params: Promise<{ nodeId: string }> }) {
  const { workspace } = await requireConsoleContext();
  const { nodeId } = await params;
  const dag = await readNodeDag({ workspaceId: workspace.id, nodeId }).catch((error: unknown) => {
    if (error instanceof ConsoleError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  return <NodeDagView initial={dag} />;
}
