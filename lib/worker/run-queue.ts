import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { maxStoredDirtyRecords, workerTiming } from "./worker-timing";

/**
 * The run queue: plain rows in the `Run` table, claimed with row locks and leased.
 *
 * - Claim: lock the resource group's row (`FOR UPDATE`), count its running runs, and when
 *   a slot is free move the oldest queued run to `running` with `FOR UPDATE SKIP LOCKED`.
 *   The group lock serializes claims of one group for a few milliseconds, which is what
 *   makes "never more than `slots` runs" exact across any number of workers; SKIP LOCKED
 *   keeps a claim from waiting on a run another transaction is touching (a Stop).
 * - Lease: a claimed run carries `leaseExpiresAt`; its worker's heartbeat pushes it
 *   forward. The reaper fails runs whose lease ran out, with the reason.
 * - Every state change is `UPDATE ... WHERE status = <expected> [AND "workerId" = me]`, so a
 *   worker that lost its run (reaped while it was paused) cannot overwrite the outcome.
 *
 * Times come from the database clock (`now()` in UTC, as Prisma stores them), so leases
 * mean the same on every machine whatever their clocks say.
 */

const utcNow = Prisma.raw(`(now() AT TIME ZONE 'UTC')`);
// A claim waits for the group lock: its start is the moment it got it, not when its transaction began.
const utcClock = Prisma.raw(`(clock_timestamp() AT TIME ZONE 'UTC')`);
const leaseFor = (leaseMs: number) => Prisma.sql`make_interval(secs => ${leaseMs / 1000}::double precision)`;

export async function registerWorker(input: { resourceGroupId: string; hostname: string; pid: number }): Promise<{ id: string }> {
  return db.worker.create({ data: input, select: { id: true } });
}

/** Marks the worker alive and extends the leases of the runs it holds. */
export async function heartbeat(workerId: string, leaseMs: number = workerTiming.leaseMs): Promise<void> {
  await db.$transaction([
    db.$executeRaw`UPDATE "Worker" SET "lastHeartbeatAt" = ${utcNow} WHERE id = ${workerId}`,
    db.$executeRaw`UPDATE "Run" SET "leaseExpiresAt" = ${utcNow} + ${leaseFor(leaseMs)}
                    WHERE "workerId" = ${workerId} AND status = 'running'`,
  ]);
}

export async function markWorkerStopped(workerId: string): Promise<void> {
  await db.$executeRaw`UPDATE "Worker" SET "stoppedAt" = ${utcNow} WHERE id = ${workerId}`;
}

/** Claims the oldest queued run of the group when the group has a free slot; null otherwise. */
export async function claimNextRun(input: { workerId: string; resourceGroupId: string; leaseMs?: number }): Promise<{ id: string } | null> {
  return (await claimRuns({ ...input, max: 1 }))[0] ?? null;
}

/**
 * Claims up to `max` of the group's oldest queued runs, as many as it has free slots, in one
 * transaction: the group lock is taken once for the lot, which is what lets a burst of
 * scheduled instances (1,000 at 00:00) flow through the slots quickly.
 */
export async function claimRuns(input: { workerId: string; resourceGroupId: string; leaseMs?: number; max: number }): Promise<{ id: string }[]> {
  return db.$transaction(async (tx) => {
    const groups = await tx.$queryRaw<{ slots: number }[]>`
      SELECT slots FROM "ResourceGroup" WHERE id = ${input.resourceGroupId} FOR UPDATE`;
    const slots = groups[0]?.slots;
    if (slots === undefined) return [];
    const [{ running }] = await tx.$queryRaw<{ running: number }[]>`
      SELECT count(*)::int AS running FROM "Run" WHERE "resourceGroupId" = ${input.resourceGroupId} AND status = 'running'`;
    const free = Math.min(input.max, slots - running);
    const claimed: { id: string }[] = [];
    // One run per statement, with the subquery as a scalar (an InitPlan run once): the
    // `id IN (SELECT ... LIMIT n FOR UPDATE SKIP LOCKED)` form is a semi-join PostgreSQL may
    // evaluate again when it rechecks a row another transaction touched, and then claimed
    // more runs than the group had slots (caught by worker.test.ts under a full test run).
    for (let i = 0; i < free; i++) {
      const rows = await tx.$queryRaw<{ id: string }[]>`
        UPDATE "Run"
           SET status = 'running', "workerId" = ${input.workerId}, "startedAt" = ${utcClock},
               "leaseExpiresAt" = ${utcClock} + ${leaseFor(input.leaseMs ?? workerTiming.leaseMs)}
         WHERE id = (SELECT id FROM "Run"
                      WHERE "resourceGroupId" = ${input.resourceGroupId} AND status = 'queued'
                      ORDER BY "submittedAt", id
                      LIMIT 1
                      FOR UPDATE SKIP LOCKED)
           AND status = 'queued'
        RETURNING id`;
      if (!rows[0]) break;
      claimed.push(rows[0]);
    }
    return claimed;
  });
}

