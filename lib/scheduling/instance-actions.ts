import "server-only";
// What a person does to instances and nodes in Operation Center: Rerun, Rerun Downstream,
// Set to Succeeded, Stop, Freeze / Unfreeze an instance or a node, and Test (a test
// instance for a chosen business date). Every change is a conditional update that says
// which states it expects (lib/scheduling/README.md, the state table), so when two people
// act at once one wins and the other is told what the instance became meanwhile.
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { ConsoleError } from "@/lib/console-error";
import { requestRunStop } from "@/lib/data/runs";
import { isSyncError } from "@/lib/sync-engine/sync-error";
import type { Prisma } from "@/lib/generated/prisma/client";
import { instanceParameters, workspaceTimeZone } from "./instance-parameters";
import { displayStatusLabels, displayStatusOf, terminalInstanceStatuses, type InstanceStatusName } from "./instance-status";
import { releaseChildren } from "./instance-release";
import { nodeSchedulingSchema } from "./node-scheduling";
import { rerunRefusal, type RerunPolicy } from "./rerun-policy";
import { instancesOnDay } from "./scheduling-cycle";

type InstanceAction = {
  workspaceId: string;
  instanceId: string;
  /** The user name, as it is shown ("Stopped by admin"). */
  by: string;
  /** The scheduler's clock (tests set it): a rerun may start from this time on. */
  now: Date;
};

// An instance's start and end are its attempts' (the runs' wall-clock times), so the end a
// person gives it by Stop or Set to Succeeded is on the same clock, not the scheduler's.
const wallClock = () => new Date();

const instanceSelect = {
  id: true,
  status: true,
  frozen: true,
  dryRun: true,
  setSucceededBy: true,
  currentRunId: true,
  backfillId: true,
  currentRun: { select: { id: true, status: true } },
  node: { select: { name: true, deployedVersion: { select: { scheduling: true } } } },
} as const;

async function findInstance(workspaceId: string, instanceId: string) {
  const instance = await db.instance.findFirst({ where: { id: instanceId, workspaceId }, select: instanceSelect });
  if (!instance) throw new ConsoleError("NOT_FOUND", "This instance does not exist in the current workspace.");
  return instance;
}

/** What the instance is now, for a message after someone else acted first. */
async function nowItIs(instanceId: string): Promise<string> {
  const current = await db.instance.findUnique({ where: { id: instanceId }, select: { status: true, frozen: true, dryRun: true, setSucceededBy: true } });
  if (!current) return "it has been deleted";
  return `it is now ${displayStatusLabels[displayStatusOf(current)]}${current.frozen ? " (frozen)" : ""}`;
}

async function changedMeanwhile(instanceId: string, wanted: string): Promise<never> {
  throw new ConsoleError("CONFLICT", `Someone changed this instance at the same time: ${await nowItIs(instanceId)}, so it cannot be ${wanted}. Reload to see it.`);
}

/** The Rerun property of the node's production version; null when the node is not deployed. */
function rerunPolicyOf(node: { deployedVersion: { scheduling: unknown } | null }): RerunPolicy | null {
  if (!node.deployedVersion) return null;
  const parsed = nodeSchedulingSchema.safeParse(node.deployedVersion.scheduling);
  // A deployed version always passed Commit's checks; an unreadable one is refused like Disallow.
  return parsed.success ? parsed.data.rerun : "allDenied";
}

const activeRunStatuses = ["queued", "running"] as const;

/**
 * A backfill that ended failed is running again once one of its instances is rerun or set
 * to succeeded: the backfill tick ends it anew when its instances have (succeeded if they
 * all did). A stopped backfill stays stopped: Stop all was a person's choice.
 */
async function reopenBackfill(tx: Pick<Prisma.TransactionClient, "backfill">, backfillId: string | null): Promise<void> {
  if (!backfillId) return;
  await tx.backfill.updateMany({ where: { id: backfillId, status: "failed" }, data: { status: "running", endedAt: null } });
}

/**
 * Rerun: a succeeded or failed instance waits for the dispatcher again, from now, with its
 * auto reruns restored, as the Rerun property of the node's deployed version allows.
 */
