import { format } from "date-fns";
import { TZDate } from "@date-fns/tz";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { workspaceTimeZone } from "@/lib/scheduling/instance-parameters";
import { alertTriggerLabels, type AlertChannelName, type AlertTriggerName } from "@/lib/schemas/alert-rule";
import { consoleBaseUrl, type AlertFacts } from "./alert-message";
import { quietHoursEnd, startOfDayIn, uncompletedDeadline } from "./alert-time";
import { maskUrl, urlKey } from "./mask-url";

/**
 * DataWorks watches the business dates T, T-1 and T-2 (T = yesterday); an instance is
 * scheduled the day after its business date, so three days back covers them and keeps
 * every query on a bounded slice of the Instance table.
 */
const windowMs = 3 * 24 * 3600_000;
// At most this many new alerts per rule per call: a backlog (a rule enabled over a day of
// failures) is worked off over a few calls instead of in one long one.
const candidatesPerRule = 200;

type Rule = Prisma.AlertRuleGetPayload<{ include: { workspace: { select: { name: true; schedulingTimeZone: true } } } }>;

const instanceInclude = {
  node: { select: { id: true, name: true, workflowId: true } },
  currentRun: { select: { id: true, status: true, startedAt: true, errorMessage: true } },
} satisfies Prisma.InstanceInclude;
type CandidateInstance = Prisma.InstanceGetPayload<{ include: typeof instanceInclude }>;

/** One alert to raise: an instance (and for per-attempt triggers, which attempt) that met the rule. */
type Candidate = { instance: CandidateInstance; attempt: number; runId: string | null; errorMessage: string | null; detail: string; at: Date };

export type EvaluationSummary = { rules: number; alerts: number; suppressed: number; held: number; errors: number };

/**
 * Checks every enabled rule against auto-triggered instances (as in DataWorks, test and
 * backfill instances never alert) and records one AlertEvent per recipient for each new
 * alert. Idempotent: an alert already recorded (rule, instance, trigger, attempt,
 * recipient) is never recorded again, so the scheduler may call it every few seconds.
 * Sending is `deliverPendingAlertEvents`' job; this only writes rows.
 */
export async function evaluateAlertRules(input: { now?: Date; workspaceId?: string } = {}): Promise<EvaluationSummary> {
  const now = input.now ?? new Date();
  const rules = await db.alertRule.findMany({
    where: { enabled: true, ...(input.workspaceId ? { workspaceId: input.workspaceId } : {}) },
    include: { workspace: { select: { name: true, schedulingTimeZone: true } } },
    orderBy: { createdAt: "asc" },
  });
  const summary: EvaluationSummary = { rules: rules.length, alerts: 0, suppressed: 0, held: 0, errors: 0 };
  for (const rule of rules) {
    // One rule that cannot be evaluated (a database hiccup) must not silence the others;
    // the next call tries it again.
    try {
      const candidates = await findCandidates(rule, now);
      const fresh = await withoutRecorded(rule, candidates);
      if (fresh.length > 0) {
        const limits = await limitStateOf(rule, now);
        const rows = fresh.map((candidate) => alertRows(rule, candidate, now, limits));
        await db.alertEvent.createMany({ data: rows.flatMap((row) => row.data), skipDuplicates: true });
        for (const row of rows) summary[row.outcome] += 1;
      }
      if (outcomeTriggers.has(rule.trigger as AlertTriggerName)) {
        await db.alertRule.updateMany({ where: { id: rule.id }, data: { outcomesCheckedUntil: outcomesCheckedUntil(candidates, now) } });
      }
    } catch (error) {
      summary.errors += 1;
      console.error(`Alert rule ${rule.name} (${rule.id}) of workspace ${rule.workspace.name} could not be evaluated:`, (error as Error).message);
    }
  }
  return summary;
}

