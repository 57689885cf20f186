import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createResourceGroup } from "@/lib/data/resource-groups";
import { claimNextRun, finishRun, registerWorker, type RunOutcome } from "@/lib/worker/run-queue";
import { generateDay } from "./instance-generation";
import { dispatchDueInstances, noDeployedVersionMessage } from "./instance-dispatcher";
import { syncInstanceRuns } from "./instance-run-sync";
import type { NodeScheduling } from "./node-scheduling";
import { manualClock } from "./scheduler-clock";
import { startSchedulerLoop, type SchedulerHandle } from "./scheduler-loop";
import { createDeployedNode, createSchedulingWorkspace, everyDayAt } from "./testing/deployed-node";

/**
 * Dispatch, run sync, auto rerun and the loop against real PostgreSQL. Runs are claimed and
 * ended through the run queue's own functions, as a worker does; the engine is not needed
 * here (scheduled-sync.test.ts runs instances through real workers and the engine).
 */

const suffix = randomUUID().slice(0, 8);
const utc = "UTC";
const workspaceIds: string[] = [];
const groupIds: string[] = [];
const loops: SchedulerHandle[] = [];
const spec = { type: "job", version: "2.0", steps: [{ stepType: "odps", parameter: { datasource: "odps_first" }, name: "Reader", category: "reader" }], setting: {}, order: { hops: [] } };

async function world(name: string) {
  const created = await createSchedulingWorkspace({ name: `sch_${name}_${suffix}`, timeZone: utc });
  workspaceIds.push(created.workspaceId);
  const group = await createResourceGroup({ name: `sch_${name}_${suffix}`, slots: 50, description: "", workspaceIds: [created.workspaceId] });
  groupIds.push(group.id);
  const worker = await registerWorker({ resourceGroupId: group.id, hostname: "test", pid: 1 });
  return { ...created, groupId: group.id, workerId: worker.id, scope: { workspaceIds: [created.workspaceId] } };
}

const ended = (status: RunOutcome["status"], errorCode: string | null = null): RunOutcome => ({
  status,
  errorCode,
  errorMessage: errorCode ? `${errorCode} in the test` : null,
  counters: { recordsRead: 0, bytesRead: 0, recordsWritten: 0, bytesWritten: 0, dirtyRecords: 0, totalRecords: null },
});