export async function rerunInstance(input: InstanceAction): Promise<void> {
  const instance = await findInstance(input.workspaceId, input.instanceId);
  await db.$transaction((tx) => rerunInTransaction(tx, instance, input));
}

type Found = Awaited<ReturnType<typeof findInstance>>;

/** Rerun's rule and conditional update, on `client` (the database or a transaction), shared by Rerun and Rerun Downstream. */
async function rerunInTransaction(client: Pick<Prisma.TransactionClient, "instance" | "backfill">, instance: Found, input: InstanceAction): Promise<void> {
  const refusal = rerunRefusal(rerunPolicyOf(instance.node), instance.status);
  if (refusal) throw new ConsoleError("INVALID", refusal);
  if (instance.currentRun && (activeRunStatuses as readonly string[]).includes(instance.currentRun.status)) {
    throw new ConsoleError("INVALID", `Its last attempt (run ${instance.currentRun.id}) is still stopping. Rerun once it has ended.`);
  }
  const allowed: InstanceStatusName[] = rerunPolicyOf(instance.node) === "failureAllowed" ? ["failed"] : ["succeeded", "failed"];
  const updated = await client.instance.updateMany({
    where: {
      id: instance.id,
      status: { in: allowed },
      // The attempt it points at must have ended: a Stop still winding down would otherwise run beside the rerun.
      OR: [{ currentRunId: null }, { currentRun: { is: { status: { notIn: [...activeRunStatuses] } } } }],
    },
    data: { status: "waitingTime", notBefore: input.now, autoRerunsUsed: 0, setSucceededBy: null, message: null, startedAt: null, endedAt: null },
  });
  if (!updated.count) await changedMeanwhile(instance.id, "rerun");
  await reopenBackfill(client, instance.backfillId);
}

/** The instances downstream of one through same-cycle edges, each after all its parents (longest path first reached). */
async function sameCycleDescendants(instanceId: string): Promise<{ id: string; depth: number }[]> {
  // Depth is bounded: Commit refuses cycles, and no real DAG is 200 levels deep.
  return db.$queryRaw<{ id: string; depth: number }[]>`
    WITH RECURSIVE down(id, depth) AS (
      SELECT d."childId", 1 FROM "InstanceDependency" d WHERE d."parentId" = ${instanceId} AND d.kind = 'sameCycle'
      UNION
      SELECT d."childId", down.depth + 1 FROM down JOIN "InstanceDependency" d ON d."parentId" = down.id AND d.kind = 'sameCycle'
       WHERE down.depth < 200
    )
    SELECT id, max(depth)::int AS depth FROM down WHERE id <> ${instanceId} GROUP BY id ORDER BY max(depth), id`;
}

const resettable: InstanceStatusName[] = ["notRun", "waitingTime", "succeeded", "failed"];

const formatBizdate = (bizdate: string) => `${bizdate.slice(0, 4)}-${bizdate.slice(4, 6)}-${bizdate.slice(6, 8)}`;

/** Which descendants are running or waiting for resources, and what to do about them. */
function activeDescendantsMessage(busy: { status: InstanceStatusName; frozen: boolean; dryRun: boolean; setSucceededBy: string | null; bizdate: string; node: { name: string } }[]): string {
  const named = busy
    .slice(0, 5)
    .map((row) => `${row.node.name} ${formatBizdate(row.bizdate)} (${displayStatusLabels[displayStatusOf(row)]})`)
    .join(", ");
  const more = busy.length > 5 ? ` and ${busy.length - 5} more` : "";
  return busy.length === 1
    ? `Downstream instance ${named} is still active, and rerunning it now would run it twice at once: stop it first (Stop on its row, its page or in the DAG), then press Rerun Downstream again.`
    : `Downstream instances ${named}${more} are still active, and rerunning them now would run them twice at once: stop each of them first (Stop on its row, its page or in the DAG), then press Rerun Downstream again.`;
}