/**
 * The instances a rule watches, as a filter the Instance table's unique index
 * (nodeId, kind, scheduledAt, batch) answers: the rule's nodes, auto-triggered, scheduled
 * within the window. Resolving workflows and the workspace to node ids first keeps every
 * query on that index however large the table grows.
 */
async function scopeOf(rule: Rule, windowStart: Date, now: Date): Promise<{ nodeIds: string[]; where: Prisma.InstanceWhereInput }> {
  let nodeIds = rule.objectIds;
  if (rule.objectType !== "node") {
    const nodes = await db.syncNode.findMany({
      where: rule.objectType === "workflow" ? { workflowId: { in: rule.objectIds }, workflow: { workspaceId: rule.workspaceId } } : { workflow: { workspaceId: rule.workspaceId } },
      select: { id: true },
    });
    nodeIds = nodes.map((node) => node.id);
  }
  return { nodeIds, where: { workspaceId: rule.workspaceId, nodeId: { in: nodeIds }, kind: "auto", scheduledAt: { gte: windowStart, lte: now } } };
}

function latest(...dates: Date[]): Date {
  return new Date(Math.max(...dates.map((date) => date.getTime())));
}

const outcomeTriggers = new Set<AlertTriggerName>(["error", "errorAfterAutoRerun", "finished"]);
// Outcomes are written by workers whose transactions may commit a little after the time
// they record; reading on from a few minutes before the last look catches those.
const lateWriterMarginMs = 5 * 60_000;

/**
 * Where the next look at outcomes starts: after a full page, at the last outcome read (so
 * a backlog is worked through page by page, never re-reading one page for ever); after a
 * short page, at now less the margin. Already recorded alerts are skipped anyway.
 */
function outcomesCheckedUntil(candidates: Candidate[], now: Date): Date {
  return candidates.length >= candidatesPerRule ? candidates[candidates.length - 1].at : new Date(now.getTime() - lateWriterMarginMs);
}