export const lostWorkerMessage =
  "The worker running this run stopped sending heartbeats (it crashed, was killed or lost its database connection), so the run was marked failed. Nothing more will be written by it; rerun the run.";

/** Fails every running run whose lease ran out. Returns the ids it failed. */
export async function failExpiredRuns(): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Run"
       SET status = 'failed', "endedAt" = ${utcNow}, "errorCode" = 'WORKER_LOST',
           "errorMessage" = ${lostWorkerMessage}, "leaseExpiresAt" = NULL
     WHERE status = 'running' AND "leaseExpiresAt" < ${utcNow}
    RETURNING id`;
  if (rows.length) {
    await db.runLog.createMany({
      data: rows.map((row) => ({ runId: row.id, level: "error", line: `[WORKER_LOST] ${lostWorkerMessage}` })),
    });
  }
  return rows.map((row) => row.id);
}

export type RunCounters = {
  recordsRead: number;
  bytesRead: number;
  recordsWritten: number;
  bytesWritten: number;
  dirtyRecords: number;
  totalRecords: number | null;
};

function big(value: number): bigint {
  return BigInt(Math.max(0, Math.round(value)));
}

/**
 * Writes the counters of a run this worker holds. Returns `owned: false` when the run is no
 * longer this worker's running run (reaped), and whether a Stop was requested.
 */
export async function recordProgress(input: { runId: string; workerId: string; counters: RunCounters }): Promise<{ owned: boolean; cancelRequested: boolean }> {
  const c = input.counters;
  const rows = await db.$queryRaw<{ cancelRequested: boolean }[]>`
    UPDATE "Run"
       SET "recordsRead" = ${big(c.recordsRead)}, "bytesRead" = ${big(c.bytesRead)},
           "recordsWritten" = ${big(c.recordsWritten)}, "bytesWritten" = ${big(c.bytesWritten)},
           "dirtyRecords" = ${big(c.dirtyRecords)},
           "totalRecords" = ${c.totalRecords === null ? null : big(c.totalRecords)}
     WHERE id = ${input.runId} AND status = 'running' AND "workerId" = ${input.workerId}
    RETURNING "cancelRequested"`;
  return rows[0] ? { owned: true, cancelRequested: rows[0].cancelRequested } : { owned: false, cancelRequested: false };
}

export type RunOutcome = {
  status: "succeeded" | "failed" | "cancelled";
  errorCode: string | null;
  errorMessage: string | null;
  counters: RunCounters;
  /** The engine's verification after writing, stored as it is (null when the node does not verify). */
  verification?: object | null;
};

/** Ends a run this worker holds; false when it no longer held it. */
export async function finishRun(input: { runId: string; workerId: string; outcome: RunOutcome }): Promise<boolean> {
  const { outcome } = input;
  const c = outcome.counters;
  const updated = await db.$executeRaw`
    UPDATE "Run"
       SET status = ${outcome.status}::"RunStatus", "endedAt" = ${utcNow}, "leaseExpiresAt" = NULL,
           "errorCode" = ${outcome.errorCode}, "errorMessage" = ${outcome.errorMessage},
           "recordsRead" = ${big(c.recordsRead)}, "bytesRead" = ${big(c.bytesRead)},
           "recordsWritten" = ${big(c.recordsWritten)}, "bytesWritten" = ${big(c.bytesWritten)},
           "dirtyRecords" = ${big(c.dirtyRecords)},
           "totalRecords" = ${c.totalRecords === null ? null : big(c.totalRecords)},
           "verification" = ${outcome.verification ? JSON.stringify(outcome.verification) : null}::jsonb
     WHERE id = ${input.runId} AND status = 'running' AND "workerId" = ${input.workerId}`;
  return updated === 1;
}

export type RunToExecute = {
  id: string;
  workspaceId: string;
  /** A basic-mode workspace has one environment: a production run uses the configuration there is. */
  workspaceMode: "basic" | "standard";
  jobSpec: unknown;
  parameters: Record<string, string>;
  nodeName: string;
  /** Which data source configuration to use: scheduled instances run on Production. */
  environment: "development" | "production";
  /** The node's Timeout definition for a scheduled attempt; null: none. */
  timeoutSeconds: number | null;
};

export async function loadRunToExecute(runId: string): Promise<RunToExecute> {
  const run = await db.run.findUniqueOrThrow({
    where: { id: runId },
    select: {
      id: true,
      jobSpec: true,
      parameters: true,
      environment: true,
      timeoutSeconds: true,
      node: { select: { name: true, workflow: { select: { workspaceId: true, workspace: { select: { mode: true } } } } } },
    },
  });
  return {
    id: run.id,
    workspaceId: run.node.workflow.workspaceId,
    workspaceMode: run.node.workflow.workspace.mode,
    jobSpec: run.jobSpec,
    parameters: (run.parameters ?? {}) as Record<string, string>,
    nodeName: run.node.name,
    environment: run.environment,
    timeoutSeconds: run.timeoutSeconds,
  };
}

export async function appendRunLogs(runId: string, lines: { at: Date; level: string; line: string }[]): Promise<void> {
  if (lines.length) await db.runLog.createMany({ data: lines.map((line) => ({ runId, ...line })) });
}

export async function appendRunMetric(input: { runId: string; recordsPerSecond: number; bytesPerSecond: number; recordsWritten: number }): Promise<void> {
  await db.runMetric.create({
    data: {
      runId: input.runId,
      recordsPerSecond: input.recordsPerSecond,
      bytesPerSecond: input.bytesPerSecond,
      recordsWritten: big(input.recordsWritten),
    },
  });
}

/** Stores refused rows, up to the first 1,000 of the run. */
export async function appendDirtyRecords(
  runId: string,
  records: { at: Date; column: string | null; reason: string; record: string }[],
  alreadyStored: number,
): Promise<number> {
  const room = Math.max(0, maxStoredDirtyRecords - alreadyStored);
  const kept = records.slice(0, room);
  if (kept.length) await db.dirtyRecord.createMany({ data: kept.map((record) => ({ runId, ...record })) });
  return kept.length;
}

export type ConnectivityCheckRequest = { id: string; workspaceId: string; dataSourceId: string };

export async function claimConnectivityCheck(input: { workerId: string; resourceGroupId: string }): Promise<ConnectivityCheckRequest | null> {
  const rows = await db.$queryRaw<ConnectivityCheckRequest[]>`
    UPDATE "ConnectivityCheck"
       SET status = 'claimed', "workerId" = ${input.workerId}
     WHERE id = (SELECT id FROM "ConnectivityCheck"
                  WHERE "resourceGroupId" = ${input.resourceGroupId} AND status = 'pending'
                  ORDER BY "requestedAt"
                  LIMIT 1
                  FOR UPDATE SKIP LOCKED)
       AND status = 'pending'
    RETURNING id, "workspaceId", "dataSourceId"`;
  return rows[0] ?? null;
}

export async function answerConnectivityCheck(input: { id: string; workerId: string; ok: boolean; message: string }): Promise<void> {
  await db.$executeRaw`
    UPDATE "ConnectivityCheck"
       SET status = 'answered', ok = ${input.ok}, message = ${input.message.slice(0, 1000)}, "answeredAt" = ${utcNow}
     WHERE id = ${input.id} AND status = 'claimed' AND "workerId" = ${input.workerId}`;
}
