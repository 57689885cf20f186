import "server-only";
import { db } from "@/lib/db";
import { ConsoleError, isUniqueViolation } from "@/lib/console-error";
import { lockObjectName, nameTakenError } from "@/lib/data/object-names";
import { defaultResourceGroupName, type CreateResourceGroupForm, type UpdateResourceGroupForm } from "@/lib/schemas/resource-group";
import { workerTiming } from "@/lib/worker/worker-timing";

export type WorkerView = { id: string; hostname: string; pid: number; startedAt: Date; lastHeartbeatAt: Date; secondsSinceHeartbeat: number; online: boolean };

export type ResourceGroupView = {
  id: string;
  name: string;
  slots: number;
  description: string;
  createdAt: Date;
  workers: WorkerView[];
  workersOnline: number;
  /** The workspaces bound to the group. */
  workspaces: { id: string; displayName: string }[];
  runsWaiting: number;
  runsRunning: number;
};

function onlineSince(): Date {
  return new Date(Date.now() - workerTiming.onlineWindowMs);
}

/** Groups bound to a workspace; null: every group (for console administrators). */
function boundTo(workspaceId: string | null) {
  return workspaceId ? { workspaces: { some: { workspaceId } } } : {};
}

/**
 * The resource groups of a workspace's Resource Groups page. Console administrators see
 * every group (`workspaceId: null`), each with the workspaces bound to it.
 */
export async function listResourceGroups(input: { workspaceId: string | null }): Promise<ResourceGroupView[]> {
  const since = onlineSince();
  const [groups, counts] = await Promise.all([
    db.resourceGroup.findMany({
      where: boundTo(input.workspaceId),
      orderBy: { name: "asc" },
      include: {
        workspaces: { select: { workspace: { select: { id: true, displayName: true } } }, orderBy: { workspace: { name: "asc" } } },
        // Workers that stopped cleanly or went silent an hour ago are history, not news.
        workers: {
          where: { stoppedAt: null, lastHeartbeatAt: { gte: new Date(Date.now() - 3_600_000) } },
          orderBy: { startedAt: "asc" },
        },
      },
    }),
    db.run.groupBy({ by: ["resourceGroupId", "status"], where: { status: { in: ["queued", "running"] } }, _count: true }),
  ]);
  return groups.map((group) => {
    const workers = group.workers.map((worker) => ({
      id: worker.id,
      hostname: worker.hostname,
      pid: worker.pid,
      startedAt: worker.startedAt,
      lastHeartbeatAt: worker.lastHeartbeatAt,
      secondsSinceHeartbeat: Math.max(0, Math.round((Date.now() - worker.lastHeartbeatAt.getTime()) / 1000)),
      online: worker.lastHeartbeatAt >= since,
    }));
    const count = (status: "queued" | "running") =>
      counts.find((row) => row.resourceGroupId === group.id && row.status === status)?._count ?? 0;
    return {
      id: group.id,
      name: group.name,
      slots: group.slots,
      description: group.description,
      createdAt: group.createdAt,
      workers,
      workersOnline: workers.filter((worker) => worker.online).length,
      workspaces: group.workspaces.map((binding) => binding.workspace),
      runsWaiting: count("queued"),
      runsRunning: count("running"),
    };
  });
}

/** Name and slots of the groups a workspace may use, for pickers (the wizard's Resource Group panel). */
export async function listResourceGroupOptions(workspaceId: string): Promise<{ id: string; name: string; slots: number }[]> {
  return db.resourceGroup.findMany({ where: boundTo(workspaceId), select: { id: true, name: true, slots: true }, orderBy: { name: "asc" } });
}

/**
 * The group `npm start` serves with a worker and runs fall back to when a node names none.
 * `bindTo` binds it to workspaces (the demo workspace), as a fresh console's only group.
 */