async function findCandidates(rule: Rule, now: Date): Promise<Candidate[]> {
  const windowStart = new Date(now.getTime() - windowMs);
  const { nodeIds, where: scope } = await scopeOf(rule, windowStart, now);
  // Outcomes (error, finished) alert from the rule's creation on, never for history, and
  // from where the last evaluation stopped reading (a rerun's new outcome ends later, so
  // it is read again and alerts with its new attempt number).
  const since = latest(windowStart, rule.createdAt, rule.outcomesCheckedUntil ?? windowStart);
  const take = candidatesPerRule;
  const minutes = rule.thresholdMinutes ?? 0;
  switch (rule.trigger as AlertTriggerName) {
    case "error": {
      // Every failed attempt, including those an automatic rerun will follow.
      const runs = await db.run.findMany({
        where: { status: "failed", endedAt: { gte: since, lte: now }, instance: scope },
        include: { instance: { include: instanceInclude } },
        orderBy: { endedAt: "asc" },
        take,
      });
      return runs.flatMap((run) =>
        run.instance ? [{ instance: run.instance, attempt: run.runNumber ?? 0, runId: run.id, errorMessage: run.errorMessage, detail: `Attempt ${run.runNumber ?? 1} failed.`, at: run.endedAt ?? now }] : [],
      );
    }
    case "errorAfterAutoRerun": {
      const instances = await db.instance.findMany({ where: { ...scope, status: "failed", endedAt: { gte: since, lte: now } }, include: instanceInclude, orderBy: { endedAt: "asc" }, take });
      return instances.map((instance) => ({
        instance,
        attempt: instance.runNumber,
        runId: instance.currentRunId,
        errorMessage: instance.currentRun?.errorMessage ?? instance.message,
        detail: instance.autoRerunsUsed ? `Failed after ${instance.autoRerunsUsed} automatic rerun${instance.autoRerunsUsed > 1 ? "s" : ""}.` : "Failed; no automatic rerun was left.",
        at: instance.endedAt ?? now,
      }));
    }
    case "finished": {
      const instances = await db.instance.findMany({ where: { ...scope, status: "succeeded", dryRun: false, endedAt: { gte: since, lte: now } }, include: instanceInclude, orderBy: { endedAt: "asc" }, take });
      return instances.map((instance) => ({ instance, attempt: instance.runNumber, runId: instance.currentRunId, errorMessage: null, detail: "Succeeded.", at: instance.endedAt ?? now }));
    }
    case "uncompletedBy": {
      const timeZone = workspaceTimeZone(rule.workspace);
      const time = rule.uncompletedByTime ?? "23:59";
      // The latest deadline (hour 47) is 3 days after the business date's midnight, so an
      // instance scheduled within the window can still be due; the deadline is checked here.
      const instances = await db.instance.findMany({ where: { ...scope, status: { not: "succeeded" }, frozen: false, alertEvents: { none: { ruleId: rule.id } } }, include: instanceInclude, orderBy: { scheduledAt: "asc" }, take: take * 4 });
      return instances.flatMap((instance) => {
        const deadline = uncompletedDeadline({ bizdate: instance.bizdate, time, timeZone });
        if (deadline > now || deadline < windowStart) return [];
        return [{ instance, attempt: 0, runId: instance.currentRunId, errorMessage: instance.currentRun?.errorMessage ?? instance.message, detail: `Not succeeded by ${formatIn(deadline, timeZone)} (uncompleted by ${time}).`, at: deadline }];
      }).slice(0, take);
    }
    case "uncompletedInCycle": {
      // DataWorks' Uncompleted in Cycle: the instance has not succeeded when its cycle is
      // over, that is at the scheduled time of the node's next instance (an hourly node's
      // 01:00 instance by 02:00), plus the rule's allowance.
      const due = new Date(now.getTime() - minutes * 60_000);
      const overdue = await cycleOverdueInstances({ rule, nodeIds, windowStart, now, due, take });
      const instances = await db.instance.findMany({ where: { id: { in: overdue.map((row) => row.id) } }, include: instanceInclude, orderBy: { scheduledAt: "asc" } });
      const cycleEnds = new Map(overdue.map((row) => [row.id, row.cycleEnd]));
      return instances.map((instance) => {
        const cycleEnd = cycleEnds.get(instance.id)!;
        const deadline = new Date(cycleEnd.getTime() + minutes * 60_000);
        const allowance = minutes ? ` and the allowance of ${minutes} minute${minutes > 1 ? "s" : ""}` : "";
        return {
          instance,
          attempt: 0,
          runId: instance.currentRunId,
          errorMessage: instance.currentRun?.errorMessage ?? instance.message,
          detail: `Not succeeded by ${formatIn(deadline, timeZoneOf(rule))}: its cycle ended at ${formatIn(cycleEnd, timeZoneOf(rule))} (the node's next instance)${allowance}.`,
          at: deadline,
        };
      });
    }
    case "timedOut": {
      const startedBefore = new Date(now.getTime() - minutes * 60_000);
      const instances = await db.instance.findMany({
        where: { ...scope, status: "running", currentRun: { status: "running", startedAt: { gte: windowStart, lte: startedBefore } } },
        include: instanceInclude,
        orderBy: { scheduledAt: "asc" },
        take,
      });
      return instances.map((instance) => ({
        instance,
        attempt: instance.runNumber,
        runId: instance.currentRunId,
        errorMessage: null,
        detail: `Running for more than ${minutes} minutes (attempt ${instance.runNumber} started ${instance.currentRun?.startedAt?.toISOString() ?? "?"}).`,
        at: new Date((instance.currentRun?.startedAt ?? now).getTime() + minutes * 60_000),
      }));
    }
  }
}

const timeZoneOf = (rule: Rule) => workspaceTimeZone(rule.workspace);

/**
 * The rule's instances not succeeded (and not frozen) whose cycle ended before `due`: the
 * node's next auto instance is scheduled at or before it. One lookup per instance on the
 * unique index (nodeId, kind, scheduledAt, batch). An instance without a next one (the
 * next day not generated yet, the node undeployed, its validity over) has no known end and
 * does not alert. Those already alerted by the rule are left out in SQL, so a page is
 * never filled with them.
 */
