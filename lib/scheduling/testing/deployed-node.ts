// Test helper: a node in production made directly in the database (a NodeVersion with
// deployedAt and SyncNode.deployedVersionId), so the scheduler's tests do not depend on
// Commit and Deploy.
import { db } from "@/lib/db";
import { ensureWorkspace } from "@/lib/data/workspaces";
import { emptyDependencies } from "../node-dependencies";
import type { NodeScheduling } from "../node-scheduling";

export const everyDayAt = (time: string): NodeScheduling => ({
  instanceGenerationMode: "nextDay",
  recurrence: "normal",
  cycle: { type: "day", time },
  validFrom: "1970-01-01",
  validTo: "9999-01-01",
  timeoutMinutes: null,
  rerun: "allAllowed",
  autoRerun: null,
  dependencies: emptyDependencies(),
});

/** A workspace with one workflow, for scheduler tests. */
export async function createSchedulingWorkspace(input: { name: string; timeZone: string; mode?: "basic" | "standard" }) {
  const workspace = await ensureWorkspace({ name: input.name, displayName: input.name, mode: input.mode ?? "standard", memberIds: [] });
  await db.workspace.update({ where: { id: workspace.id }, data: { schedulingTimeZone: input.timeZone } });
  const workflow = await db.workflow.create({ data: { workspaceId: workspace.id, name: "scheduled" }, select: { id: true } });
  return { workspaceId: workspace.id, workflowId: workflow.id };
}

/** Creates a node and deploys a version of it at `deployedAt` (the scheduler's clock). */
export async function createDeployedNode(input: {
  workflowId: string;
  name: string;
  scheduling: NodeScheduling;
  deployedAt: Date;
  jobSpec?: object;
  arguments?: string;
  resourceGroupId?: string | null;
  frozen?: boolean;
}): Promise<{ nodeId: string; versionId: string }> {
  const jobSpec = input.jobSpec ?? { type: "job", version: "2.0", steps: [], setting: {}, order: { hops: [] } };
  const node = await db.syncNode.create({
    data: {
      workflowId: input.workflowId,
      name: input.name,
      jobSpec,
      arguments: input.arguments ?? "",
      scheduling: input.scheduling,
      resourceGroupId: input.resourceGroupId ?? null,
      frozen: input.frozen ?? false,
    },
    select: { id: true },
  });
  const { versionId } = await deployVersion({ nodeId: node.id, ...input, jobSpec });
  return { nodeId: node.id, versionId };
}

/** Commits and deploys a new version of an existing node. */
export async function deployVersion(input: {
  nodeId: string;
  scheduling: NodeScheduling;
  deployedAt: Date;
  jobSpec?: object;
  arguments?: string;
  resourceGroupId?: string | null;
}): Promise<{ versionId: string }> {
  const node = await db.syncNode.findUniqueOrThrow({ where: { id: input.nodeId }, select: { jobSpec: true, resourceGroupId: true, arguments: true } });
  const last = await db.nodeVersion.findFirst({ where: { nodeId: input.nodeId }, orderBy: { version: "desc" }, select: { version: true } });
  const version = await db.nodeVersion.create({
    data: {
      nodeId: input.nodeId,
      version: (last?.version ?? 0) + 1,
      changeType: last ? "change" : "create",
      jobSpec: (input.jobSpec ?? node.jobSpec) as object,
      arguments: input.arguments ?? node.arguments,
      scheduling: input.scheduling,
      resourceGroupId: input.resourceGroupId === undefined ? node.resourceGroupId : input.resourceGroupId,
      committedBy: "tester",
      committedAt: input.deployedAt,
      deployedBy: "tester",
      deployedAt: input.deployedAt,
    },
    select: { id: true },
  });
  await db.syncNode.update({ where: { id: input.nodeId }, data: { deployedVersionId: version.id } });
  return { versionId: version.id };
}
