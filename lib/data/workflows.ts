import "server-only";
import { lockWorkspaceDependencies, refuseIfDependedOn } from "@/lib/data/node-dependents";
import { db } from "@/lib/db";
import { dataSourceProblemsInWorkspace } from "@/lib/data/data-sources";
import { checkResourceGroupOfWorkspace } from "@/lib/data/resource-groups";
import { ConsoleError, isUniqueViolation } from "@/lib/console-error";
import { lockObjectName, nameTakenError } from "@/lib/data/object-names";
import type { Prisma } from "@/lib/generated/prisma/client";
import { dataSourceNamesOf, emptyJobSpec } from "@/lib/job-spec-draft";
import { safeParseJobSpec } from "@/lib/sync-engine/job-spec";
import { failExpiredRuns } from "@/lib/worker/run-queue";
import type { CreateSyncNodeForm, WorkflowForm } from "@/lib/schemas/workflow";
import { defaultNodeScheduling, nodeSchedulingOrDefault, type NodeScheduling } from "@/lib/scheduling/node-scheduling";

export type WorkflowTree = {
  id: string;
  name: string;
  description: string;
  nodes: { id: string; name: string; type: string; updatedAt: Date }[];
}[];

export async function listWorkflowTree(workspaceId: string): Promise<WorkflowTree> {
  return db.workflow.findMany({
    where: { workspaceId },
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      description: true,
      nodes: { select: { id: true, name: true, type: true, updatedAt: true }, orderBy: { name: "asc" } },
    },
  });
}

function workflowNameTaken(name: string, existing = name) {
  return nameTakenError({ kind: "workflow", wanted: name, existing, where: " in this workspace" });
}

/** Refuses a workflow name the workspace already has, compared without case. */
async function claimWorkflowName(tx: Prisma.TransactionClient, input: { workspaceId: string; name: string; except?: string }) {
  await lockObjectName(tx, { scope: `workflow:${input.workspaceId}`, name: input.name });
  const [clash] = await tx.$queryRaw<{ name: string }[]>`
    SELECT name FROM "Workflow"
    WHERE "workspaceId" = ${input.workspaceId} AND lower(name) = lower(${input.name}) AND id <> ${input.except ?? ""}
    LIMIT 1`;
  if (clash) throw workflowNameTaken(input.name, clash.name);
}