export async function ensureDefaultResourceGroup(options: { bindTo?: string[] } = {}): Promise<{ id: string; name: string }> {
  const group = await db.resourceGroup.upsert({
    where: { name: defaultResourceGroupName },
    update: {},
    create: { name: defaultResourceGroupName, slots: 2, description: "Runs of nodes that name no resource group." },
    select: { id: true, name: true },
  });
  if (options.bindTo?.length) {
    await db.resourceGroupBinding.createMany({
      data: options.bindTo.map((workspaceId) => ({ resourceGroupId: group.id, workspaceId })),
      skipDuplicates: true,
    });
  }
  return group;
}

/**
 * The group a run of the workspace goes to: the node's group, or `default` when the node
 * names none; refused when the workspace is not bound to it, so a member cannot use (and
 * fill the slots of) another workspace's group.
 */
export async function resourceGroupForRun(input: { workspaceId: string; resourceGroupId: string | null }): Promise<{ id: string; name: string }> {
  const group = input.resourceGroupId
    ? await db.resourceGroup.findUnique({ where: { id: input.resourceGroupId }, select: { id: true, name: true } })
    : await db.resourceGroup.findUnique({ where: { name: defaultResourceGroupName }, select: { id: true, name: true } });
  if (!group) {
    throw new ConsoleError(
      "CONFIG_ERROR",
      input.resourceGroupId
        ? "The node's resource group no longer exists. Choose another one in the Resource Group panel."
        : `The node names no resource group and there is no "${defaultResourceGroupName}" group. Choose a resource group in the Resource Group panel.`,
      "resourceGroupId",
    );
  }
  await assertGroupBoundToWorkspace({ resourceGroupId: group.id, workspaceId: input.workspaceId, groupName: group.name });
  return group;
}

async function assertGroupBoundToWorkspace(input: { resourceGroupId: string; workspaceId: string; groupName: string }): Promise<void> {
  const bound = await db.resourceGroupBinding.count({ where: { resourceGroupId: input.resourceGroupId, workspaceId: input.workspaceId } });
  if (!bound) {
    throw new ConsoleError(
      "FORBIDDEN",
      `This workspace may not use resource group "${input.groupName}". Choose a group of this workspace, or ask a console administrator to bind "${input.groupName}" to it.`,
      "resourceGroupId",
    );
  }
}

/** Refuses a group the workspace is not bound to (the node's Save, connectivity checks). */
export async function checkResourceGroupOfWorkspace(input: { workspaceId: string; resourceGroupId: string }): Promise<void> {
  const group = await db.resourceGroup.findUnique({ where: { id: input.resourceGroupId }, select: { name: true } });
  if (!group) throw new ConsoleError("NOT_FOUND", "The chosen resource group no longer exists. Choose another.", "resourceGroupId");
  await assertGroupBoundToWorkspace({ ...input, groupName: group.name });
}

/** Binds a workspace to the `default` group when it exists (a new workspace can run at once). */
export async function bindDefaultResourceGroup(workspaceId: string): Promise<void> {
  const group = await db.resourceGroup.findUnique({ where: { name: defaultResourceGroupName }, select: { id: true } });
  if (group) await db.resourceGroupBinding.createMany({ data: [{ resourceGroupId: group.id, workspaceId }], skipDuplicates: true });
}

export async function findResourceGroupByName(name: string): Promise<{ id: string; name: string; slots: number } | null> {
  return db.resourceGroup.findUnique({ where: { name }, select: { id: true, name: true, slots: true } });
}

