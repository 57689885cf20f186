import "server-only";
// Data Backfill: instances of kind backfill for chosen business dates, released to the
// dispatcher date by date. A backfill's instances are all made when it is created (one
// transaction, so a crash makes all or none) and are held until their date is released:
// held = status notRun with notBefore = heldUntil (year 9999), which the dispatcher never
// reaches. The backfill tick (scheduler loop) releases dates in the chosen order while
// fewer than `parallelism` dates are unfinished, by a conditional update of held rows with
// the backfill row locked, so a tick repeated after a crash or raced by a second scheduler
// releases nothing twice. Facts: shared/notes/dataworks-scheduling-facts.md 3.3 and 5.
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { ConsoleError } from "@/lib/console-error";
import { Prisma } from "@/lib/generated/prisma/client";
import { isSyncError } from "@/lib/sync-engine/sync-error";
import { backfillBusinessDates, backfillCrossCycleParents, backfillDatesToStart, backfillInstanceTimes, backfillRequestSchema, type BackfillRequest } from "./backfill-plan";
import type { SchedulerScope } from "./instance-generation";
import { instanceParameters, workspaceTimeZone } from "./instance-parameters";
import { deployedScheduling } from "./instance-plan";
import { stopInstance } from "./instance-actions";
import { listDescendantNodes } from "./node-descendants";
import { childrenOf, parentsOf } from "./dependency-graph";
import { sameCycleParents } from "./dependency-rules";
import { deployedEdgeNodes } from "./instance-edges";
import { heldUntil } from "./instance-release";

export { heldUntil };

/** A backfill makes at most this many instances: a 1,000-node DAG over 30 dates fits (the benchmark runs it); a minute node over 7 long ranges would make millions. */
export const maxBackfillInstances = 50_000;

export const excludedDryRunReason = "Excluded from the backfill";

const at = (date: Date) => Prisma.sql`${date.toISOString()}::timestamp`;
const compact = (date: string) => date.replaceAll("-", "");

export type CreateBackfillInput = {
  workspaceId: string;
  nodeId: string;
  /** Checked here with backfillRequestSchema (its field errors reach the form). */
  request: unknown;
  /** Descendants chosen not to run: their instances are dry runs (succeed at once, 0 s). */
  excludedNodeIds?: string[];
  name?: string;
  by: string;
  now: Date;
};

