import "server-only";
// The generator: each workspace's next day at 23:30 (its time zone), the day a scheduler
// that was down missed, and the rest of the deployment day for Immediately After
// Deployment. Idempotent by the database: one instance per node, kind, scheduled time and
// batch (INSERT ... ON CONFLICT DO NOTHING), so two schedulers, a crash half-way or a
// rerun of the same day never make an instance twice.
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { generateDayEdges } from "./instance-edges";
import { isKnownTimeZone, workspaceTimeZone } from "./instance-parameters";
import {
  addDays,
  createPlanner,
  dayIn,
  deployedScheduling,
  generationDueAt,
  immediateDelayMs,
  type DeployedNode,
  type InstanceRow,
} from "./instance-plan";

// Timestamps travel as ISO strings cast to timestamp: Prisma keeps DateTime as UTC wall time
// in "timestamp(3)" columns, and the cast drops the "Z" without shifting the time.

/** Rows per INSERT: 16 arrays of 5,000 values keep each statement well inside PostgreSQL's limits and fast. */
const insertBatch = 5_000;

/** Inserts auto instances, skipping those that exist. Returns how many were new. */
export async function insertInstances(rows: InstanceRow[]): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < rows.length; start += insertBatch) {
    const batch = rows.slice(start, start + insertBatch);
    inserted += await db.$executeRaw`
      INSERT INTO "Instance" (id, "workspaceId", "nodeId", kind, batch, "scheduledAt", bizdate, parameters, status,
                              frozen, "dryRun", "dryRunReason", "notBefore", message, "endedAt", "createdBy", "generatedAt")
      SELECT gen_random_uuid()::text, r."workspaceId", r."nodeId", 'auto', '', r."scheduledAt", r.bizdate, r.parameters,
             r.status::"InstanceStatus", r.frozen, r."dryRun", r."dryRunReason", r."notBefore", r.message, r."endedAt",
             'scheduler', (now() AT TIME ZONE 'UTC')
        FROM unnest(${batch.map((r) => r.workspaceId)}::text[], ${batch.map((r) => r.nodeId)}::text[],
                    ${batch.map((r) => r.scheduledAt.toISOString())}::timestamp[], ${batch.map((r) => r.bizdate)}::text[],
                    ${batch.map((r) => JSON.stringify(r.parameters))}::jsonb[], ${batch.map((r) => r.status)}::text[],
                    ${batch.map((r) => r.frozen)}::boolean[], ${batch.map((r) => r.dryRun)}::boolean[],
                    ${batch.map((r) => r.dryRunReason)}::text[], ${batch.map((r) => r.notBefore.toISOString())}::timestamp[],
                    ${batch.map((r) => r.message)}::text[], ${batch.map((r) => r.endedAt?.toISOString() ?? null)}::timestamp[])
             AS r("workspaceId", "nodeId", "scheduledAt", bizdate, parameters, status, frozen, "dryRun", "dryRunReason", "notBefore", message, "endedAt")
      ON CONFLICT ("nodeId", kind, "scheduledAt", batch) DO NOTHING`;
  }
  return inserted;
}

type DeployedNodeRow = DeployedNode & { versionId: string; deployedAt: Date | null };

/**
 * The workspace's nodes in production at `cutoff`: deployed now, and first deployed no later
 * than the cutoff (a node deployed after 23:30 waits for the day after next, as in DataWorks).
 */
async function deployedNodes(input: { workspaceId: string; cutoff: Date; nodeIds?: string[] }): Promise<DeployedNodeRow[]> {
  return db.$queryRaw<DeployedNodeRow[]>`
    SELECT n.id AS "nodeId", w."workspaceId", n.frozen, v.id AS "versionId", v.scheduling, v.arguments, v."deployedAt"
      FROM "SyncNode" n
      JOIN "Workflow" w ON w.id = n."workflowId"
      JOIN "NodeVersion" v ON v.id = n."deployedVersionId"
     WHERE w."workspaceId" = ${input.workspaceId}
       ${input.nodeIds ? Prisma.sql`AND n.id = ANY(${input.nodeIds}::text[])` : Prisma.empty}
       AND EXISTS (SELECT 1 FROM "NodeVersion" d WHERE d."nodeId" = n.id AND d."deployedAt" <= ${input.cutoff.toISOString()}::timestamp)`;
}

export type DayGeneration = { workspaceId: string; day: string; instances: number; inserted: number };

/**
 * Generates one day (yyyy-MM-dd in the workspace's time zone) of a workspace's auto
 * instances and records it in InstanceGeneration. Safe to repeat and to run twice at once.
 */
export async function generateDay(input: { workspaceId: string; day: string; timeZone: string; now: Date }): Promise<DayGeneration> {
  const nodes = await deployedNodes({ workspaceId: input.workspaceId, cutoff: generationDueAt(input.day, input.timeZone) });
  const planner = createPlanner({ day: input.day, timeZone: input.timeZone, now: input.now });
  const rows = nodes.flatMap((node) => planner.rowsOf(node));
  const inserted = await insertInstances(rows);
  await generateDayEdges({ ...input });
  // Recorded after the instances: a crash in between means the day is generated again, which inserts nothing new.
  await db.$executeRaw`
    INSERT INTO "InstanceGeneration" ("workspaceId", day, "generatedAt", instances)
    VALUES (${input.workspaceId}, ${input.day}, (now() AT TIME ZONE 'UTC'), ${rows.length})
    ON CONFLICT ("workspaceId", day) DO NOTHING`;
  return { workspaceId: input.workspaceId, day: input.day, instances: rows.length, inserted };
}

/** Which workspaces the scheduler looks after: all, or (tests) the ones listed. */
export type SchedulerScope = { workspaceIds?: string[] };

