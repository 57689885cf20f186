import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createAlertWorkspace, createDeployedNode, createInstance, createRule } from "./alert-test-fixtures";
import { evaluateAlertRules } from "./evaluate-alert-rules";
import { deliverPendingAlertEvents } from "./deliver-pending-alert-events";
import type { AlertRuleFormInput } from "@/lib/schemas/alert-rule";

// The test's clock: 2026-11-30 20:00 in the workspace's time zone (Asia/Shanghai, UTC+8).
// The scheduled time of business date 20261129's daily instance is 2026-11-30 00:30 local.
const now = new Date("2026-11-30T12:00:00Z");
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);
const ruleCreatedAt = minutes(-7 * 24 * 60);
const scheduledAt = new Date("2026-11-29T16:30:00Z");
const bizdate = "20261129";

let workspaceId = "";
let workflowId = "";
beforeAll(async () => {
  ({ workspaceId, workflowId } = await createAlertWorkspace());
});
afterAll(async () => {
  await db.workspace.delete({ where: { id: workspaceId } });
  await db.$disconnect();
});

type Attempt = { status: "running" | "succeeded" | "failed"; startedAt: Date; endedAt?: Date; errorMessage?: string };
type Case = {
  name: string;
  rule: Partial<AlertRuleFormInput> & Pick<AlertRuleFormInput, "trigger">;
  instance: { kind?: "auto" | "test" | "backfill"; status: "waitingTime" | "waitingResources" | "running" | "succeeded" | "failed"; scheduledAt?: Date; dryRun?: boolean; frozen?: boolean; autoRerunsUsed?: number; endedAt?: Date; runs?: Attempt[] };
  /** The scheduled time of the node's next auto instance (the end of the instance's cycle), when it has one. */
  next?: Date;
  /** What the alert says (payload.detail), where the case checks it. */
  detail?: string;
  /** The attempts alerted (0 for triggers about the instance as a whole). */
  alerts: number[];
};

const failedAt = (at: number, message = "Hologres refused the batch"): Attempt => ({ status: "failed", startedAt: minutes(at - 5), endedAt: minutes(at), errorMessage: message });