async function cycleOverdueInstances(input: { rule: Rule; nodeIds: string[]; windowStart: Date; now: Date; due: Date; take: number }): Promise<{ id: string; cycleEnd: Date }[]> {
  if (!input.nodeIds.length) return [];
  return db.$queryRaw<{ id: string; cycleEnd: Date }[]>`
    SELECT i.id, nx."scheduledAt" AS "cycleEnd"
      FROM "Instance" i
      CROSS JOIN LATERAL (
        SELECT n."scheduledAt" FROM "Instance" n
         WHERE n."nodeId" = i."nodeId" AND n.kind = 'auto' AND n.batch = '' AND n."scheduledAt" > i."scheduledAt"
         ORDER BY n."scheduledAt" LIMIT 1) nx
     WHERE i."nodeId" = ANY(${input.nodeIds}::text[]) AND i."workspaceId" = ${input.rule.workspaceId}
       AND i.kind = 'auto' AND i.batch = ''
       AND i."scheduledAt" >= ${input.windowStart.toISOString()}::timestamp AND i."scheduledAt" <= ${input.now.toISOString()}::timestamp
       AND i.status <> 'succeeded' AND NOT i.frozen
       AND nx."scheduledAt" <= ${input.due.toISOString()}::timestamp
       AND NOT EXISTS (SELECT 1 FROM "AlertEvent" e WHERE e."ruleId" = ${input.rule.id} AND e."instanceId" = i.id)
     ORDER BY i."scheduledAt"
     LIMIT ${input.take}`;
}

function formatIn(at: Date, timeZone: string): string {
  return format(new TZDate(at.getTime(), timeZone), "yyyy-MM-dd HH:mm");
}

