import "server-only";
import { db } from "@/lib/db";
import { ConsoleError } from "@/lib/console-error";
import { dataSourceProblemsInWorkspace } from "@/lib/data/data-sources";
import { resourceGroupForRun } from "@/lib/data/resource-groups";
import { safeParseJobSpec } from "@/lib/sync-engine/job-spec";
import { resolveJob } from "@/lib/sync-engine/runner";
import { createParameterResolver, parseNodeArguments } from "@/lib/sync-engine/scheduling-parameters";
import { isSyncError } from "@/lib/sync-engine/sync-error";
import { bizdateSchema, runVerificationSchema, type RunListFilter, type RunStatusName, type RunVerificationView } from "@/lib/schemas/run";
import { failExpiredRuns } from "@/lib/worker/run-queue";
import { workerTiming } from "@/lib/worker/worker-timing";

/** yyyymmdd of the day before `now`, in the server's time zone (DataWorks' default bizdate). */
export function yesterdayBizdate(now = new Date()): string {
  const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  return `${day.getFullYear()}${String(day.getMonth() + 1).padStart(2, "0")}${String(day.getDate()).padStart(2, "0")}`;
}

function syncErrorToConsole(error: unknown): never {
  if (isSyncError(error)) {
    const details = error.details as { parameters?: string[]; parameter?: string } | undefined;
    const reference = details?.parameters?.[0] ?? details?.parameter;
    const name = reference?.replace(/^\$\{|\}$/g, "").trim();
    throw new ConsoleError("INVALID", error.message, name && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `parameters.${name}` : undefined);
  }
  throw error;
}

/**
 * Checks a node's job spec and parameters and queues a run of it on the node's resource
 * group (or `default`). The spec, the resolved parameters and the bizdate are snapshotted,
 * so later edits of the node do not change what this run (or its rerun) does. Nothing runs
 * here: a worker of the group claims the run.
 */
export async function queueRun(input: {
  workspaceId: string;
  nodeId: string;
  parameters: Record<string, string>;
  triggeredBy: string;
}): Promise<{ runId: string }> {
  const node = await db.syncNode.findFirst({
    where: { id: input.nodeId, workflow: { workspaceId: input.workspaceId } },
    select: { id: true, name: true, jobSpec: true, arguments: true, resourceGroupId: true },
  });
  if (!node) throw new ConsoleError("NOT_FOUND", "This node does not exist in the current workspace.");
  const parsed = safeParseJobSpec(node.jobSpec);
  if (!parsed.ok) {
    throw new ConsoleError("INVALID", `The node's configuration is not complete. ${parsed.message}`);
  }

  const explicit = Object.fromEntries(
    Object.entries(input.parameters)
      .map(([key, value]) => [key.trim(), value.trim()] as const)
      .filter(([key, value]) => key !== "" && value !== ""),
  );
  const bizdateResult = bizdateSchema.safeParse(explicit.bizdate ?? yesterdayBizdate());
  if (!bizdateResult.success) throw new ConsoleError("INVALID", bizdateResult.error.issues[0]!.message, "parameters.bizdate");
  const bizdate = bizdateResult.data;

  let parameters: Record<string, string>;
  try {
    // The node's arguments are resolved now and stored with the run, as the values the
    // run was started with.
    const resolver = createParameterResolver({ parameters: { ...explicit, bizdate }, nodeArguments: node.arguments });
    const fromArguments = Object.fromEntries(
      parseNodeArguments(node.arguments)
        .filter(({ key }) => !Object.hasOwn(explicit, key))
        .map(({ key, value }) => [key, resolver.resolve(value)]),
    );
    parameters = { ...fromArguments, ...explicit, bizdate };
    resolveJob(node.jobSpec, { parameters });
  } catch (error) {
    syncErrorToConsole(error);
  }

  const [sourceProblem] = await dataSourceProblemsInWorkspace(input.workspaceId, node.jobSpec);
  if (sourceProblem) throw new ConsoleError("CONFIG_ERROR", `The node cannot run: ${sourceProblem.path}: ${sourceProblem.message}.`);

  const resourceGroupId = (await resourceGroupForRun({ workspaceId: input.workspaceId, resourceGroupId: node.resourceGroupId })).id;
  const run = await db.run.create({
    data: {
      nodeId: node.id,
      resourceGroupId,
      jobSpec: node.jobSpec as object,
      parameters,
      bizdate,
      triggeredBy: input.triggeredBy,
    },
    select: { id: true },
  });
  await db.runLog.create({
    data: { runId: run.id, line: `Submitted by ${input.triggeredBy} with bizdate=${bizdate}; waiting for a slot of the resource group.` },
  });
  return { runId: run.id };
}