const cases: Case[] = [
  { name: "error: a failed attempt of an auto instance", rule: { trigger: "error" }, instance: { status: "failed", endedAt: minutes(-10), runs: [failedAt(-10)] }, alerts: [1] },
  { name: "error: every failed attempt, the one an auto rerun follows too", rule: { trigger: "error" }, instance: { status: "failed", autoRerunsUsed: 1, endedAt: minutes(-10), runs: [failedAt(-30), failedAt(-10)] }, alerts: [1, 2] },
  { name: "error: a test instance never alerts", rule: { trigger: "error" }, instance: { kind: "test", status: "failed", endedAt: minutes(-10), runs: [failedAt(-10)] }, alerts: [] },
  { name: "error: a backfill instance never alerts", rule: { trigger: "error" }, instance: { kind: "backfill", status: "failed", endedAt: minutes(-10), runs: [failedAt(-10)] }, alerts: [] },
  { name: "error: a failure older than the window (3 days) is history", rule: { trigger: "error" }, instance: { status: "failed", endedAt: minutes(-4 * 24 * 60), runs: [failedAt(-4 * 24 * 60)] }, alerts: [] },
  { name: "errorAfterAutoRerun: not while an auto rerun is pending", rule: { trigger: "errorAfterAutoRerun" }, instance: { status: "waitingTime", autoRerunsUsed: 1, runs: [failedAt(-10)] }, alerts: [] },
  { name: "errorAfterAutoRerun: once the last attempt failed", rule: { trigger: "errorAfterAutoRerun" }, instance: { status: "failed", autoRerunsUsed: 1, endedAt: minutes(-5), runs: [failedAt(-30), failedAt(-5)] }, alerts: [2] },
  { name: "finished: a succeeded instance", rule: { trigger: "finished" }, instance: { status: "succeeded", endedAt: minutes(-1), runs: [{ status: "succeeded", startedAt: minutes(-3), endedAt: minutes(-1) }] }, alerts: [1] },
  { name: "finished: a dry run is not a finish worth telling", rule: { trigger: "finished" }, instance: { status: "succeeded", dryRun: true, endedAt: minutes(-1) }, alerts: [] },
  { name: "uncompletedBy 08:30: running past 2026-11-30 08:30 local", rule: { trigger: "uncompletedBy", uncompletedByTime: "08:30" }, instance: { status: "running", runs: [{ status: "running", startedAt: minutes(-60) }] }, alerts: [0] },
  { name: "uncompletedBy 08:30: a failed instance is not completed either", rule: { trigger: "uncompletedBy", uncompletedByTime: "08:30" }, instance: { status: "failed", endedAt: minutes(-60), runs: [failedAt(-60)] }, alerts: [0] },
  { name: "uncompletedBy 08:30: succeeded in time", rule: { trigger: "uncompletedBy", uncompletedByTime: "08:30" }, instance: { status: "succeeded", endedAt: minutes(-600) }, alerts: [] },
  { name: "uncompletedBy 20:30: not yet 20:30 local", rule: { trigger: "uncompletedBy", uncompletedByTime: "20:30" }, instance: { status: "running", runs: [{ status: "running", startedAt: minutes(-60) }] }, alerts: [] },
  { name: "uncompletedBy 32:00: hour 32 is the day after the next, 2026-12-01 08:00", rule: { trigger: "uncompletedBy", uncompletedByTime: "32:00" }, instance: { status: "waitingTime" }, alerts: [] },
  { name: "uncompletedBy: a frozen instance is not waited for", rule: { trigger: "uncompletedBy", uncompletedByTime: "08:30" }, instance: { status: "waitingTime", frozen: true }, alerts: [] },
  // An hourly node: the instance of 18:30 local, the next one at 19:30 (now is 20:00 local).
  {
    name: "uncompletedInCycle: running when its cycle ended (the next instance's time), no allowance",
    rule: { trigger: "uncompletedInCycle", thresholdMinutes: "" },
    instance: { status: "running", scheduledAt: minutes(-90), runs: [{ status: "running", startedAt: minutes(-85) }] },
    next: minutes(-30),
    alerts: [0],
    detail: "Not succeeded by 2026-11-30 19:30: its cycle ended at 2026-11-30 19:30 (the node's next instance).",
  },
  {
    name: "uncompletedInCycle 20: past the cycle's end and the allowance",
    rule: { trigger: "uncompletedInCycle", thresholdMinutes: "20" },
    instance: { status: "waitingResources", scheduledAt: minutes(-90) },
    next: minutes(-30),
    alerts: [0],
    detail: "Not succeeded by 2026-11-30 19:50: its cycle ended at 2026-11-30 19:30 (the node's next instance) and the allowance of 20 minutes.",
  },
  { name: "uncompletedInCycle 60: within the allowance after the cycle's end", rule: { trigger: "uncompletedInCycle", thresholdMinutes: "60" }, instance: { status: "waitingResources", scheduledAt: minutes(-90) }, next: minutes(-30), alerts: [] },
  { name: "uncompletedInCycle: a failed instance is not completed either", rule: { trigger: "uncompletedInCycle" }, instance: { status: "failed", scheduledAt: minutes(-90), endedAt: minutes(-80), runs: [failedAt(-80)] }, next: minutes(-30), alerts: [0] },
  { name: "uncompletedInCycle: still in its cycle (the next instance is later)", rule: { trigger: "uncompletedInCycle" }, instance: { status: "running", scheduledAt: minutes(-30), runs: [{ status: "running", startedAt: minutes(-25) }] }, next: minutes(30), alerts: [] },
  { name: "uncompletedInCycle: succeeded within its cycle", rule: { trigger: "uncompletedInCycle" }, instance: { status: "succeeded", scheduledAt: minutes(-90), endedAt: minutes(-60) }, next: minutes(-30), alerts: [] },
  { name: "uncompletedInCycle: a frozen instance is not waited for", rule: { trigger: "uncompletedInCycle" }, instance: { status: "waitingTime", frozen: true, scheduledAt: minutes(-90) }, next: minutes(-30), alerts: [] },
  { name: "uncompletedInCycle: no next instance, no known end of the cycle", rule: { trigger: "uncompletedInCycle" }, instance: { status: "waitingResources", scheduledAt: minutes(-600) }, alerts: [] },
  { name: "timedOut 30: attempt running for 45 minutes", rule: { trigger: "timedOut", thresholdMinutes: "30" }, instance: { status: "running", runs: [{ status: "running", startedAt: minutes(-45) }] }, alerts: [1] },
  { name: "timedOut 30: running for 10 minutes", rule: { trigger: "timedOut", thresholdMinutes: "30" }, instance: { status: "running", runs: [{ status: "running", startedAt: minutes(-10) }] }, alerts: [] },
];

