import "server-only";
// The dispatcher: instances whose time has come. A dry run succeeds at once; any other
// instance that is not frozen gets an attempt, a Run on its resource group's queue with the
// instance's fixed parameters and the deployed version's job spec, in one transaction with
// the instance's move to waitingResources. The instances are locked (FOR UPDATE SKIP
// LOCKED) and moved by a conditional update, so two schedulers racing never make two runs
// for one attempt: the second skips the rows or finds them moved.
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { resourceGroupForRun } from "@/lib/data/resource-groups";
import { Prisma } from "@/lib/generated/prisma/client";
import { defaultTimeoutMinutes } from "./node-scheduling";
import type { SchedulerScope } from "./instance-generation";
import { releaseChildren } from "./instance-release";

/** Instances per dispatch transaction: large enough for a burst at 00:00, small enough to keep locks short. */
const dispatchBatch = 500;

const waiting = Prisma.sql`('waitingTime', 'notRun')`;
// DataWorks' gate: every parent instance succeeded (a dry run or Set to Succeeded counts);
// a failed, frozen or unfinished parent keeps the child Not run. Only instances waiting
// for their time are candidates: a Not run one is moved there when its last parent
// succeeds (instance-release.ts). The gate is still checked, for the few waiting ones
// whose parent is not done (a child rerun while its parent failed). One index lookup per
// candidate (the edge table's primary key starts with childId).
const parentsDone = (instance: Prisma.Sql) => Prisma.sql`NOT EXISTS (
  SELECT 1 FROM "InstanceDependency" d JOIN "Instance" p ON p.id = d."parentId"
   WHERE d."childId" = ${instance} AND p.status <> 'succeeded')`;
const at = (date: Date) => Prisma.sql`${date.toISOString()}::timestamp`;
const scoped = (scope: SchedulerScope, column: Prisma.Sql) =>
  scope.workspaceIds ? Prisma.sql`AND ${column} = ANY(${scope.workspaceIds}::text[])` : Prisma.empty;

export const noDeployedVersionMessage =
  "The node is not deployed any more (it was undeployed or deleted after this instance was generated), so there is nothing to run. Deploy the node and rerun this instance.";

export type DueInstance = {
  id: string;
  workspaceId: string;
  nodeId: string;
  bizdate: string;
  runNumber: number;
  scheduledAt: Date;
  versionId: string | null;
  resourceGroupId: string | null;
  timeoutMinutes: string | null;
};

/**
 * The instances that may be queued now, locked for this transaction: waiting for their
 * time and their time come, not frozen, not a dry run, every parent instance succeeded;
 * oldest first, at most one batch.
 * This is what resolves "which instances are runnable after a parent finished"; the
 * scheduler benchmark times it (and EXPLAINs it) with a million instances in the table.
 */
export function dueInstancesSql(input: { now: Date; limit?: number } & SchedulerScope): Prisma.Sql {
  return Prisma.sql`
    SELECT i.id, i."workspaceId", i."nodeId", i.bizdate, i."runNumber", i."scheduledAt",
           v.id AS "versionId", v."resourceGroupId", v.scheduling->>'timeoutMinutes' AS "timeoutMinutes"
      FROM "Instance" i
      JOIN "SyncNode" n ON n.id = i."nodeId"
      LEFT JOIN "NodeVersion" v ON v.id = n."deployedVersionId"
     WHERE i.status = 'waitingTime' AND NOT i.frozen AND NOT i."dryRun" AND i."notBefore" <= ${at(input.now)}
       AND ${parentsDone(Prisma.raw(`i.id`))}
       ${scoped(input, Prisma.raw(`i."workspaceId"`))}
     ORDER BY i."notBefore", i.id
     LIMIT ${input.limit ?? dispatchBatch}
     FOR UPDATE OF i SKIP LOCKED`;
}

export const selectDueInstances = (tx: Prisma.TransactionClient, input: { now: Date; limit?: number } & SchedulerScope): Promise<DueInstance[]> =>
  tx.$queryRaw<DueInstance[]>(dueInstancesSql(input));

export type DispatchResult = { dryRuns: number; queued: number; failed: number };