/**
 * Rerun Downstream (DataWorks' *Re-run downstream*): the instance is rerun as by Rerun, and
 * every instance downstream of it in the same cycle (same-cycle edges, transitively) is set
 * back to Not run, so each runs again once its parents have succeeded anew: the dispatcher's
 * parent gate gives the dependency order, and a parent that fails leaves its descendants
 * Not run. Refused, changing nothing, when the instance cannot be rerun, or a descendant is
 * running or waiting for resources (the message names it: stop it first), or was stopped
 * but its run is still ending, or its node disallows reruns. Frozen
 * descendants stay frozen. Returns how many descendants went back to Not run.
 */
export async function rerunInstanceDownstream(input: InstanceAction): Promise<{ descendants: number }> {
  const instance = await findInstance(input.workspaceId, input.instanceId);
  const descendants = await sameCycleDescendants(instance.id);
  const ids = descendants.map((row) => row.id);
  const rows = await db.instance.findMany({
    where: { id: { in: ids }, workspaceId: input.workspaceId },
    select: {
      id: true,
      status: true,
      frozen: true,
      dryRun: true,
      setSucceededBy: true,
      bizdate: true,
      currentRun: { select: { id: true, status: true } },
      node: { select: { name: true, deployedVersion: { select: { scheduling: true } } } },
    },
    // The refusals name descendants in a stable order (a CI run met them in another).
    orderBy: [{ node: { name: "asc" } }, { scheduledAt: "asc" }],
  });
  // DataWorks' forced rerun stops running descendants itself. Here Stop is asynchronous (the
  // worker cancels the run), so resetting at once would leave the old attempt running beside
  // the new one: the person stops them, and is told which.
  const busy = rows.filter((row) => !resettable.includes(row.status));
  if (busy.length) throw new ConsoleError("INVALID", activeDescendantsMessage(busy));
  const stopping = rows.filter((row) => row.currentRun && (activeRunStatuses as readonly string[]).includes(row.currentRun.status));
  if (stopping.length) {
    const named = stopping.slice(0, 5).map((row) => `${row.node.name} ${formatBizdate(row.bizdate)} (run ${row.currentRun!.id})`).join(", ");
    throw new ConsoleError("INVALID", `The last attempt of downstream ${stopping.length === 1 ? "instance" : "instances"} ${named} is still stopping: press Rerun Downstream again once it has ended (a few seconds).`);
  }
  // A succeeded descendant of an "upon failure only" node is rerun all the same: its input changed (DataWorks forces it too).
  const denied = rows.filter((row) => terminalInstanceStatuses.includes(row.status) && [null, "allDenied"].includes(rerunPolicyOf(row.node)));
  if (denied.length) {
    throw new ConsoleError("INVALID", `Downstream nodes cannot be rerun (Rerun property "Disallow Regardless of Running Status" or not deployed): ${denied.slice(0, 5).map((row) => row.node.name).join(", ")}.`);
  }
  await db.$transaction(async (tx) => {
    await rerunInTransaction(tx, instance, input);
    if (!ids.length) return;
    // The descendants go back to Not run from now; the ones that had not run keep their own time.
    const reset = await tx.$executeRaw`
      UPDATE "Instance" SET status = 'notRun',
             "notBefore" = CASE WHEN status IN ('succeeded', 'failed') THEN ${input.now} ELSE "notBefore" END,
             "autoRerunsUsed" = 0, "setSucceededBy" = NULL, message = NULL, "startedAt" = NULL, "endedAt" = NULL
       WHERE id = ANY(${ids}::text[]) AND status IN ('notRun', 'waitingTime', 'succeeded', 'failed')
         AND NOT EXISTS (SELECT 1 FROM "Run" r WHERE r.id = "Instance"."currentRunId" AND r.status IN ('queued', 'running'))`;
    if (reset !== ids.length) {
      throw new ConsoleError("CONFLICT", "A downstream instance started or changed at the same time: nothing was rerun. Reload and try again.");
    }
  });
  return { descendants: ids.length };
}

/**
 * Set to Succeeded: any state but Running becomes succeeded (what waits on it may go on).
 * An instance waiting for resources has its queued run cancelled in the same transaction;
 * if a worker claimed that run in between, nothing changes and the message says to stop it.
 */
