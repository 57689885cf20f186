import "server-only";
// Operation Center's reads: deployed nodes (Auto Triggered Nodes), instance lists with
// their filters and per-state counts (Auto Triggered Instances, Test Instances), and one
// instance with its attempts and what it waits for.
import { TZDate } from "@date-fns/tz";
import { db } from "@/lib/db";
import { ConsoleError } from "@/lib/console-error";
import type { Prisma } from "@/lib/generated/prisma/client";
import { queuePosition } from "@/lib/data/runs";
import { cycleText } from "@/lib/scheduling/cycle-text";
import { workspaceTimeZone } from "@/lib/scheduling/instance-parameters";
import {
  displayStatusOf,
  displayStatuses,
  displayStatusText,
  type DisplayStatus,
  type InstanceStatusName,
} from "@/lib/scheduling/instance-status";
import { nextScheduledTime } from "@/lib/scheduling/next-scheduled-time";
import { defaultTimeoutMinutes, nodeSchedulingSchema, recurrenceLabels, rerunPolicyLabels, type NodeScheduling } from "@/lib/scheduling/node-scheduling";
import { rerunRefusal, type RerunPolicy } from "@/lib/scheduling/rerun-policy";
import { cronOf } from "@/lib/scheduling/scheduling-cycle";
import type { InstanceListFilter, ListedInstanceKind } from "@/lib/schemas/instance";
import type { RunStatusName } from "@/lib/schemas/run";
import { failExpiredRuns } from "@/lib/worker/run-queue";

export async function timeZoneOf(workspaceId: string): Promise<string> {
  const workspace = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { schedulingTimeZone: true } });
  return workspaceTimeZone(workspace);
}