/** Creates a backfill and all its instances, held until the backfill tick releases their date. */
export async function createBackfill(input: CreateBackfillInput): Promise<{ backfillId: string; instances: number }> {
  const request: BackfillRequest = backfillRequestSchema.parse(input.request);
  const root = await db.syncNode.findFirst({
    where: { id: input.nodeId, workflow: { workspaceId: input.workspaceId } },
    select: { id: true, name: true, workflow: { select: { workspace: { select: { schedulingTimeZone: true } } } } },
  });
  if (!root) throw new ConsoleError("NOT_FOUND", "This node does not exist in the current workspace.");
  const timeZone = workspaceTimeZone(root.workflow.workspace);
  const descendants = request.scope === "currentAndDescendants" ? await listDescendantNodes({ workspaceId: input.workspaceId, nodeId: root.id }) : [];
  const excluded = new Set(input.excludedNodeIds ?? []);
  if (excluded.has(root.id)) throw new ConsoleError("INVALID", `The current node "${root.name}" cannot be excluded: it is what the backfill is for.`, "excludedNodeIds");
  const descendantIds = new Set(descendants.map((node) => node.id));
  const stray = [...excluded].filter((id) => !descendantIds.has(id));
  if (stray.length) {
    throw new ConsoleError("INVALID", `Only descendants of "${root.name}" can be excluded, and ${stray.length === 1 ? "one excluded node is" : `${stray.length} excluded nodes are`} not among them (the dependencies changed?): open the backfill dialog again.`, "excludedNodeIds");
  }

  const nodes = await db.syncNode.findMany({
    where: { id: { in: [root.id, ...descendants.map((node) => node.id)] } },
    select: { id: true, name: true, deployedVersion: { select: { scheduling: true, arguments: true } } },
  });
  const dates = backfillBusinessDates(request);
  const backfillId = randomUUID();
  const rows: Prisma.InstanceCreateManyInput[] = [];
  for (const node of nodes) {
    if (!node.deployedVersion) {
      throw new ConsoleError("INVALID", `Node "${node.name}" is not deployed: commit and deploy it first; a backfill runs the production version.`);
    }
    const scheduling = deployedScheduling(node.deployedVersion.scheduling);
    if (!scheduling) throw new ConsoleError("INVALID", `The deployed version of "${node.name}" has no readable scheduling properties: commit and deploy it again.`);
    for (const date of dates) {
      const bizdate = compact(date);
      for (const planned of backfillInstanceTimes({ cycle: scheduling.cycle, bizdate: date, timeZone, window: request.window })) {
        let parameters: Record<string, string>;
        try {
          parameters = instanceParameters({ scheduledAt: planned.at, timeZone, nodeArguments: node.deployedVersion.arguments, bizdate }).values;
        } catch (error) {
          if (isSyncError(error)) throw new ConsoleError("INVALID", `The arguments of "${node.name}" cannot be resolved for business date ${date}: ${error.message}`, "ranges");
          throw error;
        }
        const isExcluded = excluded.has(node.id);
        rows.push({
          id: randomUUID(),
          workspaceId: input.workspaceId,
          nodeId: node.id,
          kind: "backfill",
          batch: backfillId,
          backfillId,
          scheduledAt: planned.at,
          bizdate,
          parameters,
          status: "notRun",
          dryRun: planned.dryRun || isExcluded,
          dryRunReason: isExcluded ? excludedDryRunReason : planned.dryRun ? "Not a chosen day of the cycle" : null,
          notBefore: heldUntil,
          createdBy: input.by,
        });
        if (rows.length > maxBackfillInstances) {
          throw new ConsoleError("INVALID", `This backfill would make more than ${maxBackfillInstances.toLocaleString("en")} instances: choose fewer business dates or a narrower time window.`, "ranges");
        }
      }
    }
  }
  if (!rows.length) throw new ConsoleError("INVALID", "The time window leaves no instance of this node on the chosen business dates: widen the window.", "window");
  const edges = await backfillEdges(input.workspaceId, rows, dates.map(compact));

  const first = dates[0];
  const last = dates[dates.length - 1];
  const name = input.name?.trim() || `P_${root.name}_${compact(first < last ? first : last)}_${compact(first < last ? last : first)}`;
  await db.$transaction(
    async (tx) => {
      await tx.backfill.create({
        data: {
          id: backfillId,
          workspaceId: input.workspaceId,
          name,
          rootNodeId: root.id,
          scope: request.scope,
          request,
          dates: dates.map(compact),
          createdBy: input.by,
          createdAt: input.now,
        },
      });
      await insertBackfillInstances(tx, rows);
      await insertBackfillEdges(tx, edges);
    },
    // Tens of thousands of rows: longer than Prisma's 5 s default (a 1,000-node DAG over 30 dates takes seconds on a busy machine).
    { timeout: 10 * 60_000 },
  );
  return { backfillId, instances: rows.length };
}

/** Rows per INSERT: arrays of 5,000 values keep each statement well inside PostgreSQL's limits and fast. */
const insertBatch = 5_000;

// unnest arrays in batches, as the generator inserts auto instances: Prisma's createMany
// sends one bound parameter per value and took 15 s for 14,400 instances.
async function insertBackfillInstances(tx: Prisma.TransactionClient, rows: readonly Prisma.InstanceCreateManyInput[]): Promise<void> {
  for (let start = 0; start < rows.length; start += insertBatch) {
    const batch = rows.slice(start, start + insertBatch);
    const time = (value: string | Date) => new Date(value).toISOString();
    await tx.$executeRaw`
      INSERT INTO "Instance" (id, "workspaceId", "nodeId", kind, batch, "backfillId", "scheduledAt", bizdate, parameters, status,
                              "dryRun", "dryRunReason", "notBefore", "createdBy", "generatedAt")
      SELECT r.id, r."workspaceId", r."nodeId", 'backfill', r."backfillId", r."backfillId", r."scheduledAt", r.bizdate, r.parameters,
             'notRun', r."dryRun", r."dryRunReason", r."notBefore", r."createdBy", (now() AT TIME ZONE 'UTC')
        FROM unnest(${batch.map((r) => r.id)}::text[], ${batch.map((r) => r.workspaceId)}::text[], ${batch.map((r) => r.nodeId)}::text[],
                    ${batch.map((r) => r.backfillId)}::text[], ${batch.map((r) => time(r.scheduledAt))}::timestamp[], ${batch.map((r) => r.bizdate)}::text[],
                    ${batch.map((r) => JSON.stringify(r.parameters))}::jsonb[], ${batch.map((r) => r.dryRun ?? false)}::boolean[],
                    ${batch.map((r) => r.dryRunReason ?? null)}::text[], ${batch.map((r) => time(r.notBefore))}::timestamp[], ${batch.map((r) => r.createdBy)}::text[])
             AS r(id, "workspaceId", "nodeId", "backfillId", "scheduledAt", bizdate, parameters, "dryRun", "dryRunReason", "notBefore", "createdBy")`;
  }
}

