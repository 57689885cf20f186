import { notFound } from "next/navigation";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { ConsoleError } from "@/lib/console-error";
import { listDataSources } from "@/lib/data/data-sources";
import { listResourceGroupOptions } from "@/lib/data/resource-groups";
import { getSyncNode } from "@/lib/data/workflows";
import { formatDateTime } from "@/components/ui/format";
import { NodeWizard } from "@/components/wizard/node-wizard";

export default async function SyncNodePage({ params }: { params: Promise<{ nodeId: string }> }) {
  const { workspace } = await requireConsoleContext();
  const { nodeId } = await params;
  const node = await getSyncNode(workspace.id, nodeId).catch((error) => {
    if (error instanceof ConsoleError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const [dataSources, resourceGroups] = await Promise.all([listDataSources(workspace.id), listResourceGroupOptions(workspace.id)]);
  return (
    <NodeWizard
      key={node.id}
      node={{
        id: node.id,
        name: node.name,
        workflowName: node.workflow.name,
        jobSpec: node.jobSpec,
        arguments: node.arguments,
        resourceGroupId: node.resourceGroupId,
        version: node.versions[0]?.version ?? null,
        versions: node.versions.map((version) => ({ ...version, savedAt: formatDateTime(version.savedAt) })),
      }}
      allSources={dataSources.map((s) => ({ name: s.name, type: s.type }))}
      holoSources={dataSources.filter((s) => s.type === "holo").map((s) => s.name)}
      resourceGroups={resourceGroups}
    />
  );
}
