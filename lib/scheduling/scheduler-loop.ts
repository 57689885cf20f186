import "server-only";
// The scheduler loop. It runs inside every worker process; one per database is active: the
// one holding a PostgreSQL advisory lock on its own connection. The others try the lock on
// every tick and take over as soon as the holder's connection closes (a killed process's
// socket closes at once; a vanished machine is noticed by the server's TCP keepalives, set
// below to give up after about 11 s). Every step is idempotent or conditional, so the short
// overlap when a paused holder wakes up after losing its lock does no harm.
import pg from "pg";
import { db, defaultDatabaseUrl } from "@/lib/db";
import { failExpiredRuns } from "@/lib/worker/run-queue";
import { generateDueDays, generateImmediateDeployments, type SchedulerScope } from "./instance-generation";
import { backfillTick } from "./backfill";
import { dispatchDueInstances } from "./instance-dispatcher";
import { syncInstanceRuns } from "./instance-run-sync";
import { releaseStrandedInstances } from "./instance-release";
import { schedulerClockFromEnv, type SchedulerClock } from "./scheduler-clock";
import { Prisma } from "@/lib/generated/prisma/client";
import { deliverPendingAlertEvents, evaluateAlertRules } from "@/lib/alerts";

/** pg_try_advisory_lock key of "the active scheduler" (any fixed 64-bit number; tests use their own). */
export const schedulerLockKey = 7_272_012n;

export const schedulerTiming = {
  /** The longest pause between ticks; the loop wakes earlier when an instance's time comes sooner. */
  tickMs: 1_000,
  /** Shortest pause, so a busy database is not polled in a spin. */
  minPauseMs: 20,
  /** How often the active scheduler evaluates alert rules and sends due alert events. */
  alertsEveryMs: 5_000,
  /** How often Not run instances whose parents all succeeded but were not released are looked for (releaseStrandedInstances). */
  sweepEveryMs: 60_000,
};

export type SchedulerHandle = {
  /** Whether this scheduler holds the lock and acts. */
  isActive(): boolean;
  /** Resolves after the next complete tick (tests). */
  nextTick(): Promise<void>;
  /** Stops the loop and releases the lock. */
  stop(): Promise<void>;
  /** For tests: dies as a killed process would (the lock connection drops, nothing more is done). */
  crash(): void;
};

type Logger = (line: string) => void;

export type TickReport = {
  generated: { workspaceId: string; day: string; instances: number; inserted: number }[];
  immediate: number;
  dryRuns: number;
  queued: number;
  failedToQueue: number;
  running: number;
  succeeded: number;
  autoReruns: number;
  failed: number;
  backfillDatesReleased: number;
  backfillsFinished: number;
};

/** One pass of the active scheduler: generation, immediate deployments, run sync, backfill release, dispatch. */
export async function schedulerTick(input: { now: Date; log?: Logger; sweepStranded?: boolean } & SchedulerScope): Promise<TickReport> {
  const generated = await generateDueDays({
    ...input,
    onError: (error, due) => input.log?.(`Scheduler: generating ${due.day} for workspace ${due.workspaceId} failed: ${error.message}`),
  });
  const immediate = await generateImmediateDeployments(input);
  // Reaping here too: a group whose workers all died has nobody else to notice its runs.
  await failExpiredRuns();
  const sync = await syncInstanceRuns(input);
  // After run sync (a date whose last instance just ended frees its slot) and before
  // dispatch (a released date's instances are queued in this same tick).
  const backfills = await backfillTick(input);
  if (input.sweepStranded) await releaseStrandedInstances(input);
  const dispatch = await dispatchDueInstances(input);
  return {
    generated,
    immediate: immediate.reduce((sum, row) => sum + row.inserted, 0),
    dryRuns: dispatch.dryRuns,
    queued: dispatch.queued,
    failedToQueue: dispatch.failed,
    ...sync,
    backfillDatesReleased: backfills.released.length,
    backfillsFinished: backfills.finished.length,
  };
}

/** Milliseconds until the earliest waiting instance's time, capped at the tick. */
async function msUntilNextDue(now: Date, scope: SchedulerScope): Promise<number> {
  const rows = await db.$queryRaw<{ next: Date | null }[]>`
    SELECT min("notBefore") AS next FROM "Instance"
     WHERE status IN ('waitingTime', 'notRun') AND NOT frozen
       ${scope.workspaceIds ? Prisma.sql`AND "workspaceId" = ANY(${scope.workspaceIds}::text[])` : Prisma.empty}`;
  const next = rows[0]?.next;
  return next ? new Date(next).getTime() - now.getTime() : Number.POSITIVE_INFINITY;
}