async function insertBackfillEdges(tx: Prisma.TransactionClient, edges: readonly { childId: string; parentId: string; kind: "sameCycle" | "crossCycle" }[]): Promise<void> {
  for (let start = 0; start < edges.length; start += insertBatch) {
    const batch = edges.slice(start, start + insertBatch);
    await tx.$executeRaw`
      INSERT INTO "InstanceDependency" ("childId", "parentId", kind)
      SELECT e."childId", e."parentId", e.kind::"DependencyKind"
        FROM unnest(${batch.map((e) => e.childId)}::text[], ${batch.map((e) => e.parentId)}::text[], ${batch.map((e) => e.kind)}::text[]) AS e("childId", "parentId", kind)`;
  }
}

/**
 * The edges between a backfill's own instances. Same-cycle, business date by business
 * date: among the chosen nodes (excluded ones too: their dry runs pass the gate at once, so
 * a child of an excluded node still runs), each child instance waits for its parents'
 * instances of its date by the scheduling-time proximity rule, as auto instances do
 * (instance-edges.ts). Cross-cycle (self, first-level children, named nodes): the
 * waited-for node's instance just before in the backfill's order (backfillCrossCycleParents),
 * so a self-dependent node runs its dates one after another. Nothing outside the backfill
 * is waited for, as in DataWorks.
 */
async function backfillEdges(workspaceId: string, rows: readonly Prisma.InstanceCreateManyInput[], dates: readonly string[]): Promise<{ childId: string; parentId: string; kind: "sameCycle" | "crossCycle" }[]> {
  const chosen = new Set(rows.map((row) => row.nodeId));
  const nodes = (await deployedEdgeNodes(workspaceId)).filter((node) => chosen.has(node.id));
  const parents = parentsOf(nodes);
  const byDateAndNode = new Map<string, { id: string; at: number }[]>();
  for (const row of rows) {
    const key = `${row.bizdate} ${row.nodeId}`;
    let list = byDateAndNode.get(key);
    if (!list) byDateAndNode.set(key, (list = []));
    list.push({ id: row.id!, at: new Date(row.scheduledAt).getTime() });
  }
  const edges: { childId: string; parentId: string; kind: "sameCycle" | "crossCycle" }[] = [];
  for (const bizdate of dates) {
    for (const [childNode, parentNodes] of parents) {
      const own = byDateAndNode.get(`${bizdate} ${childNode}`) ?? [];
      for (const parentNode of parentNodes) {
        if (parentNode === childNode) continue;
        for (const [childId, parentIds] of sameCycleParents(own, byDateAndNode.get(`${bizdate} ${parentNode}`) ?? [])) {
          for (const parentId of parentIds) edges.push({ childId, parentId, kind: "sameCycle" });
        }
      }
    }
  }
  const waitedFor = new Map(
    nodes.map((node) => [
      node.id,
      node.crossCycle === "self" ? [node.id] : node.crossCycle === "children" ? childrenOf(node, nodes).map((child) => child.id) : node.crossCycle === "nodes" ? [...node.crossCycleNodeIds] : [],
    ]),
  );
  const instances = rows.map((row) => ({ id: row.id!, nodeId: row.nodeId, bizdate: row.bizdate, at: new Date(row.scheduledAt).getTime() }));
  for (const edge of backfillCrossCycleParents({ instances, dates, waitedFor })) edges.push({ ...edge, kind: "crossCycle" });
  return edges;
}

type DateState = { bizdate: string; total: number; released: number; ended: number; succeeded: number };

/** Per business date of a backfill: how many instances, released, ended, succeeded. */
async function dateStates(backfillId: string, client: Prisma.TransactionClient = db): Promise<DateState[]> {
  // An instance below a failed one (its parent, or that parent's parent, ...) will not run
  // until someone reruns or sets the failed one: it counts as ended, so its date finishes
  // (failed) and the next dates start instead of waiting for ever.
  return client.$queryRaw<DateState[]>`
    WITH RECURSIVE blocked AS (
      SELECT d."childId" AS id FROM "Instance" p JOIN "InstanceDependency" d ON d."parentId" = p.id
       WHERE p."backfillId" = ${backfillId} AND p.status = 'failed'
      UNION
      SELECT d."childId" FROM blocked b JOIN "InstanceDependency" d ON d."parentId" = b.id
    )
    SELECT bizdate, count(*)::int AS total,
           count(*) FILTER (WHERE NOT (status = 'notRun' AND "notBefore" = ${at(heldUntil)}))::int AS released,
           count(*) FILTER (WHERE status IN ('succeeded', 'failed') OR (status IN ('notRun', 'waitingTime') AND id IN (SELECT id FROM blocked)))::int AS ended,
           count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded
      FROM "Instance" WHERE "backfillId" = ${backfillId}
     GROUP BY bizdate`;
}