/** Claims the group's next run and ends it as a worker would. */
async function runOnce(w: { groupId: string; workerId: string }, outcome: RunOutcome) {
  const claimed = await claimNextRun({ workerId: w.workerId, resourceGroupId: w.groupId });
  expect(claimed).not.toBeNull();
  expect(await finishRun({ runId: claimed!.id, workerId: w.workerId, outcome })).toBe(true);
  return claimed!.id;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const instanceOf = (nodeId: string) => db.instance.findFirstOrThrow({ where: { nodeId }, orderBy: { scheduledAt: "asc" } });

afterAll(async () => {
  for (const loop of loops) await loop.stop().catch(() => {});
  await db.workspace.deleteMany({ where: { id: { in: workspaceIds } } });
  await db.resourceGroup.deleteMany({ where: { id: { in: groupIds } } });
  await db.$disconnect();
});

describe("dispatch", () => {
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    w = await world("dispatch");
  });

  it("queues a due instance as a production run with its fixed parameters, the deployed spec, its timeout and run number", async () => {
    const node = await createDeployedNode({
      workflowId: w.workflowId,
      name: "queued",
      scheduling: { ...everyDayAt("05:30"), timeoutMinutes: 90 },
      arguments: "pt=${bizdate}",
      jobSpec: spec,
      resourceGroupId: w.groupId,
      deployedAt: new Date("2031-01-01T00:00:00Z"),
    });
    await generateDay({ workspaceId: w.workspaceId, day: "2031-02-01", timeZone: utc, now: new Date("2031-01-31T23:30:00Z") });
    expect(await dispatchDueInstances({ now: new Date("2031-02-01T05:29:59Z"), ...w.scope })).toEqual({ dryRuns: 0, queued: 0, failed: 0 });
    expect(await dispatchDueInstances({ now: new Date("2031-02-01T05:30:00Z"), ...w.scope })).toEqual({ dryRuns: 0, queued: 1, failed: 0 });
    const instance = await instanceOf(node.nodeId);
    expect(instance).toMatchObject({ status: "waitingResources", runNumber: 1 });
    const run = await db.run.findUniqueOrThrow({ where: { id: instance.currentRunId! } });
    expect(run).toMatchObject({
      status: "queued",
      instanceId: instance.id,
      runNumber: 1,
      environment: "production",
      timeoutSeconds: 90 * 60,
      triggeredBy: "scheduler",
      resourceGroupId: w.groupId,
      bizdate: "20310131",
      jobSpec: spec,
    });
    expect(run.parameters).toEqual({ bizdate: "20310131", cyctime: "20310201053000", pt: "20310131" });
    // Dispatching again finds nothing: the attempt has its run.
    expect(await dispatchDueInstances({ now: new Date("2031-02-01T06:00:00Z"), ...w.scope })).toMatchObject({ queued: 0 });
    expect(await db.run.count({ where: { instanceId: instance.id } })).toBe(1);
    const log = await db.runLog.findFirstOrThrow({ where: { runId: run.id } });
    expect(log.line).toMatch(/^Attempt 1 of the instance scheduled at 2031-02-01T05:30:00.000Z \(bizdate=20310131\), queued by the scheduler/);
  });

  it("a dry run succeeds at its time without a run; a frozen instance stays; an undeployed node's instance fails saying why", async () => {
    const w = await world("flags");
    const at = new Date("2031-01-01T00:00:00Z");
    const dry = await createDeployedNode({ workflowId: w.workflowId, name: "dry", scheduling: { ...everyDayAt("07:00"), recurrence: "dryRun" }, jobSpec: spec, resourceGroupId: w.groupId, deployedAt: at });
    const paused = await createDeployedNode({ workflowId: w.workflowId, name: "paused", scheduling: { ...everyDayAt("07:00"), recurrence: "pause" }, jobSpec: spec, resourceGroupId: w.groupId, deployedAt: at });
    const gone = await createDeployedNode({ workflowId: w.workflowId, name: "gone", scheduling: everyDayAt("07:00"), jobSpec: spec, resourceGroupId: w.groupId, deployedAt: at });
    await generateDay({ workspaceId: w.workspaceId, day: "2031-03-01", timeZone: utc, now: new Date("2031-02-28T23:30:00Z") });
    await db.syncNode.update({ where: { id: gone.nodeId }, data: { deployedVersionId: null } });
    const now = new Date("2031-03-01T07:00:00Z");
    expect(await dispatchDueInstances({ now, ...w.scope })).toEqual({ dryRuns: 1, queued: 0, failed: 1 });
    expect(await instanceOf(dry.nodeId)).toMatchObject({ status: "succeeded", startedAt: now, endedAt: now, runNumber: 0, currentRunId: null });
    expect(await instanceOf(paused.nodeId)).toMatchObject({ status: "waitingTime", frozen: true, currentRunId: null });
    expect(await instanceOf(gone.nodeId)).toMatchObject({ status: "failed", message: noDeployedVersionMessage });
  });

  it("three dispatchers racing over 300 due instances make exactly one run for each", async () => {
    const race = await world("race");
    const scheduling: NodeScheduling = { ...everyDayAt("00:00"), cycle: { type: "minute", start: "00:00", end: "04:59", intervalMinutes: 1 } };
    const node = await createDeployedNode({ workflowId: race.workflowId, name: "every_minute", scheduling, jobSpec: spec, resourceGroupId: race.groupId, deployedAt: new Date("2031-01-01T00:00:00Z") });
    await generateDay({ workspaceId: race.workspaceId, day: "2031-04-01", timeZone: utc, now: new Date("2031-03-31T23:30:00Z") });
    const now = new Date("2031-04-01T05:00:00Z");
    const results = await Promise.all([1, 2, 3].map(() => dispatchDueInstances({ now, ...race.scope })));
    expect(results.reduce((sum, r) => sum + r.queued, 0)).toBe(300);
    expect(await db.run.count({ where: { nodeId: node.nodeId } })).toBe(300);
    const perInstance = await db.run.groupBy({ by: ["instanceId"], where: { nodeId: node.nodeId }, _count: true });
    expect(perInstance).toHaveLength(300);
    expect(perInstance.every((row) => row._count === 1)).toBe(true);
    expect(await db.instance.count({ where: { nodeId: node.nodeId, status: "waitingResources", runNumber: 1 } })).toBe(300);
  });

  it("instances already generated still run when periodic scheduling is turned off", async () => {
    const off = await world("off");
    const node = await createDeployedNode({ workflowId: off.workflowId, name: "still", scheduling: everyDayAt("01:00"), jobSpec: spec, resourceGroupId: off.groupId, deployedAt: new Date("2031-01-01T00:00:00Z") });
    await generateDay({ workspaceId: off.workspaceId, day: "2031-05-01", timeZone: utc, now: new Date("2031-04-30T23:30:00Z") });
    await db.workspace.update({ where: { id: off.workspaceId }, data: { periodicScheduling: false } });
    expect(await dispatchDueInstances({ now: new Date("2031-05-01T01:00:00Z"), ...off.scope })).toMatchObject({ queued: 1 });
    expect((await instanceOf(node.nodeId)).status).toBe("waitingResources");
  });
});

