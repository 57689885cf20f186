import { notFound } from "next/navigation";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { ConsoleError } from "@/lib/console-error";
import { getSyncNode } from "@/lib/data/workflows";
import { formatDateTime } from "@/components/ui/format";
import { NodeFrame } from "@/components/workflows/node-frame";

export default async function SyncNodePage({ params }: { params: Promise<{ nodeId: string }> }) {
  const { workspace } = await requireConsoleContext();
  const { nodeId } = await params;
  const node = await getSyncNode(workspace.id, nodeId).catch((error) => {
    if (error instanceof ConsoleError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  return (
    <NodeFrame
      node={{
        name: node.name,
        workflowName: node.workflow.name,
        jobSpec: node.jobSpec,
        arguments: node.arguments,
        resourceGroupName: null,
        versions: node.versions.map((version) => ({ ...version, savedAt: formatDateTime(version.savedAt) })),
      }}
    />
  );
}