export type BackfillTickResult = { released: { backfillId: string; bizdate: string; instances: number }[]; finished: string[] };

/**
 * One pass over running backfills: release the next business dates (order, parallelism;
 * future dates wait for their time unless runFutureNow) and end backfills whose instances
 * all ended (succeeded when all succeeded, else failed).
 */
export async function backfillTick(input: { now: Date } & SchedulerScope): Promise<BackfillTickResult> {
  const running = await db.backfill.findMany({
    where: { status: "running", ...(input.workspaceIds ? { workspaceId: { in: input.workspaceIds } } : {}) },
    select: { id: true },
    orderBy: { createdAt: "asc" },
  });
  const result: BackfillTickResult = { released: [], finished: [] };
  for (const { id } of running) {
    await db.$transaction(async (tx) => {
      // The lock orders this tick with another scheduler's and with Stop all.
      const locked = await tx.$queryRaw<{ id: string; request: BackfillRequest; dates: string[] }[]>`
        SELECT id, request, dates FROM "Backfill" WHERE id = ${id} AND status = 'running' FOR UPDATE SKIP LOCKED`;
      const backfill = locked[0];
      if (!backfill) return;
      const states = await dateStates(id, tx);
      const byDate = new Map(states.map((state) => [state.bizdate, state]));
      const dates = backfill.dates.filter((date) => byDate.has(date));
      if (dates.every((date) => byDate.get(date)!.ended === byDate.get(date)!.total)) {
        const allSucceeded = states.every((state) => state.succeeded === state.total);
        await tx.$executeRaw`
          UPDATE "Backfill" SET status = ${allSucceeded ? "succeeded" : "failed"}::"BackfillStatus", "endedAt" = ${at(input.now)}
           WHERE id = ${id} AND status = 'running'`;
        result.finished.push(id);
        return;
      }
      const started = new Set(dates.filter((date) => byDate.get(date)!.released > 0));
      const finished = new Set(dates.filter((date) => byDate.get(date)!.ended === byDate.get(date)!.total));
      const toStart = backfillDatesToStart({ dates, started, finished, parallelism: backfill.request.parallelism });
      for (const bizdate of toStart) {
        const notBefore = backfill.request.runFutureNow ? Prisma.sql`LEAST("scheduledAt", ${at(input.now)})` : Prisma.sql`"scheduledAt"`;
        // One whose parents (of its date, or a cross-cycle one before it) have not all succeeded
        // stays Not run, released (notBefore no longer held): its last parent's success moves it on.
        const instances = await tx.$executeRaw`
          UPDATE "Instance" i SET "notBefore" = ${notBefore},
                 status = (CASE WHEN EXISTS (SELECT 1 FROM "InstanceDependency" d JOIN "Instance" p ON p.id = d."parentId"
                                              WHERE d."childId" = i.id AND p.status <> 'succeeded')
                                THEN 'notRun' ELSE 'waitingTime' END)::"InstanceStatus"
           WHERE "backfillId" = ${id} AND bizdate = ${bizdate} AND status = 'notRun' AND "notBefore" = ${at(heldUntil)}`;
        result.released.push({ backfillId: id, bizdate, instances });
      }
    });
  }
  return result;
}

/**
 * Stop all: the backfill is stopped (no date is released any more), its instances that
 * have not started fail with "Stopped by <user>", and running ones are stopped as the
 * Stop action does. Safe to repeat: a second Stop all finishes what a crash left.
 */