export async function createWorkflow(workspaceId: string, form: WorkflowForm): Promise<{ id: string }> {
  try {
    return await db.$transaction(async (tx) => {
      await claimWorkflowName(tx, { workspaceId, name: form.name });
      return tx.workflow.create({
        data: { workspaceId, name: form.name, description: form.description },
        select: { id: true },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw workflowNameTaken(form.name);
    throw error;
  }
}

async function workflowInWorkspace(workspaceId: string, id: string) {
  const workflow = await db.workflow.findFirst({ where: { id, workspaceId }, include: { _count: { select: { nodes: true } } } });
  if (!workflow) throw new ConsoleError("NOT_FOUND", "This workflow does not exist in the current workspace.");
  return workflow;
}

export async function renameWorkflow(workspaceId: string, id: string, form: WorkflowForm): Promise<void> {
  await workflowInWorkspace(workspaceId, id);
  try {
    await db.$transaction(async (tx) => {
      await claimWorkflowName(tx, { workspaceId, name: form.name, except: id });
      await tx.workflow.update({ where: { id }, data: { name: form.name, description: form.description } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw workflowNameTaken(form.name);
    throw error;
  }
}

export async function describeWorkflowContents(workspaceId: string, id: string) {
  const workflow = await workflowInWorkspace(workspaceId, id);
  const runs = await db.run.count({ where: { node: { workflowId: id } } });
  return { name: workflow.name, nodes: workflow._count.nodes, runs };
}

/** Deletes a workflow with its nodes and their run history. */
export async function deleteWorkflow(workspaceId: string, id: string): Promise<void> {
  await workflowInWorkspace(workspaceId, id);
  const active = await db.run.count({ where: { node: { workflowId: id }, status: { in: ["queued", "running"] } } });
  if (active) {
    throw new ConsoleError("IN_USE", `This workflow has ${active} queued or running run(s). Stop them first.`);
  }
  // Under the workspace's dependency lock, so a commit cannot make a node depend on one of
  // these between the check and the delete.
  await db.$transaction(
    async (tx) => {
      await lockWorkspaceDependencies(tx, workspaceId);
      const nodes = await tx.syncNode.findMany({ where: { workflowId: id }, select: { id: true } });
      await refuseIfDependedOn({ tx, workspaceId, nodeIds: nodes.map((node) => node.id), what: "This workflow", action: "removed" });
      await tx.workflow.delete({ where: { id } });
    },
    { timeout: 60_000 },
  );
}

/**
 * Node names are unique in the workspace, not only in their workflow, compared without
 * case: a node's output is named `<workspace>.<node name>` (DESIGN.md), so two nodes of one
 * workspace with one name would give one output two producers.
 */
async function claimNodeName(tx: Prisma.TransactionClient, input: { workspaceId: string; workflowId: string; name: string }) {
  await lockObjectName(tx, { scope: `node:${input.workspaceId}`, name: input.name });
  const [clash] = await tx.$queryRaw<{ name: string; workflowId: string; workflowName: string }[]>`
    SELECT n.name, n."workflowId", w.name AS "workflowName"
    FROM "SyncNode" n JOIN "Workflow" w ON w.id = n."workflowId"
    WHERE w."workspaceId" = ${input.workspaceId} AND lower(n.name) = lower(${input.name})
    LIMIT 1`;
  if (clash) {
    const sameWorkflow = clash.workflowId === input.workflowId;
    throw nameTakenError({
      kind: "node",
      wanted: input.name,
      existing: clash.name,
      where: sameWorkflow ? " in this workflow" : ` in workflow "${clash.workflowName}"`,
      scope: sameWorkflow ? undefined : "node names are unique in the workspace",
    });
  }
}

export async function createSyncNode(
  workspaceId: string,
  form: CreateSyncNodeForm,
  savedBy: string,
): Promise<{ id: string }> {
  await workflowInWorkspace(workspaceId, form.workflowId);
  // Plain JSON: Prisma types JSON columns structurally, the draft types are looser.
  const spec = emptyJobSpec() as object;
  const { schedulingDefaults } = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { schedulingDefaults: true } });
  const scheduling = defaultNodeScheduling(schedulingDefaults);
  try {
    return await db.$transaction(async (tx) => {
      await claimNodeName(tx, { workspaceId, workflowId: form.workflowId, name: form.name });
      return tx.syncNode.create({
        data: {
          workflowId: form.workflowId,
          name: form.name,
          type: form.nodeType,
          jobSpec: spec,
          dataSourceNames: dataSourceNamesOf(spec),
          scheduling,
          owner: savedBy,
          versions: { create: { version: 1, jobSpec: spec, scheduling, savedBy } },
        },
        select: { id: true },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw nameTakenError({ kind: "node", wanted: form.name, existing: form.name, where: " in this workflow" });
    }
    throw error;
  }
}

export type SyncNodeView = {
  id: string;
  name: string;
  type: string;
  workflow: { id: string; name: string };
  jobSpec: unknown;
  arguments: string;
  resourceGroupId: string | null;
  /** The draft scheduling properties (defaults for a node saved before they existed). */
  scheduling: NodeScheduling;
  owner: string;
  deployedVersionId: string | null;
  createdAt: Date;
  updatedAt: Date;
  versions: { version: number; savedBy: string; savedAt: Date }[];
};

export async function getSyncNode(workspaceId: string, id: string): Promise<SyncNodeView> {
  const node = await db.syncNode.findFirst({
    where: { id, workflow: { workspaceId } },
    select: {
      id: true,
      name: true,
      type: true,
      jobSpec: true,
      arguments: true,
      resourceGroupId: true,
      scheduling: true,
      owner: true,
      deployedVersionId: true,
      createdAt: true,
      updatedAt: true,
      workflow: { select: { id: true, name: true, workspace: { select: { schedulingDefaults: true } } } },
      versions: { select: { version: true, savedBy: true, savedAt: true }, orderBy: { version: "desc" }, take: 20 },
    },
  });
  if (!node) throw new ConsoleError("NOT_FOUND", "This node does not exist in the current workspace.");
  const { workflow, scheduling, ...rest } = node;
  return { ...rest, workflow: { id: workflow.id, name: workflow.name }, scheduling: nodeSchedulingOrDefault(scheduling, workflow.workspace.schedulingDefaults) };
}

export async function deleteSyncNode(workspaceId: string, id: string): Promise<void> {
  const node = await db.syncNode.findFirst({ where: { id, workflow: { workspaceId } } });
  if (!node) throw new ConsoleError("NOT_FOUND", "This node does not exist in the current workspace.");
  const active = await db.run.count({ where: { nodeId: id, status: { in: ["queued", "running"] } } });
  if (active) throw new ConsoleError("IN_USE", "This node has a queued or running run. Stop it first.");
  await db.$transaction(
    async (tx) => {
      await lockWorkspaceDependencies(tx, workspaceId);
      await refuseIfDependedOn({ tx, workspaceId, nodeIds: [id], what: `Node "${node.name}"`, action: "removed" });
      await tx.syncNode.delete({ where: { id } });
    },
    { timeout: 60_000 },
  );
}

/** A saved version: its number, who saved it and when. */
export type SavedVersion = { version: number; savedBy: string; savedAt: Date };

// "2026-11-30 18:02" in the server's time zone, as the node page lists versions.
const minuteFormat = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const formatMinute = (date: Date) => minuteFormat.format(date).replace(",", "");

/**
 * The refusal of a save based on an older version than the newest. Its field is
 * `baseVersion`, which the wizard reads as "someone saved after you opened this node".
 */
function saveConflict(latest: SavedVersion): ConsoleError {
  return new ConsoleError("CONFLICT", describeNewerVersion(latest), "baseVersion");
}

/** What an editor based on an older version is told about the newest one. */
export function describeNewerVersion(latest: SavedVersion): string {
  return `Version ${latest.version} was saved by ${latest.savedBy} at ${formatMinute(latest.savedAt)} after you opened this node. Reload to see it, or compare.`;
}

/**
 * Refuses a job spec the engine would refuse: it is checked with the engine's own schema,
 * where only the parts not filled in yet (data sources, tables, columns) may be missing,
 * and its data sources must exist in the workspace with the type of their step.
 */
async function checkSavableJobSpec(workspaceId: string, jobSpec: Record<string, unknown>): Promise<void> {
  const parsed = safeParseJobSpec(jobSpec, { allowIncomplete: true });
  const problems = parsed.ok ? await dataSourceProblemsInWorkspace(workspaceId, jobSpec) : parsed.issues;
  if (problems.length) {
    throw new ConsoleError(
      "INVALID",
      `Not saved: ${problems.map((issue) => `${issue.path}: ${issue.message}`).join("; ")}.`,
      "jobSpec",
    );
  }
}

/**
 * Saves the node's configuration and records it as a new version (who, when). The save
 * says which version it was based on (`baseVersion`, null for a node never saved): when
 * someone saved a newer one since, it is refused with who and when, so nobody overwrites
 * a save they have not seen. The node's row is locked while the newest version is read
 * and the next one written, so two saves on the same base cannot both pass.
 */
export async function saveSyncNode(
  workspaceId: string,
  input: {
    nodeId: string;
    baseVersion: number | null;
    jobSpec: Record<string, unknown>;
    arguments: string;
    resourceGroupId: string | null;
    /** Absent: the node keeps its scheduling properties (checked with nodeSchedulingSchema by the caller). */
    scheduling?: NodeScheduling;
    /** Absent: the node keeps its owner. */
    owner?: string;
  },
  savedBy: string,
): Promise<SavedVersion> {
  const node = await db.syncNode.findFirst({ where: { id: input.nodeId, workflow: { workspaceId } } });
  if (!node) throw new ConsoleError("NOT_FOUND", "This node does not exist in the current workspace.");
  if (input.resourceGroupId) await checkResourceGroupOfWorkspace({ workspaceId, resourceGroupId: input.resourceGroupId });
  if (input.owner !== undefined && input.owner !== node.owner) await checkOwnerIsMember(workspaceId, input.owner);
  await checkSavableJobSpec(workspaceId, input.jobSpec);
  const jobSpec = input.jobSpec as object;
  const scheduling = (input.scheduling ?? node.scheduling) as object;
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "SyncNode" WHERE id = ${node.id} FOR UPDATE`;
    const latest = await tx.syncNodeVersion.findFirst({
      where: { nodeId: node.id },
      orderBy: { version: "desc" },
      select: { version: true, savedBy: true, savedAt: true },
    });
    if (latest && latest.version !== input.baseVersion) throw saveConflict(latest);
    const version = (latest?.version ?? 0) + 1;
    await tx.syncNode.update({
      where: { id: node.id },
      data: {
        jobSpec,
        dataSourceNames: dataSourceNamesOf(jobSpec),
        arguments: input.arguments,
        resourceGroupId: input.resourceGroupId,
        scheduling,
        ...(input.owner !== undefined ? { owner: input.owner } : {}),
      },
    });
    return tx.syncNodeVersion.create({
      data: { nodeId: node.id, version, jobSpec, arguments: input.arguments, scheduling, savedBy },
      select: { version: true, savedBy: true, savedAt: true },
    });
  });
}

/** A node's Owner is one of the workspace's members (DataWorks: "reassigned to a workspace member"). */
async function checkOwnerIsMember(workspaceId: string, owner: string): Promise<void> {
  const member = await db.workspaceMember.findFirst({ where: { workspaceId, user: { username: owner, disabled: false } }, select: { userId: true } });
  if (!member) throw new ConsoleError("INVALID", `Owner: "${owner}" is not a member of this workspace. Choose a member, or add them on the Members page.`, "owner");
}

/** What the node holds now and which version that is, for the wizard's Compare. */
export async function getSavedSyncNode(
  workspaceId: string,
  nodeId: string,
): Promise<{ jobSpec: unknown; arguments: string; scheduling: unknown; resourceGroup: string | null; latest: SavedVersion | null }> {
  const node = await db.syncNode.findFirst({
    where: { id: nodeId, workflow: { workspaceId } },
    select: {
      jobSpec: true,
      arguments: true,
      scheduling: true,
      resourceGroup: { select: { name: true } },
      versions: { select: { version: true, savedBy: true, savedAt: true }, orderBy: { version: "desc" }, take: 1 },
    },
  });
  if (!node) throw new ConsoleError("NOT_FOUND", "This node does not exist in the current workspace.");
  return { jobSpec: node.jobSpec, arguments: node.arguments, scheduling: node.scheduling, resourceGroup: node.resourceGroup?.name ?? null, latest: node.versions[0] ?? null };
}

/** The node's queued or running run, if any (the wizard's Stop acts on it). */
export async function findActiveRunOfNode(workspaceId: string, nodeId: string) {
  // A run whose worker died must not look "running" here: fail expired leases first.
  await failExpiredRuns();
  return db.run.findFirst({
    where: { nodeId, node: { workflow: { workspaceId } }, status: { in: ["queued", "running"] } },
    select: { id: true, status: true, submittedAt: true },
    orderBy: { submittedAt: "desc" },
  });
}