describe("alert rules against instances (one node and one rule per case)", () => {
  cases.forEach((testCase, index) => {
    it(testCase.name, async () => {
      const node = await createDeployedNode({ workflowId, name: `case_${index}` });
      await createRule({ workspaceId, createdAt: ruleCreatedAt, form: { name: `rule_${index}`, objectType: "node", objectIds: [node.id], ...testCase.rule } });
      const instance = await createInstance({ workspaceId, nodeId: node.id, scheduledAt: testCase.instance.scheduledAt ?? scheduledAt, bizdate, ...testCase.instance });
      if (testCase.next) await createInstance({ workspaceId, nodeId: node.id, scheduledAt: testCase.next, bizdate, status: "waitingTime" });
      await evaluateAlertRules({ now, workspaceId });
      // Evaluating again (the scheduler calls every few seconds) adds nothing.
      await evaluateAlertRules({ now: minutes(0.1), workspaceId });
      const events = await db.alertEvent.findMany({ where: { instanceId: instance.id }, orderBy: { attempt: "asc" } });
      expect(events.map((event) => event.attempt)).toEqual(testCase.alerts);
      for (const [position, event] of events.entries()) {
        // A second alert within the rule's minimum interval (1 minute) is recorded, not sent.
        expect(event).toMatchObject({ status: position === 0 ? "pending" : "suppressed", channel: "webhook", recipient: "http://127.0.0.1:9/never" });
        expect(event.payload).toMatchObject({ node: node.name, bizdate, instanceId: instance.id, trigger: testCase.rule.trigger, ...(testCase.detail ? { detail: testCase.detail } : {}) });
      }
    });
  });

  it("a workflow rule watches the workflow's nodes and no other", async () => {
    const other = await db.workflow.create({ data: { workspaceId, name: "other_flow" } });
    const inside = await createDeployedNode({ workflowId: other.id, name: "inside_flow" });
    const outside = await createDeployedNode({ workflowId, name: "outside_flow" });
    await createRule({ workspaceId, createdAt: ruleCreatedAt, form: { name: "flow_rule", objectType: "workflow", objectIds: [other.id], trigger: "finished" } });
    const done = { status: "succeeded" as const, endedAt: minutes(-1), scheduledAt, bizdate, workspaceId };
    const watched = await createInstance({ nodeId: inside.id, ...done });
    const unwatched = await createInstance({ nodeId: outside.id, ...done });
    await evaluateAlertRules({ now, workspaceId });
    const ruleEvents = await db.alertEvent.findMany({ where: { rule: { name: "flow_rule" } } });
    expect(ruleEvents.map((event) => event.instanceId)).toEqual([watched.id]);
    expect(ruleEvents.map((event) => event.instanceId)).not.toContain(unwatched.id);
  });
});