export function startSchedulerLoop(
  options: {
    clock?: SchedulerClock;
    lockKey?: bigint;
    log?: Logger;
    tickMs?: number;
    /** How often alert rules are evaluated and due alerts sent (schedulerTiming.alertsEveryMs). */
    alertsEveryMs?: number;
    connectionString?: string;
  } & SchedulerScope = {},
): SchedulerHandle {
  const clock = options.clock ?? schedulerClockFromEnv();
  const lockKey = options.lockKey ?? schedulerLockKey;
  const log = options.log ?? (() => {});
  const tickMs = options.tickMs ?? schedulerTiming.tickMs;
  const scope: SchedulerScope = options.workspaceIds ? { workspaceIds: options.workspaceIds } : {};
  let client: pg.Client | null = null;
  let active = false;
  let stopping = false;
  let crashed = false;
  let waiters: (() => void)[] = [];
  let wakeUp: (() => void) | null = null;
  // Alerts run beside the ticks, never inside one: a receiver that hangs (cut at its
  // timeout) must not delay an instance's dispatch. A loop scoped to some workspaces (a
  // test's) alerts for those workspaces only.
  const alertScopes: (string | undefined)[] = options.workspaceIds ?? [undefined];
  const alertsEveryMs = options.alertsEveryMs ?? schedulerTiming.alertsEveryMs;
  let alerting: Promise<void> | null = null;
  let lastAlertsAt = 0;
  // The first tick sweeps too: a scheduler taking over may find what a crashed one left.
  let lastSweepAt = 0;
  const runAlerts = (now: Date) => {
    if (alerting || Date.now() - lastAlertsAt < alertsEveryMs) return;
    lastAlertsAt = Date.now();
    alerting = (async () => {
      for (const workspaceId of alertScopes) {
        const evaluated = await evaluateAlertRules({ now, workspaceId });
        const delivered = await deliverPendingAlertEvents({ now, workspaceId });
        if (evaluated.alerts || delivered.sent || delivered.failed) {
          log(`Alerts: ${evaluated.alerts} raised, ${delivered.sent} sent, ${delivered.retrying} to retry, ${delivered.failed} failed.`);
        }
      }
    })()
      .catch((error) => log(`Alerts failed: ${(error as Error).message}`))
      .finally(() => {
        alerting = null;
      });
  };

  const dropConnection = (reason: string) => {
    if (active) log(`Scheduler: lost the lock connection (${reason}); standing by.`);
    active = false;
    const old = client;
    client = null;
    old?.end().catch(() => {});
  };

  async function holdLock(): Promise<boolean> {
    if (!client) {
      const next = new pg.Client({ connectionString: options.connectionString ?? process.env.DATABASE_URL ?? defaultDatabaseUrl, application_name: "synclane-scheduler" });
      next.on("error", (error) => {
        if (client === next) dropConnection(error.message);
      });
      next.on("end", () => {
        if (client === next) dropConnection("connection ended");
      });
      client = next;
      await next.connect();
      // The server notices a holder whose machine vanished within about 5 + 3 x 2 s.
      await next.query("SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3");
    }
    if (!active) {
      const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [lockKey.toString()]);
      if (rows[0]?.locked) {
        active = true;
        log("Scheduler: active (holds the scheduler lock).");
      }
    } else {
      // Still connected (a dropped connection has released the lock).
      await client.query("SELECT 1");
    }
    return active;
  }

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });

  const loop = (async () => {
    while (!stopping) {
      let wait = tickMs;
      let holding = false;
      try {
        holding = await holdLock();
      } catch (error) {
        log(`Scheduler: cannot reach the database for the scheduler lock: ${(error as Error).message}`);
        dropConnection((error as Error).message);
      }
      try {
        if (holding && !crashed) {
          const now = clock.now();
          const sweepStranded = Date.now() - lastSweepAt >= schedulerTiming.sweepEveryMs;
          if (sweepStranded) lastSweepAt = Date.now();
          const report = await schedulerTick({ now, log, sweepStranded, ...scope });
          if (crashed) break;
          runAlerts(now);
          for (const g of report.generated) log(`Scheduler: generated ${g.day} for workspace ${g.workspaceId}: ${g.instances} instances (${g.inserted} new).`);
          if (report.immediate) log(`Scheduler: ${report.immediate} instances for nodes deployed with Immediately After Deployment.`);
          if (report.queued || report.failedToQueue || report.autoReruns || report.failed) {
            log(`Scheduler: queued ${report.queued}, could not queue ${report.failedToQueue}, auto reruns ${report.autoReruns}, failed ${report.failed}.`);
          }
          if (report.backfillDatesReleased || report.backfillsFinished) {
            log(`Scheduler: released ${report.backfillDatesReleased} backfill business dates, ${report.backfillsFinished} backfills ended.`);
          }
          const next = await msUntilNextDue(clock.now(), scope);
          // Still due after a pass: another scheduler holds those rows for a moment; do not spin on them.
          wait = next <= 0 ? Math.min(tickMs, 200) : Math.max(schedulerTiming.minPauseMs, Math.min(tickMs, next));
        }
      } catch (error) {
        if (crashed) break;
        log(`Scheduler tick failed: ${(error as Error).message}`);
      }
      const done = waiters;
      waiters = [];
      for (const resolve of done) resolve();
      if (stopping) break;
      await pause(wait);
    }
  })();

  return {
    isActive: () => active && !crashed && !stopping,
    nextTick: () =>
      new Promise<void>((resolve) => {
        // Wait for a tick that starts after this call: the one running may have read the clock already.
        waiters.push(() => waiters.push(resolve));
        wakeUp?.();
      }),
    async stop() {
      stopping = true;
      wakeUp?.();
      await loop;
      await alerting;
      for (const resolve of waiters) resolve();
      const last = client;
      client = null;
      active = false;
      if (last) {
        await last.query("SELECT pg_advisory_unlock_all()").catch(() => {});
        await last.end().catch(() => {});
      }
    },
    crash() {
      crashed = true;
      stopping = true;
      active = false;
      wakeUp?.();
      const last = client;
      client = null;
      // Destroying the socket is what a killed process's connection does: the server frees the lock.
      (last as unknown as { connection?: { stream?: { destroy(): void } } } | null)?.connection?.stream?.destroy();
    },
  };
}