async function runInWorkspace(workspaceId: string, runId: string) {
  const run = await db.run.findFirst({
    where: { id: runId, node: { workflow: { workspaceId } } },
    select: { id: true, status: true, nodeId: true, jobSpec: true, parameters: true, bizdate: true, resourceGroupId: true },
  });
  if (!run) throw new ConsoleError("NOT_FOUND", "This run does not exist in the current workspace.");
  return run;
}

/**
 * Stops a run: a queued run is cancelled at once; a running one gets `cancelRequested`,
 * which its worker reads within a second and aborts the engine.
 */
export async function requestRunStop(workspaceId: string, runId: string, by: string): Promise<{ status: RunStatusName }> {
  const run = await runInWorkspace(workspaceId, runId);
  const cancelled = await db.run.updateMany({
    where: { id: runId, status: "queued" },
    data: { status: "cancelled", cancelRequested: true, endedAt: new Date(), errorCode: "CANCELLED", errorMessage: `Stopped by ${by} before it started.` },
  });
  if (cancelled.count) {
    await db.runLog.create({ data: { runId, level: "warn", line: `Stopped by ${by} while waiting for resources.` } });
    return { status: "cancelled" };
  }
  const requested = await db.run.updateMany({ where: { id: runId, status: "running" }, data: { cancelRequested: true } });
  if (requested.count) {
    await db.runLog.create({ data: { runId, level: "warn", line: `Stop requested by ${by}.` } });
    return { status: "running" };
  }
  const current = await db.run.findUniqueOrThrow({ where: { id: run.id }, select: { status: true } });
  throw new ConsoleError("INVALID", `This run has already ended (${current.status}).`);
}

/** Queues a new run with the same spec, parameters and bizdate as an ended run. */
export async function queueRerun(workspaceId: string, runId: string, triggeredBy: string): Promise<{ runId: string }> {
  const run = await runInWorkspace(workspaceId, runId);
  if (run.status === "queued" || run.status === "running") {
    throw new ConsoleError("INVALID", "This run has not ended yet. Stop it first, or wait for it to end.");
  }
  const resourceGroupId = (await resourceGroupForRun({ workspaceId, resourceGroupId: run.resourceGroupId })).id;
  const created = await db.run.create({
    data: {
      nodeId: run.nodeId,
      resourceGroupId,
      jobSpec: run.jobSpec as object,
      parameters: run.parameters as object,
      bizdate: run.bizdate,
      triggeredBy,
      rerunOfId: run.id,
    },
    select: { id: true },
  });
  await db.runLog.create({
    data: { runId: created.id, line: `Rerun of ${run.id} submitted by ${triggeredBy} with bizdate=${run.bizdate ?? "—"}; waiting for a slot of the resource group.` },
  });
  return { runId: created.id };
}

export type RunSummary = {
  id: string;
  node: { id: string; name: string; workflowName: string };
  status: RunStatusName;
  bizdate: string | null;
  resourceGroupName: string | null;
  submittedAt: string;
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
  recordsWritten: number;
  dirtyRecords: number;
  triggeredBy: string;
};

const summarySelect = {
  id: true,
  status: true,
  bizdate: true,
  submittedAt: true,
  startedAt: true,
  endedAt: true,
  recordsWritten: true,
  dirtyRecords: true,
  triggeredBy: true,
  resourceGroup: { select: { name: true } },
  node: { select: { id: true, name: true, workflow: { select: { name: true } } } },
} as const;