export function schedulingOf(stored: unknown): NodeScheduling | null {
  const parsed = nodeSchedulingSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

export type AutoTriggeredNode = {
  id: string;
  name: string;
  workflowName: string;
  /** "Every day at 02:30"; null when the deployed properties cannot be read. */
  cycle: string | null;
  /** The cycle's type (day, hour, minute, ...): the backfill dialog offers a time window for hour and minute cycles. */
  cycleType: string | null;
  cron: string | null;
  nextScheduledAt: string | null;
  owner: string;
  resourceGroupName: string | null;
  recurrence: string;
  rerunPolicy: string;
  frozen: boolean;
  deployedVersion: number;
  deployedAt: string | null;
};

/** Deployed nodes of the workspace (only those are scheduled), by name. */
export async function listAutoTriggeredNodes(workspaceId: string, now: Date): Promise<{ timeZone: string; nodes: AutoTriggeredNode[] }> {
  const timeZone = await timeZoneOf(workspaceId);
  const rows = await db.syncNode.findMany({
    where: { workflow: { workspaceId }, deployedVersionId: { not: null } },
    select: {
      id: true,
      name: true,
      owner: true,
      frozen: true,
      workflow: { select: { name: true } },
      deployedVersion: { select: { version: true, scheduling: true, resourceGroupId: true, deployedAt: true } },
    },
    orderBy: { name: "asc" },
  });
  const groupIds = [...new Set(rows.map((row) => row.deployedVersion?.resourceGroupId).filter((id): id is string => Boolean(id)))];
  const groups = new Map((await db.resourceGroup.findMany({ where: { id: { in: groupIds } }, select: { id: true, name: true } })).map((g) => [g.id, g.name]));
  const nodes = rows.map((row): AutoTriggeredNode => {
    const scheduling = schedulingOf(row.deployedVersion?.scheduling);
    const next = scheduling && scheduling.recurrence !== "pause" ? nextScheduledTime(scheduling, timeZone, now) : null;
    return {
      id: row.id,
      name: row.name,
      workflowName: row.workflow.name,
      cycle: scheduling ? cycleText(scheduling.cycle) : null,
      cycleType: scheduling?.cycle.type ?? null,
      cron: scheduling ? cronOf(scheduling.cycle) : null,
      nextScheduledAt: next?.toISOString() ?? null,
      owner: row.owner,
      resourceGroupName: row.deployedVersion?.resourceGroupId ? (groups.get(row.deployedVersion.resourceGroupId) ?? null) : null,
      recurrence: scheduling ? recurrenceLabels[scheduling.recurrence] : "—",
      rerunPolicy: scheduling ? rerunPolicyLabels[scheduling.rerun] : "—",
      frozen: row.frozen,
      deployedVersion: row.deployedVersion?.version ?? 0,
      deployedAt: row.deployedVersion?.deployedAt?.toISOString() ?? null,
    };
  });
  return { timeZone, nodes };
}

export type InstanceSummary = {
  id: string;
  kind: "auto" | "test" | "backfill";
  node: { id: string; name: string; workflowName: string };
  bizdate: string;
  scheduledAt: string;
  status: InstanceStatusName;
  displayStatus: DisplayStatus;
  /** The state in words, with a dry run's reason. */
  statusText: string;
  frozen: boolean;
  dryRun: boolean;
  dryRunReason: string | null;
  message: string | null;
  setSucceededBy: string | null;
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
  runNumber: number;
  currentRunId: string | null;
  /** Why Rerun is refused (the node's Rerun property, or the state), null when allowed. */
  rerunRefusal: string | null;
  createdBy: string;
};

export const summarySelect = {
  id: true,
  kind: true,
  bizdate: true,
  scheduledAt: true,
  status: true,
  frozen: true,
  dryRun: true,
  dryRunReason: true,
  message: true,
  setSucceededBy: true,
  startedAt: true,
  endedAt: true,
  runNumber: true,
  currentRunId: true,
  createdBy: true,
  node: { select: { id: true, name: true, workflow: { select: { name: true } }, deployedVersion: { select: { scheduling: true } } } },
} satisfies Prisma.InstanceSelect;

export type SummaryRow = Prisma.InstanceGetPayload<{ select: typeof summarySelect }>;

function rerunPolicyOf(stored: unknown | undefined): RerunPolicy | null {
  if (stored === undefined) return null;
  return schedulingOf(stored)?.rerun ?? "allDenied";
}

// Start and end are the attempts' wall-clock times, so a running one's duration is too
// (not the scheduler's clock, which tests move).
function durationOf(row: { startedAt: Date | null; endedAt: Date | null }): number | null {
  return row.startedAt ? Math.max(0, (row.endedAt ?? new Date()).getTime() - row.startedAt.getTime()) : null;
}

export function toSummary(row: SummaryRow): InstanceSummary {
  const durationMs = durationOf(row);
  return {
    id: row.id,
    kind: row.kind,
    node: { id: row.node.id, name: row.node.name, workflowName: row.node.workflow.name },
    bizdate: row.bizdate,
    scheduledAt: row.scheduledAt.toISOString(),
    status: row.status,
    displayStatus: displayStatusOf(row),
    statusText: displayStatusText(row),
    frozen: row.frozen,
    dryRun: row.dryRun,
    dryRunReason: row.dryRunReason,
    message: row.message,
    setSucceededBy: row.setSucceededBy,
    startedAt: row.startedAt?.toISOString() ?? null,
    endedAt: row.endedAt?.toISOString() ?? null,
    durationMs,
    runNumber: row.runNumber,
    currentRunId: row.currentRunId,
    rerunRefusal: rerunRefusal(rerunPolicyOf(row.node.deployedVersion?.scheduling), row.status),
    createdBy: row.createdBy,
  };
}

const terminal: InstanceStatusName[] = ["succeeded", "failed"];
const waiting: InstanceStatusName[] = ["notRun", "waitingTime", "waitingResources", "running"];

/** The rows a display state stands for (its flags decide Frozen and Dry run). */
function whereDisplayStatus(status: DisplayStatus): Prisma.InstanceWhereInput {
  switch (status) {
    case "frozen":
      return { frozen: true, status: { in: waiting } };
    case "dryRun":
      return { status: "succeeded", dryRun: true, setSucceededBy: null };
    case "succeeded":
      return { status: "succeeded", NOT: { dryRun: true, setSucceededBy: null } };
    case "failed":
      return { status: "failed" };
    default:
      return { status, frozen: false };
  }
}

/** A day (yyyy-MM-dd) in a time zone as the instants [start, end). */
function dayRange(day: string, timeZone: string): { gte: Date; lt: Date } {
  const [year, month, date] = day.split("-").map(Number);
  return {
    gte: new Date(new TZDate(year, month - 1, date, timeZone).getTime()),
    lt: new Date(new TZDate(year, month - 1, date + 1, timeZone).getTime()),
  };
}

export type InstanceList = {
  timeZone: string;
  /** The scheduler's clock when this was read. */
  observedAt: string;
  instances: InstanceSummary[];
  /** Instances per state under the filters other than the state itself (the summary strip). */
  counts: Record<DisplayStatus, number>;
  /** More rows matched than are listed. */
  truncated: boolean;
};

export const instanceListLimit = 500;

/** Auto-triggered or test instances of the workspace, newest scheduled time first. */
export async function listInstances(input: { workspaceId: string; kind: ListedInstanceKind; filter: InstanceListFilter; now: Date }): Promise<InstanceList> {
  await failExpiredRuns();
  const timeZone = await timeZoneOf(input.workspaceId);
  const { filter } = input;
  const base: Prisma.InstanceWhereInput = {
    workspaceId: input.workspaceId,
    kind: input.kind,
    ...(filter.bizdate ? { bizdate: filter.bizdate.replaceAll("-", "") } : {}),
    ...(filter.date ? { scheduledAt: dayRange(filter.date, timeZone) } : {}),
    ...(filter.nodeId ? { nodeId: filter.nodeId } : {}),
  };
  const [rows, groups] = await Promise.all([
    db.instance.findMany({
      where: filter.status ? { AND: [base, whereDisplayStatus(filter.status)] } : base,
      select: summarySelect,
      orderBy: [{ scheduledAt: "desc" }, { generatedAt: "desc" }, { id: "asc" }],
      take: instanceListLimit + 1,
    }),
    db.instance.groupBy({ by: ["status", "frozen", "dryRun", "setSucceededBy"], where: base, _count: { _all: true } }),
  ]);
  const counts = Object.fromEntries(displayStatuses.map((status) => [status, 0])) as Record<DisplayStatus, number>;
  for (const group of groups) counts[displayStatusOf(group)] += group._count._all;
  return {
    timeZone,
    observedAt: input.now.toISOString(),
    instances: rows.slice(0, instanceListLimit).map(toSummary),
    counts,
    truncated: rows.length > instanceListLimit,
  };
}

/** Nodes that have instances of a kind, for the node filter. */
export async function listInstanceNodeOptions(workspaceId: string, kind: ListedInstanceKind): Promise<{ id: string; label: string }[]> {
  const nodes = await db.syncNode.findMany({
    where: { workflow: { workspaceId }, OR: [{ instances: { some: { kind } } }, { deployedVersionId: { not: null } }] },
    select: { id: true, name: true, workflow: { select: { name: true } } },
    orderBy: { name: "asc" },
  });
  return nodes.map((node) => ({ id: node.id, label: `${node.workflow.name} / ${node.name}` }));
}

export type InstanceAttempt = {
  runId: string;
  runNumber: number | null;
  status: RunStatusName;
  triggeredBy: string;
  submittedAt: string;
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
  errorCode: string | null;
  errorMessage: string | null;
};

export type InstanceDetail = InstanceSummary & {
  timeZone: string;
  observedAt: string;
  parameters: Record<string, string>;
  notBefore: string;
  generatedAt: string;
  autoRerunsUsed: number;
  autoRerun: { times: number; intervalMinutes: number } | null;
  rerunPolicy: string | null;
  recurrence: string | null;
  timeoutMinutes: number | null;
  resourceGroupName: string | null;
  /** What it waits for, in sentences; empty once it has ended or while it runs. */
  waitsFor: string[];
  attempts: InstanceAttempt[];
};

/** One instance with its parameters, attempts and what it waits for. */
export async function getInstanceDetail(workspaceId: string, instanceId: string, now: Date): Promise<InstanceDetail> {
  await failExpiredRuns();
  const row = await db.instance.findFirst({
    where: { id: instanceId, workspaceId },
    select: {
      ...summarySelect,
      parameters: true,
      notBefore: true,
      generatedAt: true,
      autoRerunsUsed: true,
      node: { select: { id: true, name: true, workflow: { select: { name: true } }, deployedVersion: { select: { scheduling: true, resourceGroupId: true } } } },
      currentRun: { select: { id: true, status: true, resourceGroupId: true, submittedAt: true } },
      runs: {
        select: { id: true, runNumber: true, status: true, triggeredBy: true, submittedAt: true, startedAt: true, endedAt: true, errorCode: true, errorMessage: true },
        orderBy: [{ runNumber: "desc" }, { submittedAt: "desc" }],
      },
    },
  });
  if (!row) throw new ConsoleError("NOT_FOUND", "This instance does not exist in the current workspace.");
  const timeZone = await timeZoneOf(workspaceId);
  const scheduling = schedulingOf(row.node.deployedVersion?.scheduling);
  const groupId = row.currentRun?.resourceGroupId ?? row.node.deployedVersion?.resourceGroupId ?? null;
  const group = groupId ? await db.resourceGroup.findUnique({ where: { id: groupId }, select: { name: true } }) : null;
  const queue = row.status === "waitingResources" && row.currentRun?.status === "queued" && row.currentRun.resourceGroupId
    ? await queuePosition(row.currentRun.resourceGroupId, row.currentRun.submittedAt, row.currentRun.id)
    : null;

  const summary = toSummary(row);
  const when = (at: Date) => `${new TZDate(at.getTime(), timeZone).toISOString().slice(0, 19).replace("T", " ")} (${timeZone})`;
  const waitsFor: string[] = [];
  // The parents that have not succeeded, each with its state (DataWorks' gray Not run).
  const pendingParents = terminal.includes(row.status)
    ? []
    : await db.instanceDependency.findMany({
        where: { childId: row.id, parent: { status: { not: "succeeded" } } },
        select: { kind: true, parent: { select: { id: true, status: true, frozen: true, dryRun: true, scheduledAt: true, node: { select: { name: true } } } } },
        orderBy: { parent: { scheduledAt: "asc" } },
        take: 20,
      });
  if (!terminal.includes(row.status)) {
    for (const { kind, parent } of pendingParents) {
      waitsFor.push(
        `Parent ${parent.node.name} at ${when(parent.scheduledAt)}${kind === "crossCycle" ? " (previous cycle)" : ""}: ${displayStatusText({ ...parent, dryRunReason: null })}${parent.status === "failed" ? " — rerun it or set it to succeeded to let this instance run" : parent.frozen ? " — unfreeze it to let this instance run" : ""}.`,
      );
    }
    if (row.frozen) {
      waitsFor.push("Being unfrozen: a frozen instance does not run, and what depends on it waits too. Unfreeze it to let it run.");
    }
    if (row.status === "notRun" || row.status === "waitingTime") {
      if (row.notBefore > now) {
        waitsFor.push(
          row.autoRerunsUsed > 0
            ? `The auto-rerun interval: attempt ${row.runNumber} failed, so auto rerun ${row.autoRerunsUsed}${scheduling?.autoRerun ? ` of ${scheduling.autoRerun.times}` : ""} starts at ${when(row.notBefore)}.`
            : `Its time: ${when(row.notBefore)}.`,
        );
      } else if (!row.frozen && !pendingParents.length) {
        waitsFor.push(
          row.dryRun
            ? "Nothing: its time has come, and the scheduler marks this dry run succeeded without running it."
            : "Nothing: its time has come, and the scheduler queues it on its resource group within seconds.",
        );
      }
      if (row.dryRun) waitsFor.push(`It is a dry run${row.dryRunReason ? ` (${row.dryRunReason})` : ""}: at its time it succeeds without running anything.`);
    }
    if (row.status === "waitingResources") {
      if (queue) {
        waitsFor.push(
          `A free slot of resource group ${group?.name ?? "—"}: ${queue.running} of ${queue.slots} slots are in use${queue.ahead ? `, ${queue.ahead} run(s) ahead in the queue` : ""}.`,
        );
        if (queue.workersOnline === 0) waitsFor.push(`No worker of ${group?.name ?? "the group"} is online: start one with npm run worker -- --group ${group?.name ?? "NAME"}.`);
      } else {
        waitsFor.push(`A free slot of resource group ${group?.name ?? "—"}.`);
      }
    }
  }

  return {
    ...summary,
    timeZone,
    observedAt: now.toISOString(),
    parameters: (row.parameters ?? {}) as Record<string, string>,
    notBefore: row.notBefore.toISOString(),
    generatedAt: row.generatedAt.toISOString(),
    autoRerunsUsed: row.autoRerunsUsed,
    autoRerun: scheduling?.autoRerun ?? null,
    rerunPolicy: scheduling ? rerunPolicyLabels[scheduling.rerun] : null,
    recurrence: scheduling ? recurrenceLabels[scheduling.recurrence] : null,
    timeoutMinutes: scheduling ? (scheduling.timeoutMinutes ?? defaultTimeoutMinutes) : null,
    resourceGroupName: group?.name ?? null,
    waitsFor,
    attempts: row.runs.map((run) => ({
      runId: run.id,
      runNumber: run.runNumber,
      status: run.status,
      triggeredBy: run.triggeredBy,
      submittedAt: run.submittedAt.toISOString(),
      startedAt: run.startedAt?.toISOString() ?? null,
      endedAt: run.endedAt?.toISOString() ?? null,
      durationMs: durationOf(run),
      errorCode: run.errorCode,
      errorMessage: run.errorMessage,
    })),
  };
}