describe("run sync and auto rerun", () => {
  it("follows the run to running and succeeded", async () => {
    const w = await world("sync_ok");
    const node = await createDeployedNode({ workflowId: w.workflowId, name: "ok", scheduling: everyDayAt("02:00"), jobSpec: spec, resourceGroupId: w.groupId, deployedAt: new Date("2031-01-01T00:00:00Z") });
    await generateDay({ workspaceId: w.workspaceId, day: "2031-06-01", timeZone: utc, now: new Date("2031-05-31T23:30:00Z") });
    const now = new Date("2031-06-01T02:00:00Z");
    await dispatchDueInstances({ now, ...w.scope });
    const claimed = await claimNextRun({ workerId: w.workerId, resourceGroupId: w.groupId });
    expect(await syncInstanceRuns({ now, ...w.scope })).toMatchObject({ running: 1 });
    const running = await instanceOf(node.nodeId);
    expect(running.status).toBe("running");
    expect(running.startedAt).not.toBeNull();
    await finishRun({ runId: claimed!.id, workerId: w.workerId, outcome: ended("succeeded") });
    expect(await syncInstanceRuns({ now, ...w.scope })).toMatchObject({ succeeded: 1 });
    const done = await instanceOf(node.nodeId);
    expect(done.status).toBe("succeeded");
    expect(done.endedAt).not.toBeNull();
  });

  it("reruns a failing instance after the interval, N times, then leaves it failed", async () => {
    const w = await world("rerun");
    const node = await createDeployedNode({
      workflowId: w.workflowId,
      name: "flaky",
      scheduling: { ...everyDayAt("03:00"), autoRerun: { times: 2, intervalMinutes: 5 } },
      jobSpec: spec,
      resourceGroupId: w.groupId,
      deployedAt: new Date("2031-01-01T00:00:00Z"),
    });
    await generateDay({ workspaceId: w.workspaceId, day: "2031-06-02", timeZone: utc, now: new Date("2031-06-01T23:30:00Z") });
    const clock = manualClock(new Date("2031-06-02T03:00:00Z"));
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await dispatchDueInstances({ now: clock.now(), ...w.scope })).toMatchObject({ queued: 1 });
      await runOnce(w, ended("failed", "SOURCE_READ_FAILED"));
      const sync = await syncInstanceRuns({ now: clock.now(), ...w.scope });
      const instance = await instanceOf(node.nodeId);
      expect(instance.runNumber).toBe(attempt);
      if (attempt < 3) {
        expect(sync.autoReruns).toBe(1);
        expect(instance).toMatchObject({ status: "waitingTime", autoRerunsUsed: attempt, notBefore: new Date(clock.now().getTime() + 5 * 60_000) });
        expect(instance.message).toBe(`Attempt ${attempt} failed (SOURCE_READ_FAILED); automatic rerun ${attempt} of 2 from ${new Date(clock.now().getTime() + 5 * 60_000).toISOString()}.`);
        // Not before the interval has passed on the scheduler's clock.
        clock.advance(5 * 60_000 - 1);
        expect(await dispatchDueInstances({ now: clock.now(), ...w.scope })).toMatchObject({ queued: 0 });
        clock.advance(1);
      } else {
        expect(sync).toMatchObject({ autoReruns: 0, failed: 1 });
        expect(instance.status).toBe("failed");
      }
    }
    const runs = await db.run.findMany({ where: { nodeId: node.nodeId }, orderBy: { runNumber: "asc" }, select: { runNumber: true, status: true } });
    expect(runs).toEqual([1, 2, 3].map((runNumber) => ({ runNumber, status: "failed" })));
  });

  it("never reruns a timeout or a run a user stopped", async () => {
    const w = await world("no_rerun");
    const scheduling: NodeScheduling = { ...everyDayAt("04:00"), autoRerun: { times: 3, intervalMinutes: 1 } };
    const timedOut = await createDeployedNode({ workflowId: w.workflowId, name: "timed_out", scheduling, jobSpec: spec, resourceGroupId: w.groupId, deployedAt: new Date("2031-01-01T00:00:00Z") });
    await generateDay({ workspaceId: w.workspaceId, day: "2031-06-03", timeZone: utc, now: new Date("2031-06-02T23:30:00Z") });
    const now = new Date("2031-06-03T04:00:00Z");
    await dispatchDueInstances({ now, ...w.scope });
    await runOnce(w, ended("failed", "TIMEOUT"));
    expect(await syncInstanceRuns({ now, ...w.scope })).toMatchObject({ autoReruns: 0, failed: 1 });
    expect((await instanceOf(timedOut.nodeId)).status).toBe("failed");

    const stopped = await createDeployedNode({ workflowId: w.workflowId, name: "stopped", scheduling, jobSpec: spec, resourceGroupId: w.groupId, deployedAt: new Date("2031-01-01T00:00:00Z") });
    await generateDay({ workspaceId: w.workspaceId, day: "2031-06-04", timeZone: utc, now: new Date("2031-06-03T23:30:00Z") });
    await dispatchDueInstances({ now: new Date("2031-06-04T04:00:00Z"), ...w.scope });
    const queued = (await instanceOf(stopped.nodeId)).currentRunId!;
    await db.run.update({ where: { id: queued }, data: { status: "cancelled", errorCode: "CANCELLED", endedAt: new Date() } });
    await db.run.updateMany({ where: { resourceGroupId: w.groupId, status: "queued" }, data: { status: "cancelled", errorCode: "CANCELLED" } });
    expect(await syncInstanceRuns({ now, ...w.scope })).toMatchObject({ autoReruns: 0 });
    expect((await instanceOf(stopped.nodeId)).status).toBe("failed");
  });
});