export async function stopBackfill(input: { workspaceId: string; backfillId: string; by: string; now: Date }): Promise<{ stopped: number }> {
  const backfill = await db.backfill.findFirst({ where: { id: input.backfillId, workspaceId: input.workspaceId }, select: { id: true, status: true } });
  if (!backfill) throw new ConsoleError("NOT_FOUND", "This backfill does not exist in the current workspace.");
  if (backfill.status === "succeeded" || backfill.status === "failed") {
    throw new ConsoleError("INVALID", `This backfill has already ${backfill.status === "succeeded" ? "succeeded" : "failed"}: there is nothing left to stop.`);
  }
  // Waits for a backfill tick holding the row, so dates it released are stopped below.
  await db.backfill.updateMany({ where: { id: backfill.id, status: "running" }, data: { status: "stopped", stoppedBy: input.by, endedAt: input.now } });
  const message = `Stopped by ${input.by} (Stop all of the backfill)`;
  // An instance's times are on the runs' wall clock (instance-actions.ts), the scheduler's clock may differ in tests.
  let stopped = await db.$executeRaw`
    UPDATE "Instance" SET status = 'failed', message = ${message}, "endedAt" = ${at(new Date())}
     WHERE "backfillId" = ${backfill.id} AND status IN ('notRun', 'waitingTime')`;
  const active = await db.instance.findMany({ where: { backfillId: backfill.id, status: { in: ["waitingResources", "running"] } }, select: { id: true } });
  for (const instance of active) {
    try {
      await stopInstance({ workspaceId: input.workspaceId, instanceId: instance.id, by: input.by, now: input.now });
      stopped++;
    } catch (error) {
      // It ended by itself in between: nothing to stop.
      if (!(error instanceof ConsoleError && (error.code === "INVALID" || error.code === "CONFLICT"))) throw error;
    }
  }
  return { stopped };
}

export type BackfillDateProgress = {
  bizdate: string;
  total: number;
  released: number;
  ended: number;
  succeeded: number;
  /** Ended by Stop or Stop all (failed with "Stopped by ..."), apart from the failures. */
  stopped: number;
  state: "waiting" | "running" | "succeeded" | "failed" | "stopped";
};

/** A backfill with its progress per business date, in release order, for its page. */
export async function getBackfill(input: { workspaceId: string; backfillId: string }) {
  const backfill = await db.backfill.findFirst({
    where: { id: input.backfillId, workspaceId: input.workspaceId },
    include: {
      workspace: { select: { schedulingTimeZone: true } },
      rootNode: { select: { id: true, name: true } },
      instances: {
        select: { id: true, nodeId: true, bizdate: true, scheduledAt: true, notBefore: true, status: true, frozen: true, dryRun: true, dryRunReason: true, setSucceededBy: true, startedAt: true, endedAt: true, message: true, node: { select: { name: true } } },
        orderBy: [{ scheduledAt: "asc" }],
      },
    },
  });
  if (!backfill) throw new ConsoleError("NOT_FOUND", "This backfill does not exist in the current workspace.");
  const states = new Map((await dateStates(backfill.id)).map((state) => [state.bizdate, state]));
  const dates: BackfillDateProgress[] = backfill.dates.map((bizdate) => {
    const state = states.get(bizdate) ?? { bizdate, total: 0, released: 0, ended: 0, succeeded: 0 };
    const failed = state.ended - state.succeeded;
    const stopped = backfill.instances.filter((i) => i.bizdate === bizdate && i.status === "failed" && i.message?.startsWith("Stopped by")).length;
    const stoppedHere = backfill.status === "stopped" && stopped > 0;
    return {
      ...state,
      stopped,
      state:
        state.total > 0 && state.ended === state.total
          ? failed === 0 ? "succeeded" : stoppedHere ? "stopped" : "failed"
          : state.released > 0 ? "running" : "waiting",
    };
  });
  // Held: its business date is not released yet (a released one that is Not run waits for its parents).
  const instances = backfill.instances.map(({ notBefore, ...instance }) => ({ ...instance, held: instance.status === "notRun" && notBefore.getTime() === heldUntil.getTime() }));
  return { ...backfill, instances, timeZone: workspaceTimeZone(backfill.workspace), request: backfill.request as BackfillRequest, progress: dates };
}

/** The workspace's backfills, newest first, with counts for the list. */
export async function listBackfills(input: { workspaceId: string; take?: number }) {
  const backfills = await db.backfill.findMany({
    where: { workspaceId: input.workspaceId },
    orderBy: { createdAt: "desc" },
    take: input.take ?? 200,
    select: { id: true, name: true, status: true, scope: true, dates: true, createdBy: true, createdAt: true, endedAt: true, stoppedBy: true, rootNode: { select: { id: true, name: true } } },
  });
  const counts = backfills.length
    ? await db.$queryRaw<{ backfillId: string; total: number; ended: number; succeeded: number }[]>`
        SELECT "backfillId", count(*)::int AS total,
               count(*) FILTER (WHERE status IN ('succeeded', 'failed'))::int AS ended,
               count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded
          FROM "Instance" WHERE "backfillId" = ANY(${backfills.map((b) => b.id)}::text[]) GROUP BY "backfillId"`
    : [];
  const byId = new Map(counts.map((row) => [row.backfillId, row]));
  return backfills.map((backfill) => ({ ...backfill, counts: byId.get(backfill.id) ?? { total: 0, ended: 0, succeeded: 0 } }));
}
