import "server-only";
import os from "node:os";
import { checkConnectivity } from "@/lib/connectivity";
import { ConsoleError } from "@/lib/console-error";
import { resolveDataSource } from "@/lib/data/data-sources";
import { findResourceGroupByName } from "@/lib/data/resource-groups";
import { toEngineDataSource } from "@/lib/engine-data-source";
import { schedulerClockFromEnv, type SchedulerClock } from "@/lib/scheduling/scheduler-clock";
import { runJob, type DataSourceConfig, type RunProgress, type RunReport } from "@/lib/sync-engine/runner";
import {
  answerConnectivityCheck,
  appendDirtyRecords,
  appendRunLogs,
  appendRunMetric,
  claimConnectivityCheck,
  claimRuns,
  failExpiredRuns,
  finishRun,
  heartbeat,
  loadRunToExecute,
  markWorkerStopped,
  recordProgress,
  registerWorker,
  type RunCounters,
  type RunOutcome,
  type RunToExecute,
} from "./run-queue";
import { maxStoredDirtyRecords, workerTiming } from "./worker-timing";

export type WorkerTiming = { [K in keyof typeof workerTiming]: number };

export type WorkerHandle = {
  id: string;
  groupName: string;
  /** Runs this worker is executing now. */
  activeRunIds(): string[];
  /** Graceful stop: stops claiming, fails the runs in flight with the reason, marks the worker stopped. */
  stop(): Promise<void>;
  /** For tests: vanish as a killed process would, writing nothing more. */
  crash(): void;
};

type Logger = (line: string) => void;

/** Runs one worker claims per transaction at most. */
const claimAtOnce = 8;

/** The data source names a job spec uses, read loosely: the engine validates the spec itself. */
function dataSourceNamesOf(spec: unknown): string[] {
  const steps = (spec as { steps?: Array<{ parameter?: { datasource?: unknown } }> } | null)?.steps;
  if (!Array.isArray(steps)) return [];
  return [...new Set(steps.map((step) => step?.parameter?.datasource).filter((name): name is string => typeof name === "string" && name !== ""))];
}

/** The data source configurations a run uses: Production for a scheduled run (in a basic-mode workspace, the one there is). */
async function resolveRunDataSource(run: RunToExecute, name: string) {
  if (run.environment !== "production") return resolveDataSource({ workspaceId: run.workspaceId, name });
  try {
    return await resolveDataSource({ workspaceId: run.workspaceId, name, environment: "production" });
  } catch (error) {
    if (run.workspaceMode === "basic" && error instanceof ConsoleError && error.code === "CONFIG_ERROR") {
      return resolveDataSource({ workspaceId: run.workspaceId, name });
    }
    throw error;
  }
}

export const timeoutMessage = (seconds: number) =>
  `The run went on longer than its timeout (${formatTimeout(seconds)}, the node's Timeout definition) and was stopped. A timeout is not rerun automatically: raise the timeout in the node's Properties or make the node faster, then rerun the instance.`;