async function withoutRecorded(rule: Rule, candidates: Candidate[]): Promise<Candidate[]> {
  if (candidates.length === 0) return [];
  const recorded = await db.alertEvent.findMany({
    where: { ruleId: rule.id, trigger: rule.trigger, instanceId: { in: [...new Set(candidates.map((candidate) => candidate.instance.id))] } },
    select: { instanceId: true, attempt: true },
    distinct: ["instanceId", "attempt"],
  });
  const seen = new Set(recorded.map((event) => `${event.instanceId}/${event.attempt}`));
  return candidates.filter((candidate) => {
    const key = `${candidate.instance.id}/${candidate.attempt}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

type Recipient = { channel: AlertChannelName; recipient: string; recipientKey: string };

export function recipientsOf(rule: Pick<Rule, "emails" | "webhookUrls" | "dingtalkUrl" | "larkUrl" | "wecomUrl">): Recipient[] {
  const robot = (channel: AlertChannelName, url: string): Recipient[] => (url ? [{ channel, recipient: maskUrl(url), recipientKey: urlKey(url) }] : []);
  return [
    ...rule.emails.map((address) => ({ channel: "email" as const, recipient: address, recipientKey: address })),
    ...rule.webhookUrls.flatMap((url) => robot("webhook", url)),
    ...robot("dingtalk", rule.dingtalkUrl),
    ...robot("lark", rule.larkUrl),
    ...robot("wecom", rule.wecomUrl),
  ];
}

/**
 * The rule's limits, in this order: quiet hours hold the alert (it is sent when they end;
 * an alert is about something that still matters in the morning), then the maximum per
 * day and the minimum interval suppress it (recorded as `suppressed` with the reason, so
 * it is seen on the Alert events page, never lost silently). Counted per alert, not per
 * recipient; days are the workspace's time zone's.
 */
type LimitState = { timeZone: string; alertsToday: number; lastAt: Date | null; quietUntil: Date | null };

/** What the rule's limits stand at before this call's alerts: read once per rule and call. */
async function limitStateOf(rule: Rule, now: Date): Promise<LimitState> {
  const timeZone = workspaceTimeZone(rule.workspace);
  const counted = { ruleId: rule.id, status: { not: "suppressed" as const } };
  const [today, last] = await Promise.all([
    db.alertEvent.findMany({
      where: { ...counted, createdAt: { gte: startOfDayIn(now, timeZone), lte: now } },
      select: { instanceId: true, trigger: true, attempt: true },
      distinct: ["instanceId", "trigger", "attempt"],
      // More than the maximum never changes the decision.
      take: rule.maxAlertsPerDay,
    }),
    db.alertEvent.findFirst({ where: { ...counted, createdAt: { lte: now } }, orderBy: { createdAt: "desc" }, select: { createdAt: true } }),
  ]);
  return { timeZone, alertsToday: today.length, lastAt: last?.createdAt ?? null, quietUntil: quietHoursEnd({ now, start: rule.quietStart, end: rule.quietEnd, timeZone }) };
}

/** The events of one alert (one per recipient), deciding its status against the limits and counting it in. */
function alertRows(rule: Rule, candidate: Candidate, now: Date, limits: LimitState): { outcome: "alerts" | "suppressed" | "held"; data: Prisma.AlertEventCreateManyInput[] } {
  const { timeZone } = limits;
  let status: "pending" | "suppressed" = "pending";
  let lastError: string | null = null;
  if (limits.alertsToday >= rule.maxAlertsPerDay) {
    status = "suppressed";
    lastError = `Not sent: the rule's maximum of ${rule.maxAlertsPerDay} alert${rule.maxAlertsPerDay > 1 ? "s" : ""} per day was reached.`;
  } else if (limits.lastAt && now.getTime() - limits.lastAt.getTime() < rule.minIntervalMinutes * 60_000) {
    status = "suppressed";
    lastError = `Not sent: within the rule's minimum interval of ${rule.minIntervalMinutes} minutes since the last alert (${formatIn(limits.lastAt, timeZone)}).`;
  } else {
    limits.alertsToday += 1;
    limits.lastAt = now;
  }
  const heldUntil = status === "pending" ? limits.quietUntil : null;
  if (heldUntil) lastError = `Held: quiet hours ${rule.quietStart}-${rule.quietEnd}; sent from ${formatIn(heldUntil, timeZone)}.`;

  const { instance } = candidate;
  const base = consoleBaseUrl();
  const facts: AlertFacts = {
    rule: rule.name,
    ruleId: rule.id,
    trigger: rule.trigger as AlertTriggerName,
    triggerLabel: alertTriggerLabels[rule.trigger as AlertTriggerName],
    workspace: rule.workspace.name,
    node: instance.node.name,
    nodeId: instance.node.id,
    instanceId: instance.id,
    bizdate: instance.bizdate,
    scheduledAt: formatIn(instance.scheduledAt, timeZone),
    status: instance.status,
    attempt: candidate.attempt,
    errorMessage: candidate.errorMessage ? candidate.errorMessage.slice(0, 1000) : null,
    detail: candidate.detail,
    link: candidate.runId ? `${base}/runs/${candidate.runId}` : `${base}/alerts/events`,
    detectedAt: now.toISOString(),
  };
  // The events page shows rule, trigger, node and business date in their own columns.
  const summary = `${facts.detail}${facts.errorMessage ? ` Error: ${facts.errorMessage}` : ""}`.slice(0, 500);
  const data = recipientsOf(rule).map((recipient) => ({
    workspaceId: rule.workspaceId,
    ruleId: rule.id,
    instanceId: instance.id,
    trigger: rule.trigger,
    attempt: candidate.attempt,
    ...recipient,
    summary,
    payload: facts,
    status,
    lastError,
    nextAttemptAt: heldUntil ?? now,
    createdAt: now,
  }));
  return { outcome: status === "suppressed" ? "suppressed" : heldUntil ? "held" : "alerts", data };
}