export async function setInstanceSucceeded(input: InstanceAction): Promise<void> {
  const instance = await findInstance(input.workspaceId, input.instanceId);
  if (instance.status === "running") throw new ConsoleError("INVALID", "This instance is running: stop it first, then set it to succeeded.");
  if (instance.status === "succeeded") throw new ConsoleError("INVALID", "This instance has already succeeded.");
  const expected = instance.status;
  await db.$transaction(async (tx) => {
    const updated = await tx.instance.updateMany({
      where: { id: instance.id, status: expected, currentRunId: instance.currentRunId },
      // A frozen instance set to succeeded is no longer held: what waits on it may go on.
      data: { status: "succeeded", setSucceededBy: input.by, message: null, endedAt: wallClock(), frozen: false },
    });
    if (!updated.count) await changedMeanwhile(instance.id, "set to succeeded");
    await releaseChildren([instance.id], tx);
    await reopenBackfill(tx, instance.backfillId);
    if (expected === "waitingResources" && instance.currentRunId) {
      const cancelled = await tx.run.updateMany({
        where: { id: instance.currentRunId, status: "queued" },
        data: { status: "cancelled", cancelRequested: true, endedAt: wallClock(), errorCode: "CANCELLED", errorMessage: `Instance set to succeeded by ${input.by} before the run started.` },
      });
      if (!cancelled.count) {
        throw new ConsoleError("CONFLICT", "Its run started a moment ago: stop the instance first, then set it to succeeded.");
      }
      await tx.runLog.create({ data: { runId: instance.currentRunId, level: "warn", line: `Instance set to succeeded by ${input.by} while the run waited for resources.` } });
    }
  });
}

/**
 * Stop: an instance waiting for resources or running fails with "Stopped by <user>" and its
 * current run is stopped (a queued run at once, a running one within about a second). A
 * stopped instance is not auto-rerun: it is no longer waiting or running when its run ends.
 */
export async function stopInstance(input: InstanceAction): Promise<void> {
  const instance = await findInstance(input.workspaceId, input.instanceId);
  if (instance.status !== "waitingResources" && instance.status !== "running") {
    throw new ConsoleError("INVALID", `Only a running instance or one waiting for resources can be stopped; this one is ${displayStatusLabels[displayStatusOf(instance)]}.`);
  }
  const updated = await db.instance.updateMany({
    where: { id: instance.id, status: { in: ["waitingResources", "running"] } },
    data: { status: "failed", message: `Stopped by ${input.by}`, endedAt: wallClock() },
  });
  if (!updated.count) await changedMeanwhile(instance.id, "stopped");
  // Read after the update: the dispatcher may have given it a new run just before.
  const { currentRunId } = await db.instance.findUniqueOrThrow({ where: { id: instance.id }, select: { currentRunId: true } });
  if (!currentRunId) return;
  try {
    await requestRunStop(input.workspaceId, currentRunId, input.by);
  } catch (error) {
    // The run ended by itself in between: the instance is stopped all the same.
    if (!(error instanceof ConsoleError && error.code === "INVALID")) throw error;
  }
}

const freezable: InstanceStatusName[] = ["notRun", "waitingTime", "failed"];

/**
 * Freeze: an instance that has not started (or failed) waits, shown purple, until Unfreeze;
 * what waits on it stays blocked. Unfreeze lets it run when its time has come.
 */
export async function setInstanceFrozen(input: InstanceAction & { frozen: boolean }): Promise<void> {
  const instance = await findInstance(input.workspaceId, input.instanceId);
  if (instance.frozen === input.frozen) {
    throw new ConsoleError("INVALID", input.frozen ? "This instance is already frozen." : "This instance is not frozen.");
  }
  if (input.frozen && !freezable.includes(instance.status)) {
    throw new ConsoleError(
      "INVALID",
      instance.status === "succeeded"
        ? "This instance has succeeded: there is nothing left to freeze."
        : `This instance is ${displayStatusLabels[instance.status]}: stop it first, then freeze it.`,
    );
  }
  const updated = await db.instance.updateMany({
    where: { id: instance.id, frozen: !input.frozen, ...(input.frozen ? { status: { in: freezable } } : {}) },
    data: { frozen: input.frozen },
  });
  if (!updated.count) await changedMeanwhile(instance.id, input.frozen ? "frozen" : "unfrozen");
}