/** Moves every due instance one step: dry runs to succeeded, the others to a queued run. */
export async function dispatchDueInstances(input: { now: Date } & SchedulerScope): Promise<DispatchResult> {
  const dryRuns = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Instance" SET status = 'succeeded', "startedAt" = ${at(input.now)}, "endedAt" = ${at(input.now)}
     WHERE status = 'waitingTime' AND NOT frozen AND "dryRun" AND "notBefore" <= ${at(input.now)}
       AND ${parentsDone(Prisma.raw(`"Instance".id`))}
       ${scoped(input, Prisma.raw(`"workspaceId"`))}
    RETURNING id`;
  await releaseChildren(dryRuns.map((row) => row.id));
  const result: DispatchResult = { dryRuns: dryRuns.length, queued: 0, failed: 0 };
  for (;;) {
    const batch = await dispatchBatchOf(input);
    result.queued += batch.queued;
    result.failed += batch.failed;
    if (batch.seen < dispatchBatch) return result;
  }
}

async function dispatchBatchOf(input: { now: Date } & SchedulerScope): Promise<{ seen: number; queued: number; failed: number }> {
  const groups = new Map<string, Promise<{ id: string; name: string } | Error>>();
  const groupOf = (workspaceId: string, resourceGroupId: string | null) => {
    const key = `${workspaceId} ${resourceGroupId}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = resourceGroupForRun({ workspaceId, resourceGroupId }).catch((error: Error) => error)));
    return group;
  };

  return db.$transaction(
    async (tx) => {
      const due = await selectDueInstances(tx, input);
      const toQueue: { instance: DueInstance; runId: string; group: { id: string; name: string }; timeoutSeconds: number }[] = [];
      const toFail: { id: string; message: string }[] = [];
      for (const instance of due) {
        if (!instance.versionId) {
          toFail.push({ id: instance.id, message: noDeployedVersionMessage });
          continue;
        }
        const group = await groupOf(instance.workspaceId, instance.resourceGroupId);
        if (group instanceof Error) {
          toFail.push({ id: instance.id, message: `The instance cannot be queued: ${group.message}` });
          continue;
        }
        const minutes = instance.timeoutMinutes === null ? defaultTimeoutMinutes : Number(instance.timeoutMinutes);
        toQueue.push({ instance, runId: randomUUID(), group, timeoutSeconds: minutes * 60 });
      }

      if (toQueue.length) {
        const instanceIds = toQueue.map((q) => q.instance.id);
        const runIds = toQueue.map((q) => q.runId);
        // The job spec is copied from the deployed version in SQL: a spec can be large, and it
        // is the version's at the moment the attempt starts, as DataWorks runs the latest code.
        await tx.$executeRaw`
          INSERT INTO "Run" (id, "nodeId", "resourceGroupId", "jobSpec", parameters, bizdate, status, "triggeredBy",
                             "instanceId", "runNumber", environment, "timeoutSeconds", "submittedAt")
          SELECT x."runId", i."nodeId", x."groupId", v."jobSpec", i.parameters, i.bizdate, 'queued', 'scheduler',
                 i.id, i."runNumber" + 1, 'production', x."timeoutSeconds", (now() AT TIME ZONE 'UTC')
            FROM unnest(${instanceIds}::text[], ${runIds}::text[], ${toQueue.map((q) => q.group.id)}::text[],
                        ${toQueue.map((q) => q.timeoutSeconds)}::int[]) AS x("instanceId", "runId", "groupId", "timeoutSeconds")
            JOIN "Instance" i ON i.id = x."instanceId"
            JOIN "SyncNode" n ON n.id = i."nodeId"
            JOIN "NodeVersion" v ON v.id = n."deployedVersionId"`;
        const moved = await tx.$executeRaw`
          UPDATE "Instance" i
             SET status = 'waitingResources', "currentRunId" = x."runId", "runNumber" = i."runNumber" + 1,
                 "startedAt" = NULL, "endedAt" = NULL, message = NULL
            FROM unnest(${instanceIds}::text[], ${runIds}::text[]) AS x("instanceId", "runId")
           WHERE i.id = x."instanceId" AND i.status IN ${waiting} AND NOT i.frozen`;
        if (moved !== toQueue.length) {
          // Cannot happen while the rows are locked; if it does, nothing of this batch is kept.
          throw new Error(`Dispatch moved ${moved} of ${toQueue.length} locked instances; rolled back.`);
        }
        await tx.$executeRaw`
          INSERT INTO "RunLog" ("runId", at, level, line)
          SELECT x."runId", (now() AT TIME ZONE 'UTC'), 'info', x.line
            FROM unnest(${runIds}::text[], ${toQueue.map(
              (q) =>
                `Attempt ${q.instance.runNumber + 1} of the instance scheduled at ${q.instance.scheduledAt.toISOString()} (bizdate=${q.instance.bizdate}), queued by the scheduler with production data sources; waiting for a slot of resource group ${q.group.name}.`,
            )}::text[]) AS x("runId", line)`;
      }
      for (const failure of toFail) {
        await tx.$executeRaw`
          UPDATE "Instance" SET status = 'failed', message = ${failure.message}, "endedAt" = ${at(input.now)}
           WHERE id = ${failure.id} AND status IN ${waiting}`;
      }
      return { seen: due.length, queued: toQueue.length, failed: toFail.length };
    },
    { timeout: 60_000 },
  );
}