type SummaryRow = {
  id: string;
  status: RunStatusName;
  bizdate: string | null;
  submittedAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  recordsWritten: bigint;
  dirtyRecords: bigint;
  triggeredBy: string;
  resourceGroup: { name: string } | null;
  node: { id: string; name: string; workflow: { name: string } };
};

function durationOf(row: { startedAt: Date | null; endedAt: Date | null }): number | null {
  if (!row.startedAt) return null;
  return (row.endedAt ?? new Date()).getTime() - row.startedAt.getTime();
}

// Counters are BigInt in the database; a run would need 2^53 records to lose precision.
function toSummary(row: SummaryRow): RunSummary {
  return {
    id: row.id,
    node: { id: row.node.id, name: row.node.name, workflowName: row.node.workflow.name },
    status: row.status,
    bizdate: row.bizdate,
    resourceGroupName: row.resourceGroup?.name ?? null,
    submittedAt: row.submittedAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    endedAt: row.endedAt?.toISOString() ?? null,
    durationMs: durationOf(row),
    recordsWritten: Number(row.recordsWritten),
    dirtyRecords: Number(row.dirtyRecords),
    triggeredBy: row.triggeredBy,
  };
}

export async function listRuns(workspaceId: string, filter: Partial<RunListFilter> = {}, take = 200): Promise<RunSummary[]> {
  await failExpiredRuns();
  const rows = await db.run.findMany({
    where: {
      node: { workflow: { workspaceId } },
      ...(filter.nodeId ? { nodeId: filter.nodeId } : {}),
      ...(filter.status ? { status: filter.status } : {}),
    },
    select: summarySelect,
    orderBy: { submittedAt: "desc" },
    take,
  });
  return rows.map(toSummary);
}

/** Nodes of the workspace that have runs, for the Runs page's filter. */
export async function listRunNodeOptions(workspaceId: string): Promise<{ id: string; label: string }[]> {
  const nodes = await db.syncNode.findMany({
    where: { workflow: { workspaceId }, runs: { some: {} } },
    select: { id: true, name: true, workflow: { select: { name: true } } },
    orderBy: { name: "asc" },
  });
  return nodes.map((node) => ({ id: node.id, label: `${node.workflow.name} / ${node.name}` }));
}

export type RunDetail = RunSummary & {
  /** The server's clock when this was read, so the page renders the same durations as the server did. */
  observedAt: string;
  /** Read progress 0-100 (records read of the total), shown under the written progress. */
  readPercent: number | null;
  recordsRead: number;
  bytesRead: number;
  bytesWritten: number;
  totalRecords: number | null;
  percent: number | null;
  cancelRequested: boolean;
  errorCode: string | null;
  errorMessage: string | null;
  /** Verify after writing: counts and checksums on both sides; null when the node does not verify or the run did not get there. */
  verification: RunVerificationView | null;
  parameters: Record<string, string>;
  rerunOfId: string | null;
  worker: { hostname: string; pid: number } | null;
  /** Records and bytes per second: the last sample while running, the average once ended. */
  speed: { recordsPerSecond: number; bytesPerSecond: number };
  /** Where a queued run stands. */
  queue: { ahead: number; slots: number; running: number; workersOnline: number } | null;
  metrics: { at: string; recordsPerSecond: number; bytesPerSecond: number }[];
  dirty: { id: string; at: string; column: string | null; reason: string; record: string }[];
  logs: { id: string; at: string; level: string; line: string }[];
  logsTruncated: boolean;
};

const maxLogLines = 2_000;