describe("the scheduler loop", () => {
  it("one of two schedulers is active; they generate each instance once; the other takes over when the active one dies", async () => {
    const w = await world("loop");
    const lockKey = BigInt(`0x${randomUUID().replace(/-/g, "").slice(0, 12)}`);
    const clock = manualClock(new Date("2031-07-01T12:00:00Z"));
    const node = await createDeployedNode({ workflowId: w.workflowId, name: "looped", scheduling: everyDayAt("09:00"), jobSpec: spec, resourceGroupId: w.groupId, deployedAt: new Date("2031-06-01T00:00:00Z") });
    const a = startSchedulerLoop({ clock, lockKey, tickMs: 200, ...w.scope });
    const b = startSchedulerLoop({ clock, lockKey, tickMs: 200, ...w.scope });
    loops.push(a, b);
    await waitFor("a scheduler to become active", async () => a.isActive() || b.isActive());
    await Promise.all([a.nextTick(), b.nextTick()]);
    expect([a.isActive(), b.isActive()].filter(Boolean)).toHaveLength(1);
    // Today was missed (catch-up): 09:00 has passed, so it is queued at once.
    const today = await instanceOf(node.nodeId);
    expect(today).toMatchObject({ bizdate: "20310630", status: "waitingResources" });

    clock.set(new Date("2031-07-01T23:30:00Z"));
    await Promise.all([a.nextTick(), b.nextTick()]);
    expect(await db.instance.count({ where: { nodeId: node.nodeId } })).toBe(2);

    const [active, standby] = a.isActive() ? [a, b] : [b, a];
    active.crash();
    const diedAt = Date.now();
    await waitFor("the standby to take over", async () => standby.isActive(), 15_000);
    expect(Date.now() - diedAt).toBeLessThan(15_000);
    clock.set(new Date("2031-07-02T09:00:00Z"));
    await standby.nextTick();
    const tomorrow = await db.instance.findFirstOrThrow({ where: { nodeId: node.nodeId, bizdate: "20310701" } });
    expect(tomorrow.status).toBe("waitingResources");
    expect(await db.run.count({ where: { nodeId: node.nodeId } })).toBe(2);
  });
});