function formatTimeout(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  if (minutes >= 60 && minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? "" : "s"}`;
  return minutes >= 1 ? `${minutes} minute${minutes === 1 ? "" : "s"}` : `${seconds} seconds`;
}

/**
 * Serves one resource group: heartbeats, claims queued runs while the group has free slots,
 * runs them through the engine and writes their progress, answers connectivity checks, and
 * fails runs whose worker died (of any group).
 */
export async function startWorker(options: {
  groupName: string;
  timing?: Partial<WorkerTiming>;
  log?: Logger;
  /** Where a run's timeout is measured: the scheduler's clock (tests move it), the clock file or the system clock by default. */
  clock?: SchedulerClock;
  /** The engine; the scheduler benchmark passes a trivial one to measure the queue, not the sync. */
  runJob?: typeof runJob;
}): Promise<WorkerHandle> {
  const timing: WorkerTiming = { ...workerTiming, ...options.timing };
  const log = options.log ?? (() => {});
  const clock = options.clock ?? schedulerClockFromEnv();
  const engine = options.runJob ?? runJob;
  const group = await findResourceGroupByName(options.groupName);
  if (!group) {
    throw new Error(`There is no resource group named "${options.groupName}". Create it on the Resource Groups page first.`);
  }
  const hostname = os.hostname();
  const { id: workerId } = await registerWorker({ resourceGroupId: group.id, hostname, pid: process.pid });
  log(`Worker ${workerId} serves resource group "${group.name}" (${group.slots} slots) from ${hostname}, pid ${process.pid}.`);

  type Execution = { controller: AbortController; stopReason: "stop" | "shutdown" | "lost" | "timeout" | null; done: Promise<void> };
  const executions = new Map<string, Execution>();
  let stopping = false;
  let crashed = false;

  const heartbeatTimer = setInterval(() => {
    heartbeat(workerId, timing.leaseMs).catch((error) => log(`Heartbeat failed: ${(error as Error).message}`));
  }, timing.heartbeatMs);

  async function execute(runId: string, execution: Execution): Promise<void> {
    const run = await loadRunToExecute(runId);
    const pendingLogs: { at: Date; level: string; line: string }[] = [];
    const pendingDirty: { at: Date; column: string | null; reason: string; record: string }[] = [];
    let dirtyStored = 0;
    let progress: RunProgress | null = null;
    let totalDirty = 0;
    let lastSample = { at: 0, records: 0 };
    const addLog = (line: string, level = "info", at = new Date()) => pendingLogs.push({ at, level, line });

    const countersOf = (report?: RunReport): RunCounters => ({
      recordsRead: report?.recordsRead ?? progress?.recordsRead ?? 0,
      bytesRead: report?.bytesRead ?? progress?.bytesRead ?? 0,
      recordsWritten: report?.recordsWritten ?? progress?.recordsWritten ?? 0,
      bytesWritten: report?.bytesWritten ?? progress?.bytesWritten ?? 0,
      dirtyRecords: report?.dirtyRecords ?? Math.max(totalDirty, progress?.dirtyRecords ?? 0),
      totalRecords: report?.totalRecords ?? progress?.totalRecords ?? null,
    });

    let flushing: Promise<void> = Promise.resolve();
    const flush = async (final = false) => {
      if (crashed) return;
      const logs = pendingLogs.splice(0);
      const dirty = pendingDirty.splice(0);
      await appendRunLogs(runId, logs);
      if (dirty.length) dirtyStored += await appendDirtyRecords(runId, dirty, dirtyStored);
      if (final) return;
      const state = await recordProgress({ runId, workerId, counters: countersOf() });
      if (!state.owned) {
        if (!execution.controller.signal.aborted) {
          execution.stopReason = "lost";
          execution.controller.abort();
        }
        return;
      }
      if (state.cancelRequested && !execution.controller.signal.aborted) {
        execution.stopReason = "stop";
        addLog("Stop requested: cancelling the run.", "warn");
        execution.controller.abort();
      }
      if (progress && progress.stage === "running") {
        // Records per second through the channels, counted as they are read: a writer may
        // count its rows only when a COPY ends, which would chart a long run as flat zero.
        const now = performance.now();
        const seconds = (now - lastSample.at) / 1000;
        const recordsPerSecond = lastSample.at && seconds > 0 ? Math.max(0, (progress.recordsRead - lastSample.records) / seconds) : progress.recordsPerSecond;
        lastSample = { at: now, records: progress.recordsRead };
        await appendRunMetric({
          runId,
          recordsPerSecond,
          bytesPerSecond: progress.bytesPerSecond,
          recordsWritten: progress.recordsWritten,
        });
      }
    };
    const startedOnClock = clock.now().getTime();
    const flushTimer = setInterval(() => {
      if (run.timeoutSeconds !== null && !execution.controller.signal.aborted && clock.now().getTime() - startedOnClock >= run.timeoutSeconds * 1000) {
        execution.stopReason = "timeout";
        addLog(`Timeout: the run has been going on for its timeout (${formatTimeout(run.timeoutSeconds)}); stopping it.`, "error");
        execution.controller.abort();
      }
      flushing = flushing.then(() => flush()).catch((error) => log(`Run ${runId}: writing progress failed: ${(error as Error).message}`));
    }, timing.flushMs);

    addLog(`Run ${runId} of node ${run.nodeName} started on worker ${hostname} (pid ${process.pid}) of resource group ${group!.name}.`);
    let outcome: RunOutcome;
    try {
      const dataSources: Record<string, DataSourceConfig> = {};
      for (const name of dataSourceNamesOf(run.jobSpec)) {
        try {
          dataSources[name] = toEngineDataSource(await resolveRunDataSource(run, name));
        } catch (error) {
          // Left out: the engine then fails with DATASOURCE_NOT_FOUND naming the step.
          addLog(`Data source ${name}${run.environment === "production" ? " (Production)" : ""}: ${(error as Error).message}`, "warn");
        }
      }
      if (run.environment === "production") addLog("Scheduled run: data sources use their Production configuration.");
      const report = await engine(run.jobSpec, {
        dataSources,
        parameters: run.parameters,
        signal: execution.controller.signal,
        onProgress: (next) => {
          progress = next;
        },
        onLog: (line) => addLog(line.message, line.level, line.at),
        onDirtyRecord: (record, count) => {
          totalDirty = count;
          if (dirtyStored + pendingDirty.length < maxStoredDirtyRecords) {
            pendingDirty.push({ at: new Date(), column: record.column, reason: record.reason, record: JSON.stringify(record.values) });
          }
        },
      });
      outcome = {
        status: report.status,
        errorCode: report.error?.code ?? null,
        errorMessage: report.error?.message ?? null,
        counters: countersOf(report),
        verification: report.verification,
      };
    } catch (error) {
      outcome = { status: "failed", errorCode: "INTERNAL", errorMessage: `The worker failed: ${(error as Error).message}`, counters: countersOf() };
    }
    clearInterval(flushTimer);
    await flushing.catch(() => {});
    if (crashed || execution.stopReason === "lost") return;
    if (execution.stopReason === "shutdown") {
      outcome = {
        ...outcome,
        status: "failed",
        errorCode: "WORKER_STOPPED",
        errorMessage: "The worker was stopped while this run was going on. Rerun it.",
      };
      addLog(`[WORKER_STOPPED] ${outcome.errorMessage}`, "error");
    } else if (execution.stopReason === "stop") {
      outcome = { ...outcome, status: "cancelled", errorCode: "CANCELLED", errorMessage: "Stopped by a user." };
    } else if (execution.stopReason === "timeout") {
      outcome = { ...outcome, status: "failed", errorCode: "TIMEOUT", errorMessage: timeoutMessage(run.timeoutSeconds!) };
      addLog(`[TIMEOUT] ${outcome.errorMessage}`, "error");
    }
    await flush(true);
    await finishRun({ runId, workerId, outcome });
    log(`Run ${runId} ${outcome.status}.`);
  }

  function launch(runId: string) {
    const execution: Execution = { controller: new AbortController(), stopReason: null, done: Promise.resolve() };
    execution.done = execute(runId, execution)
      .catch((error) => log(`Run ${runId}: ${(error as Error).message}`))
      .finally(() => {
        executions.delete(runId);
        // A slot of the group is free now: look for the next queued run without waiting for the poll.
        wake();
      });
    executions.set(runId, execution);
    log(`Claimed run ${runId}.`);
  }

  async function answerCheck(check: { id: string; workspaceId: string; dataSourceId: string }) {
    let report: { ok: boolean; message: string; warning: string | null };
    try {
      const source = await resolveDataSource({ workspaceId: check.workspaceId, id: check.dataSourceId });
      report = await checkConnectivity(toEngineDataSource(source));
    } catch (error) {
      report = { ok: false, message: (error as Error).message, warning: null };
    }
    // The check's answer is one line of text: a warning travels in it.
    const message = report.warning ? `${report.message} Warning: ${report.warning}` : report.message;
    await answerConnectivityCheck({ id: check.id, workerId, ok: report.ok, message });
  }

  let wakeUp: (() => void) | null = null;
  // A run that ends while the loop is claiming still counts: the loop then skips its next pause.
  let wakePending = false;
  const wake = () => {
    if (wakeUp) wakeUp();
    else wakePending = true;
  };
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (wakePending) {
        wakePending = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });

  const loop = (async () => {
    let lastReap = 0;
    while (!stopping && !crashed) {
      try {
        if (Date.now() - lastReap >= timing.reapEveryMs) {
          lastReap = Date.now();
          const failed = await failExpiredRuns();
          if (failed.length) log(`Failed ${failed.length} run(s) whose worker stopped heartbeating: ${failed.join(", ")}.`);
        }
        for (let check = await claimConnectivityCheck({ workerId, resourceGroupId: group.id }); check; check = await claimConnectivityCheck({ workerId, resourceGroupId: group.id })) {
          void answerCheck(check).catch((error) => log(`Connectivity check failed: ${(error as Error).message}`));
        }
        // The group-wide slot count is enforced inside claimRuns; a few at a time leaves some for the group's other workers.
        for (let claimed = await claimRuns({ workerId, resourceGroupId: group.id, leaseMs: timing.leaseMs, max: claimAtOnce }); claimed.length && !stopping; ) {
          for (const run of claimed) launch(run.id);
          claimed = await claimRuns({ workerId, resourceGroupId: group.id, leaseMs: timing.leaseMs, max: claimAtOnce });
        }
      } catch (error) {
        log(`Queue poll failed: ${(error as Error).message}`);
      }
      await pause(timing.pollMs);
    }
  })();

  return {
    id: workerId,
    groupName: group.name,
    activeRunIds: () => [...executions.keys()],
    async stop() {
      stopping = true;
      clearInterval(heartbeatTimer);
      wake();
      await loop;
      for (const execution of executions.values()) {
        execution.stopReason = "shutdown";
        execution.controller.abort();
      }
      await Promise.all([...executions.values()].map((execution) => execution.done));
      await markWorkerStopped(workerId);
    },
    crash() {
      crashed = true;
      stopping = true;
      clearInterval(heartbeatTimer);
      for (const execution of executions.values()) execution.controller.abort();
    },
  };
}