/**
 * Freeze a node (Auto Triggered Nodes > Freeze): instances generated from now on are frozen,
 * as with Recurrence Skip Execution; instances already generated keep running (DataWorks).
 */
export async function setNodeFrozen(input: { workspaceId: string; nodeId: string; frozen: boolean }): Promise<void> {
  const node = await db.syncNode.findFirst({ where: { id: input.nodeId, workflow: { workspaceId: input.workspaceId } }, select: { id: true, name: true, frozen: true } });
  if (!node) throw new ConsoleError("NOT_FOUND", "This node does not exist in the current workspace.");
  const updated = await db.syncNode.updateMany({ where: { id: node.id, frozen: !input.frozen }, data: { frozen: input.frozen } });
  if (!updated.count) {
    throw new ConsoleError("CONFLICT", input.frozen ? `Node "${node.name}" is already frozen.` : `Node "${node.name}" is not frozen.`);
  }
}

/** yyyymmdd or yyyy-MM-dd, a real calendar day. */
export function parseBusinessDate(text: string): { bizdate: string; day: Date } {
  const match = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text.trim());
  const day = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!match || !day || day.getUTCMonth() !== Number(match[2]) - 1 || day.getUTCDate() !== Number(match[3])) {
    throw new ConsoleError("INVALID", "Choose a business date as yyyy-MM-dd, such as 2026-11-29.", "bizdate");
  }
  return { bizdate: `${match[1]}${match[2]}${match[3]}`, day };
}

/**
 * Test: a test instance of a deployed node for a chosen business date. Its parameters are
 * those of the auto-triggered instance of that business date: bizdate as chosen, cyctime =
 * the next day at the node's cycle time (the first of the day for minute and hour cycles),
 * in the workspace's time zone. It waits for nothing but a slot: notBefore is now.
 */
export async function createTestInstance(input: { workspaceId: string; nodeId: string; bizdate: string; by: string; now: Date }): Promise<{ instanceId: string }> {
  const { bizdate, day } = parseBusinessDate(input.bizdate);
  const node = await db.syncNode.findFirst({
    where: { id: input.nodeId, workflow: { workspaceId: input.workspaceId } },
    select: { id: true, name: true, workflow: { select: { workspace: { select: { schedulingTimeZone: true } } } }, deployedVersion: { select: { scheduling: true, arguments: true } } },
  });
  if (!node) throw new ConsoleError("NOT_FOUND", "This node does not exist in the current workspace.");
  if (!node.deployedVersion) throw new ConsoleError("INVALID", `Node "${node.name}" is not deployed: commit and deploy it first; a test runs the production version.`);
  const scheduling = nodeSchedulingSchema.safeParse(node.deployedVersion.scheduling);
  if (!scheduling.success) throw new ConsoleError("INVALID", `The deployed version of "${node.name}" has no readable scheduling properties: commit and deploy it again.`);

  const timeZone = workspaceTimeZone(node.workflow.workspace);
  const nextDay = new Date(day.getTime() + 86_400_000).toISOString().slice(0, 10);
  const [first] = instancesOnDay(scheduling.data.cycle, nextDay, timeZone);
  let parameters: Record<string, string>;
  try {
    parameters = instanceParameters({ scheduledAt: first.at, timeZone, nodeArguments: node.deployedVersion.arguments, bizdate }).values;
  } catch (error) {
    if (isSyncError(error)) throw new ConsoleError("INVALID", `The node's arguments cannot be resolved for business date ${bizdate}: ${error.message}`, "bizdate");
    throw error;
  }
  const data: Prisma.InstanceUncheckedCreateInput = {
    workspaceId: input.workspaceId,
    nodeId: node.id,
    kind: "test",
    batch: randomUUID(),
    scheduledAt: first.at,
    bizdate,
    parameters,
    status: "waitingTime",
    notBefore: input.now,
    createdBy: input.by,
  };
  const created = await db.instance.create({ data, select: { id: true } });
  return { instanceId: created.id };
}