const scopeFilter = (scope: SchedulerScope, column: Prisma.Sql) =>
  scope.workspaceIds ? Prisma.sql`AND ${column} = ANY(${scope.workspaceIds}::text[])` : Prisma.empty;

/**
 * The days due now and not generated yet, per workspace with periodic scheduling on: today
 * (a scheduler that was down at 23:30 catches up; its instances whose time passed start at
 * once) and, from 23:30, tomorrow.
 */
export async function dueGenerations(input: { now: Date } & SchedulerScope): Promise<{ workspaceId: string; day: string; timeZone: string }[]> {
  const workspaces = await db.$queryRaw<{ id: string; schedulingTimeZone: string }[]>`
    SELECT id, "schedulingTimeZone" FROM "Workspace" WHERE "periodicScheduling" ${scopeFilter(input, Prisma.raw("id"))}`;
  if (!workspaces.length) return [];
  const wanted = workspaces.flatMap((workspace) => {
    const timeZone = workspaceTimeZone(workspace);
    // A time zone this runtime does not know (set before it was checked) would stop every
    // workspace's generation; that workspace waits until it is fixed.
    if (!isKnownTimeZone(timeZone)) return [];
    const today = dayIn(input.now, timeZone);
    const tomorrow = addDays(today, 1);
    const days = input.now >= generationDueAt(tomorrow, timeZone) ? [today, tomorrow] : [today];
    return days.map((day) => ({ workspaceId: workspace.id, day, timeZone }));
  });
  const done = await db.instanceGeneration.findMany({
    where: { OR: wanted.map(({ workspaceId, day }) => ({ workspaceId, day })) },
    select: { workspaceId: true, day: true },
  });
  const generated = new Set(done.map((row) => `${row.workspaceId} ${row.day}`));
  return wanted.filter((row) => !generated.has(`${row.workspaceId} ${row.day}`));
}

/** Generates every due day; returns what it generated. One workspace's failure does not stop the others'. */
export async function generateDueDays(input: { now: Date; onError?: (error: Error, due: { workspaceId: string; day: string }) => void } & SchedulerScope): Promise<DayGeneration[]> {
  const results: DayGeneration[] = [];
  for (const due of await dueGenerations(input)) {
    try {
      results.push(await generateDay({ ...due, now: input.now }));
    } catch (error) {
      if (!input.onError) throw error;
      input.onError(error as Error, due);
    }
  }
  return results;
}

type ImmediateDeployment = DeployedNodeRow & { schedulingTimeZone: string };

/**
 * Immediately After Deployment: a node whose deployed version is in that mode and has not
 * had its same-day generation gets the rest of the deployment day: instances at or after
 * deployment + 10 minutes run, earlier ones are expired dry runs. When the next day was
 * already generated (a deployment after 23:30) the node gets that day too. Marked on the
 * version afterwards (sameDayGeneratedAt), so a crash in between only repeats the insert.
 * A deployment noticed more than a day late (periodic scheduling was off) is only marked:
 * the nightly generation covers the days after it.
 */
export async function generateImmediateDeployments(input: { now: Date } & SchedulerScope): Promise<{ nodeId: string; versionId: string; inserted: number }[]> {
  const pending = await db.$queryRaw<ImmediateDeployment[]>`
    SELECT n.id AS "nodeId", w."workspaceId", n.frozen, v.id AS "versionId", v.scheduling, v.arguments, v."deployedAt", ws."schedulingTimeZone"
      FROM "NodeVersion" v
      JOIN "SyncNode" n ON n."deployedVersionId" = v.id
      JOIN "Workflow" w ON w.id = n."workflowId"
      JOIN "Workspace" ws ON ws.id = w."workspaceId"
     WHERE v."deployedAt" IS NOT NULL AND v."sameDayGeneratedAt" IS NULL
       AND v.scheduling->>'instanceGenerationMode' = 'immediately'
       AND ws."periodicScheduling"
       ${scopeFilter(input, Prisma.raw(`w."workspaceId"`))}`;
  const results: { nodeId: string; versionId: string; inserted: number }[] = [];
  for (const node of pending) {
    const timeZone = workspaceTimeZone(node);
    if (!isKnownTimeZone(timeZone)) continue;
    const deployedAt = node.deployedAt!;
    const deployDay = dayIn(deployedAt, timeZone);
    const today = dayIn(input.now, timeZone);
    let inserted = 0;
    if (deployedScheduling(node.scheduling) && deployDay >= addDays(today, -1)) {
      const sameDay = createPlanner({ day: deployDay, timeZone, now: input.now }).rowsOf(node, { expiredBefore: new Date(deployedAt.getTime() + immediateDelayMs) });
      inserted += await insertInstances(sameDay);
      await generateDayEdges({ workspaceId: node.workspaceId, day: deployDay, timeZone, now: input.now });
      const nextDay = addDays(deployDay, 1);
      const nextGenerated = await db.instanceGeneration.count({ where: { workspaceId: node.workspaceId, day: nextDay } });
      if (nextGenerated) {
        inserted += await insertInstances(createPlanner({ day: nextDay, timeZone, now: input.now }).rowsOf(node));
        await generateDayEdges({ workspaceId: node.workspaceId, day: nextDay, timeZone, now: input.now });
      }
    }
    await db.$executeRaw`
      UPDATE "NodeVersion" SET "sameDayGeneratedAt" = (now() AT TIME ZONE 'UTC')
       WHERE id = ${node.versionId} AND "sameDayGeneratedAt" IS NULL`;
    results.push({ nodeId: node.nodeId, versionId: node.versionId, inserted });
  }
  return results;
}
