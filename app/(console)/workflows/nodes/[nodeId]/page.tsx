import { notFound } from "next/navigation";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { ConsoleError } from "@/lib/console-error";
import { listDataSources } from "@/lib/data/data-sources";
import { listMembers } from "@/lib/data/members";
import { listNodeCommits } from "@/lib/data/node-versions";
import { listResourceGroupOptions } from "@/lib/data/resource-groups";
import { getSyncNode } from "@/lib/data/workflows";
import { getWorkspaceScheduling } from "@/lib/data/workspaces";
import { deployedEdgeNodes } from "@/lib/scheduling/instance-edges";
import { versionStatus } from "@/lib/scheduling/commit-deploy";
import { formatDateTime } from "@/components/ui/format";
import { NodeWizard } from "@/components/wizard/node-wizard";

export default async function SyncNodePage({ params }: { params: Promise<{ nodeId: string }> }) {
  const { workspace } = await requireConsoleContext();
  const { nodeId } = await params;
  const node = await getSyncNode(workspace.id, nodeId).catch((error) => {
    if (error instanceof ConsoleError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const [dataSources, resourceGroups, commits, members, scheduling, deployed] = await Promise.all([
    listDataSources(workspace.id),
    listResourceGroupOptions(workspace.id),
    listNodeCommits(workspace.id, nodeId),
    listMembers(workspace.id),
    getWorkspaceScheduling(workspace.id),
    deployedEdgeNodes(workspace.id),
  ]);
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
        scheduling: node.scheduling,
        owner: node.owner,
        commits: commits.versions.map((version) => ({
          id: version.id,
          version: version.version,
          changeType: version.changeType,
          description: version.description,
          committedBy: version.committedBy,
          committedAt: formatDateTime(version.committedAt),
          deployedBy: version.deployedBy,
          deployedAt: version.deployedAt ? formatDateTime(version.deployedAt) : null,
          status: versionStatus(version, commits.deployedVersionId),
          content: { jobSpec: version.jobSpec, arguments: version.arguments, scheduling: version.scheduling, resourceGroup: version.resourceGroup },
        })),
      }}
      workspace={{
        mode: workspace.mode,
        name: workspace.name,
        deployedOutputs: deployed.map((other) => ({ id: other.id, name: other.name, outputs: [...other.outputs] })),
        timeZone: scheduling.timeZone, members: members.filter((member) => !member.disabled).map((member) => member.username) }}
      allSources={dataSources.map((s) => ({ name: s.name, type: s.type }))}
      holoSources={dataSources.filter((s) => s.type === "holo").map((s) => s.name)}
      resourceGroups={resourceGroups}
    />
  );
}
