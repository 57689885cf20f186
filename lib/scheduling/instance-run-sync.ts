import "server-only";
// Run sync: keeps each instance in step with its current run (its latest attempt) and
// applies Auto Rerun upon Failure. Every move is conditional on the instance still being
// where sync found it and still pointing at that run, so a user's Stop or Set to Succeeded
// in between wins.
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SchedulerScope } from "./instance-generation";
import { deployedScheduling } from "./instance-plan";
import { releaseChildren } from "./instance-release";

const active = Prisma.sql`('waitingResources', 'running')`;
const at = (date: Date) => Prisma.sql`${date.toISOString()}::timestamp`;
const scoped = (scope: SchedulerScope) =>
  scope.workspaceIds ? Prisma.sql`AND i."workspaceId" = ANY(${scope.workspaceIds}::text[])` : Prisma.empty;

/** Error codes never rerun automatically: a timeout (DataWorks' rule) and a run a user stopped. */
export const notAutoRerunCodes = ["TIMEOUT", "CANCELLED"] as const;

type EndedAttempt = {
  id: string;
  runId: string;
  runStatus: "failed" | "cancelled";
  errorCode: string | null;
  runNumber: number;
  autoRerunsUsed: number;
  scheduling: unknown;
};

export type RunSyncResult = { running: number; succeeded: number; autoReruns: number; failed: number };

export async function syncInstanceRuns(input: { now: Date } & SchedulerScope): Promise<RunSyncResult> {
  const running = await db.$executeRaw`
    UPDATE "Instance" i SET status = 'running', "startedAt" = r."startedAt"
      FROM "Run" r
     WHERE r.id = i."currentRunId" AND i.status = 'waitingResources' AND r.status = 'running' ${scoped(input)}`;
  const succeededIds = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Instance" i SET status = 'succeeded', "startedAt" = r."startedAt", "endedAt" = r."endedAt", message = NULL
      FROM "Run" r
     WHERE r.id = i."currentRunId" AND i.status IN ${active} AND r.status = 'succeeded' ${scoped(input)}
    RETURNING i.id`;
  const succeeded = succeededIds.length;
  await releaseChildren(succeededIds.map((row) => row.id));
  const ended = await db.$queryRaw<EndedAttempt[]>`
    SELECT i.id, r.id AS "runId", r.status::text AS "runStatus", r."errorCode", i."runNumber", i."autoRerunsUsed", v.scheduling
      FROM "Instance" i
      JOIN "Run" r ON r.id = i."currentRunId"
      JOIN "SyncNode" n ON n.id = i."nodeId"
      LEFT JOIN "NodeVersion" v ON v.id = n."deployedVersionId"
     WHERE i.status IN ${active} AND r.status IN ('failed', 'cancelled') ${scoped(input)}`;
  const result: RunSyncResult = { running, succeeded, autoReruns: 0, failed: 0 };
  for (const attempt of ended) {
    const scheduling = deployedScheduling(attempt.scheduling);
    const autoRerun = scheduling && scheduling.rerun !== "allDenied" ? scheduling.autoRerun : null;
    const rerun =
      autoRerun !== null &&
      attempt.runStatus === "failed" &&
      !(notAutoRerunCodes as readonly string[]).includes(attempt.errorCode ?? "") &&
      attempt.autoRerunsUsed < autoRerun.times;
    if (rerun) {
      // The interval runs from when the scheduler saw the failure, on its clock (tests move it).
      const notBefore = new Date(input.now.getTime() + autoRerun.intervalMinutes * 60_000);
      const message = `Attempt ${attempt.runNumber} failed (${attempt.errorCode ?? "error"}); automatic rerun ${attempt.autoRerunsUsed + 1} of ${autoRerun.times} from ${notBefore.toISOString()}.`;
      result.autoReruns += await db.$executeRaw`
        UPDATE "Instance" i SET status = 'waitingTime', "autoRerunsUsed" = i."autoRerunsUsed" + 1, "notBefore" = ${at(notBefore)},
               "startedAt" = r."startedAt", "endedAt" = r."endedAt", message = ${message}
          FROM "Run" r
         WHERE r.id = i."currentRunId" AND i.id = ${attempt.id} AND i.status IN ${active} AND i."currentRunId" = ${attempt.runId}`;
    } else {
      result.failed += await db.$executeRaw`
        UPDATE "Instance" i SET status = 'failed', "startedAt" = r."startedAt", "endedAt" = COALESCE(r."endedAt", ${at(input.now)})
          FROM "Run" r
         WHERE r.id = i."currentRunId" AND i.id = ${attempt.id} AND i.status IN ${active} AND i."currentRunId" = ${attempt.runId}`;
    }
  }
  return result;
}