export async function getRunDetail(workspaceId: string, runId: string): Promise<RunDetail> {
  await failExpiredRuns();
  const row = await db.run.findFirst({
    where: { id: runId, node: { workflow: { workspaceId } } },
    select: {
      ...summarySelect,
      recordsRead: true,
      bytesRead: true,
      bytesWritten: true,
      totalRecords: true,
      cancelRequested: true,
      errorCode: true,
      errorMessage: true,
      verification: true,
      parameters: true,
      rerunOfId: true,
      workerId: true,
      resourceGroupId: true,
    },
  });
  if (!row) throw new ConsoleError("NOT_FOUND", "This run does not exist in the current workspace.");
  const [metrics, dirty, logCount, logs, worker, queue] = await Promise.all([
    db.runMetric.findMany({ where: { runId }, orderBy: { at: "asc" }, take: 3_600 }),
    db.dirtyRecord.findMany({ where: { runId }, orderBy: { id: "asc" }, take: 200 }),
    db.runLog.count({ where: { runId } }),
    db.runLog.findMany({ where: { runId }, orderBy: { id: "desc" }, take: maxLogLines }),
    row.workerId ? db.worker.findUnique({ where: { id: row.workerId }, select: { hostname: true, pid: true } }) : null,
    row.status === "queued" && row.resourceGroupId ? queuePosition(row.resourceGroupId, row.submittedAt, row.id) : null,
  ]);
  const summary = toSummary(row);
  const recordsWritten = summary.recordsWritten;
  const totalRecords = row.totalRecords === null ? null : Number(row.totalRecords);
  const handled = recordsWritten + summary.dirtyRecords;
  const ended = row.status !== "queued" && row.status !== "running";
  const last = metrics.at(-1);
  const seconds = Math.max((summary.durationMs ?? 0) / 1000, 0.001);
  const bytesWritten = Number(row.bytesWritten);
  const recordsRead = Number(row.recordsRead);
  return {
    ...summary,
    observedAt: new Date().toISOString(),
    readPercent: totalRecords === null ? null : totalRecords === 0 ? 100 : Math.min(100, (recordsRead / totalRecords) * 100),
    recordsRead,
    bytesRead: Number(row.bytesRead),
    bytesWritten,
    totalRecords,
    percent:
      row.status === "succeeded" ? 100 : totalRecords === null ? null : totalRecords === 0 ? 0 : Math.min(100, (handled / totalRecords) * 100),
    cancelRequested: row.cancelRequested,
    errorCode: row.errorCode,
    errorMessage: row.errorMessage,
    verification: row.verification === null ? null : (runVerificationSchema.safeParse(row.verification).data ?? null),
    parameters: (row.parameters ?? {}) as Record<string, string>,
    rerunOfId: row.rerunOfId,
    worker,
    speed: ended
      ? { recordsPerSecond: row.startedAt ? recordsWritten / seconds : 0, bytesPerSecond: row.startedAt ? bytesWritten / seconds : 0 }
      : { recordsPerSecond: last?.recordsPerSecond ?? 0, bytesPerSecond: last?.bytesPerSecond ?? 0 },
    queue,
    metrics: metrics.map((metric) => ({
      at: metric.at.toISOString(),
      recordsPerSecond: metric.recordsPerSecond,
      bytesPerSecond: metric.bytesPerSecond,
    })),
    dirty: dirty.map((record) => ({
      id: String(record.id),
      at: record.at.toISOString(),
      column: record.column,
      reason: record.reason,
      record: record.record,
    })),
    logs: logs.reverse().map((line) => ({ id: String(line.id), at: line.at.toISOString(), level: line.level, line: line.line })),
    logsTruncated: logCount > maxLogLines,
  };
}

/** Where a queued run stands in its resource group (runs ahead, slots in use, workers online). */
export async function queuePosition(resourceGroupId: string, submittedAt: Date, runId: string) {
  const [group, ahead, running, workersOnline] = await Promise.all([
    db.resourceGroup.findUnique({ where: { id: resourceGroupId }, select: { slots: true } }),
    db.run.count({
      where: {
        resourceGroupId,
        status: "queued",
        OR: [{ submittedAt: { lt: submittedAt } }, { submittedAt, id: { lt: runId } }],
      },
    }),
    db.run.count({ where: { resourceGroupId, status: "running" } }),
    db.worker.count({
      where: { resourceGroupId, stoppedAt: null, lastHeartbeatAt: { gte: new Date(Date.now() - workerTiming.onlineWindowMs) } },
    }),
  ]);
  return { ahead, slots: group?.slots ?? 0, running, workersOnline };
}
