import "server-only";
import { db } from "@/lib/db";
import { ConsoleError, isUniqueViolation } from "@/lib/console-error";
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
  runsWaiting: number;
  runsRunning: number;
};

function onlineSince(): Date {
  return new Date(Date.now() - workerTiming.onlineWindowMs);
}

export async function listResourceGroups(): Promise<ResourceGroupView[]> {
  const since = onlineSince();
  const [groups, counts] = await Promise.all([
    db.resourceGroup.findMany({
      orderBy: { name: "asc" },
      include: {
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
      runsWaiting: count("queued"),
      runsRunning: count("running"),
    };
  });
}

/** Name and slots of every group, for pickers (the wizard's Resource Group panel). */
export async function listResourceGroupOptions(): Promise<{ id: string; name: string; slots: number }[]> {
  return db.resourceGroup.findMany({ select: { id: true, name: true, slots: true }, orderBy: { name: "asc" } });
}

/** The group `npm start` serves with a worker and runs fall back to when a node names none. */
export async function ensureDefaultResourceGroup(): Promise<{ id: string; name: string }> {
  return db.resourceGroup.upsert({
    where: { name: defaultResourceGroupName },
    update: {},
    create: { name: defaultResourceGroupName, slots: 2, description: "Runs of nodes that name no resource group." },
    select: { id: true, name: true },
  });
}

export async function findResourceGroupByName(name: string): Promise<{ id: string; name: string; slots: number } | null> {
  return db.resourceGroup.findUnique({ where: { name }, select: { id: true, name: true, slots: true } });
}

export async function createResourceGroup(form: CreateResourceGroupForm): Promise<{ id: string }> {
  try {
    return await db.resourceGroup.create({
      data: { name: form.name, slots: form.slots, description: form.description },
      select: { id: true },
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ConsoleError("NAME_TAKEN", `A resource group named "${form.name}" already exists. Choose another name.`, "name");
    }
    throw error;
  }
}

export async function updateResourceGroup(form: UpdateResourceGroupForm): Promise<void> {
  const updated = await db.resourceGroup.updateMany({
    where: { id: form.id },
    data: { slots: form.slots, description: form.description },
  });
  if (updated.count === 0) throw new ConsoleError("NOT_FOUND", "This resource group does not exist.");
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