describe("minimum interval, maximum per day and quiet hours", () => {
  let throttled: { workspaceId: string; workflowId: string };
  beforeAll(async () => {
    throttled = await createAlertWorkspace();
  });
  afterAll(async () => {
    await db.workspace.delete({ where: { id: throttled.workspaceId } });
  });

  let cycle = 0;
  async function failAt(nodeId: string, at: Date, workspaceId = throttled.workspaceId) {
    cycle += 1;
    // An hourly node: one instance per scheduled time.
    return createInstance({ workspaceId, nodeId, scheduledAt: new Date(scheduledAt.getTime() + cycle * 3600_000), bizdate, status: "failed", endedAt: at, runs: [{ status: "failed", startedAt: at, endedAt: at }] });
  }

  it("suppresses alerts within the minimum interval and past the daily maximum, and says why", async () => {
    const node = await createDeployedNode({ workflowId: throttled.workflowId, name: "flaky" });
    const rule = await createRule({ workspaceId: throttled.workspaceId, createdAt: ruleCreatedAt, form: { name: "limits", objectType: "node", objectIds: [node.id], trigger: "errorAfterAutoRerun", minIntervalMinutes: "10", maxAlertsPerDay: "2" } });
    const first = await failAt(node.id, minutes(-1));
    const second = await failAt(node.id, minutes(-1));
    await evaluateAlertRules({ now, workspaceId: throttled.workspaceId });
    const afterFirst = await db.alertEvent.findMany({ where: { ruleId: rule.id } });
    expect(afterFirst.find((event) => event.instanceId === first.id)?.status).toBe("pending");
    expect(afterFirst.find((event) => event.instanceId === second.id)).toMatchObject({ status: "suppressed", lastError: expect.stringContaining("minimum interval of 10 minutes") });

    const third = await failAt(node.id, minutes(14));
    await evaluateAlertRules({ now: minutes(15), workspaceId: throttled.workspaceId });
    const fourth = await failAt(node.id, minutes(29));
    await evaluateAlertRules({ now: minutes(30), workspaceId: throttled.workspaceId });
    const events = await db.alertEvent.findMany({ where: { ruleId: rule.id } });
    expect(events.find((event) => event.instanceId === third.id)?.status).toBe("pending");
    expect(events.find((event) => event.instanceId === fourth.id)).toMatchObject({ status: "suppressed", lastError: expect.stringContaining("maximum of 2 alerts per day") });
  });

  it("holds an alert raised in quiet hours and sends it when they end", async () => {
    const receiver = await import("node:http").then(({ createServer }) => {
      const bodies: unknown[] = [];
      const server = createServer((request, response) => {
        let text = "";
        request.on("data", (chunk) => (text += chunk));
        request.on("end", () => {
          bodies.push(JSON.parse(text));
          response.end("{}");
        });
      });
      return new Promise<{ url: string; bodies: unknown[]; close: () => void }>((resolve) =>
        server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`, bodies, close: () => server.close() })),
      );
    });
    const quiet = await createAlertWorkspace();
    try {
      const node = await createDeployedNode({ workflowId: quiet.workflowId, name: "night_owl" });
      // 19:00-21:00 in Shanghai is 11:00-13:00 UTC: the test's clock (12:00 UTC) is inside.
      const rule = await createRule({ workspaceId: quiet.workspaceId, createdAt: ruleCreatedAt, form: { name: "quiet", objectType: "node", objectIds: [node.id], trigger: "errorAfterAutoRerun", quietStart: "19:00", quietEnd: "21:00", webhookUrls: receiver.url } });
      await failAt(node.id, minutes(-1), quiet.workspaceId);
      await evaluateAlertRules({ now, workspaceId: quiet.workspaceId });
      const [held] = await db.alertEvent.findMany({ where: { ruleId: rule.id } });
      expect(held).toMatchObject({ status: "pending", nextAttemptAt: new Date("2026-11-30T13:00:00Z"), lastError: expect.stringContaining("quiet hours 19:00-21:00") });

      expect(await deliverPendingAlertEvents({ now: minutes(30), workspaceId: quiet.workspaceId })).toEqual({ sent: 0, retrying: 0, failed: 0 });
      expect(receiver.bodies).toHaveLength(0);
      expect(await deliverPendingAlertEvents({ now: minutes(60), workspaceId: quiet.workspaceId })).toEqual({ sent: 1, retrying: 0, failed: 0 });
      expect(receiver.bodies).toEqual([expect.objectContaining({ rule: "quiet", node: "night_owl", trigger: "errorAfterAutoRerun" })]);
      expect(await db.alertEvent.findUniqueOrThrow({ where: { id: held.id } })).toMatchObject({ status: "sent", attempts: 1, lastError: null });
    } finally {
      receiver.close();
      await db.workspace.delete({ where: { id: quiet.workspaceId } });
    }
  });
});

describe("reading outcomes on", () => {
  it("works through a backlog larger than one page, and alerts again when a rerun fails later", async () => {
    const backlog = await createAlertWorkspace();
    try {
      const node = await createDeployedNode({ workflowId: backlog.workflowId, name: "busy" });
      const rule = await createRule({ workspaceId: backlog.workspaceId, createdAt: ruleCreatedAt, form: { name: "busy_failed", objectType: "node", objectIds: [node.id], trigger: "errorAfterAutoRerun", maxAlertsPerDay: "10000" } });
      // 250 failed instances of a minute node within the last 5 hours: more than one page (200).
      await db.$executeRaw`
        INSERT INTO "Instance" (id, "workspaceId", "nodeId", kind, "scheduledAt", bizdate, parameters, status, "notBefore", "runNumber", "endedAt")
        SELECT 'backlog_' || g, ${backlog.workspaceId}, ${node.id}, 'auto', ${now}::timestamp - g * interval '1 minute', ${bizdate}, '{}', 'failed', ${now}::timestamp, 1, ${now}::timestamp - g * interval '1 minute' + interval '30 seconds'
        FROM generate_series(1, 250) g`;
      await evaluateAlertRules({ now, workspaceId: backlog.workspaceId });
      expect(await db.alertEvent.count({ where: { ruleId: rule.id } })).toBe(200);
      await evaluateAlertRules({ now: minutes(0.1), workspaceId: backlog.workspaceId });
      expect(await db.alertEvent.count({ where: { ruleId: rule.id } })).toBe(250);

      // A rerun of the newest instance fails again, later: a new attempt, a new alert.
      await db.instance.update({ where: { id: "backlog_1" }, data: { runNumber: 2, endedAt: minutes(20) } });
      await evaluateAlertRules({ now: minutes(21), workspaceId: backlog.workspaceId });
      const events = await db.alertEvent.findMany({ where: { instanceId: "backlog_1" }, orderBy: { attempt: "asc" } });
      expect(events.map((event) => event.attempt)).toEqual([1, 2]);
    } finally {
      await db.workspace.delete({ where: { id: backlog.workspaceId } });
    }
  });
});