export async function createResourceGroup(form: CreateResourceGroupForm): Promise<{ id: string }> {
  try {
    return await db.$transaction(async (tx) => {
      // Group names are unique across the console (workers start with --group NAME).
      await lockObjectName(tx, { scope: "resource-group", name: form.name });
      const [clash] = await tx.$queryRaw<{ name: string }[]>`SELECT name FROM "ResourceGroup" WHERE lower(name) = lower(${form.name}) LIMIT 1`;
      if (clash) throw nameTakenError({ kind: "resource group", wanted: form.name, existing: clash.name });
      return tx.resourceGroup.create({
        data: {
          name: form.name,
          slots: form.slots,
          description: form.description,
          workspaces: { create: form.workspaceIds.map((workspaceId) => ({ workspaceId })) },
        },
        select: { id: true },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTakenError({ kind: "resource group", wanted: form.name, existing: form.name });
    throw error;
  }
}

export async function updateResourceGroup(form: UpdateResourceGroupForm): Promise<void> {
  await db.$transaction(async (tx) => {
    const updated = await tx.resourceGroup.updateMany({
      where: { id: form.id },
      data: { slots: form.slots, description: form.description },
    });
    if (updated.count === 0) throw new ConsoleError("NOT_FOUND", "This resource group does not exist.");
    // Unbinding stops new runs of that workspace on the group; its queued and running runs go on.
    await tx.resourceGroupBinding.deleteMany({ where: { resourceGroupId: form.id, workspaceId: { notIn: form.workspaceIds } } });
    await tx.resourceGroupBinding.createMany({
      data: form.workspaceIds.map((workspaceId) => ({ resourceGroupId: form.id, workspaceId })),
      skipDuplicates: true,
    });
  });
}

export type ConnectivityCheckView = {
  id: string;
  status: "pending" | "claimed" | "answered";
  ok: boolean | null;
  message: string | null;
  workerHost: string | null;
  requestedAt: Date;
  answeredAt: Date | null;
};

/**
 * Queues a connectivity check that one of the group's workers runs from its own machine.
 * Refused when no worker of the group is online: nobody would answer.
 */
export async function requestConnectivityCheck(input: {
  workspaceId: string;
  resourceGroupId: string;
  dataSourceId: string;
}): Promise<{ id: string }> {
  const group = await db.resourceGroup.findUnique({ where: { id: input.resourceGroupId }, select: { name: true } });
  if (!group) throw new ConsoleError("NOT_FOUND", "This resource group does not exist.");
  await assertGroupBoundToWorkspace({ resourceGroupId: input.resourceGroupId, workspaceId: input.workspaceId, groupName: group.name });
  const source = await db.dataSource.findFirst({ where: { id: input.dataSourceId, workspaceId: input.workspaceId }, select: { id: true } });
  if (!source) throw new ConsoleError("NOT_FOUND", "This data source does not exist in the current workspace.", "dataSourceId");
  const online = await db.worker.count({
    where: { resourceGroupId: input.resourceGroupId, stoppedAt: null, lastHeartbeatAt: { gte: onlineSince() } },
  });
  if (online === 0) {
    throw new ConsoleError(
      "CONFIG_ERROR",
      `No worker of resource group "${group.name}" is online, so the check cannot run from it. Start one with: npm run worker -- --group ${group.name}`,
    );
  }
  return db.connectivityCheck.create({ data: input, select: { id: true } });
}

export async function getConnectivityCheck(id: string): Promise<ConnectivityCheckView | null> {
  const check = await db.connectivityCheck.findUnique({ where: { id } });
  if (!check) return null;
  const worker = check.workerId
    ? await db.worker.findUnique({ where: { id: check.workerId }, select: { hostname: true, pid: true } })
    : null;
  return {
    id: check.id,
    status: check.status,
    ok: check.ok,
    message: check.message,
    workerHost: worker ? `${worker.hostname} (pid ${worker.pid})` : null,
    requestedAt: check.requestedAt,
    answeredAt: check.answeredAt,
  };
}

/** A check nobody answered in time is closed, so a worker that comes up later does not run it. */
export async function abandonConnectivityCheck(id: string): Promise<void> {
  await db.connectivityCheck.updateMany({
    where: { id, status: { not: "answered" } },
    data: { status: "answered", ok: false, message: "No worker answered in time.", answeredAt: new Date() },
  });
}
