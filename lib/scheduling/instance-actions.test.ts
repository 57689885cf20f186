// Operation Center's actions against real PostgreSQL: the Rerun property's three policies,
// Set to Succeeded, Stop, Freeze of instances and nodes, test instances' parameters, and
// two people acting on one instance at once (one wins, the other is told why not).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ensureWorkspace } from "@/lib/data/workspaces";
import type { InstanceStatusName } from "./instance-status";
import type { NodeScheduling } from "./node-scheduling";
import type { RerunPolicy } from "./rerun-policy";
import { createTestInstance, rerunInstance, setInstanceFrozen, setInstanceSucceeded, setNodeFrozen, stopInstance } from "./instance-actions";

let workspaceId = "";
let workflowId = "";
let groupId = "";
const now = new Date("2026-11-30T08:00:00Z");

const scheduling = (rerun: RerunPolicy, time = "02:30"): NodeScheduling => ({
  instanceGenerationMode: "nextDay",
  recurrence: "normal",
  cycle: { type: "day", time },
  validFrom: "1970-01-01",
  validTo: "9999-01-01",
  timeoutMinutes: null,
  rerun,
  autoRerun: null,
  dependencies: { inputs: [], crossCycle: "none", crossCycleNodeIds: [] },
});

async function deployedNode(rerun: RerunPolicy, options: { arguments?: string; time?: string } = {}) {
  const node = await db.syncNode.create({
    data: { workflowId, name: `n_${randomUUID().slice(0, 8)}`, jobSpec: {}, owner: "alice" },
  });
  const version = await db.nodeVersion.create({
    data: {
      nodeId: node.id,
      version: 1,
      changeType: "create",
      jobSpec: {},
      arguments: options.arguments ?? "",
      scheduling: scheduling(rerun, options.time),
      resourceGroupId: groupId,
      committedBy: "alice",
      deployedBy: "alice",
      deployedAt: now,
    },
  });
  await db.syncNode.update({ where: { id: node.id }, data: { deployedVersionId: version.id } });
  return node.id;
}

async function instance(nodeId: string, status: InstanceStatusName, extra: { frozen?: boolean; run?: "queued" | "running" | "succeeded" | "failed" } = {}) {
  const scheduledAt = new Date(Date.UTC(2026, 10, 29, 18, 30, Math.floor(Math.random() * 60), Math.floor(Math.random() * 1000)));
  const created = await db.instance.create({
    data: { workspaceId, nodeId, scheduledAt, bizdate: "20261129", parameters: { bizdate: "20261129" }, status, frozen: extra.frozen ?? false, notBefore: scheduledAt, runNumber: extra.run ? 1 : 0 },
  });
  if (extra.run) {
    const run = await db.run.create({
      data: { nodeId, resourceGroupId: groupId, jobSpec: {}, parameters: {}, bizdate: "20261129", status: extra.run, triggeredBy: "scheduler", instanceId: created.id, runNumber: 1, environment: "production" },
    });
    await db.instance.update({ where: { id: created.id }, data: { currentRunId: run.id } });
    return { id: created.id, runId: run.id };
  }
  return { id: created.id, runId: null };
}

const act = (instanceId: string, by = "bob") => ({ workspaceId, instanceId, by, now });
const read = (id: string) => db.instance.findUniqueOrThrow({ where: { id } });

beforeAll(async () => {
  workspaceId = (await ensureWorkspace({ name: `oc_${randomUUID().slice(0, 8)}`, displayName: "OC", mode: "standard", memberIds: [] })).id;
  await db.workspace.update({ where: { id: workspaceId }, data: { schedulingTimeZone: "Asia/Shanghai" } });
  workflowId = (await db.workflow.create({ data: { workspaceId, name: "ops" } })).id;
  groupId = (await db.resourceGroup.create({ data: { name: `oc_${randomUUID().slice(0, 8)}`, slots: 2 } })).id;
});

afterAll(async () => {
  await db.workspace.delete({ where: { id: workspaceId } });
  await db.resourceGroup.delete({ where: { id: groupId } });
  await db.$disconnect();
});

describe("Rerun follows the Rerun property of the node's deployed version", () => {
  it("Allow Regardless of Running Status reruns a succeeded and a failed instance, from now, with auto reruns restored", async () => {
    const nodeId = await deployedNode("allAllowed");
    for (const status of ["succeeded", "failed"] as const) {
      const { id } = await instance(nodeId, status, { run: status });
      await db.instance.update({ where: { id }, data: { autoRerunsUsed: 2, message: "boom", endedAt: now } });
      await rerunInstance(act(id));
      const after = await read(id);
      expect(after).toMatchObject({ status: "waitingTime", notBefore: now, autoRerunsUsed: 0, message: null, endedAt: null, runNumber: 1 });
    }
  });

  it("Allow upon Failure Only reruns a failed instance and refuses a succeeded one, saying why", async () => {
    const nodeId = await deployedNode("failureAllowed");
    const failed = await instance(nodeId, "failed", { run: "failed" });
    await rerunInstance(act(failed.id));
    expect((await read(failed.id)).status).toBe("waitingTime");
    const succeeded = await instance(nodeId, "succeeded", { run: "succeeded" });
    await expect(rerunInstance(act(succeeded.id))).rejects.toThrow('The node\'s Rerun property is "Allow upon Failure Only", and this instance succeeded.');
    expect((await read(succeeded.id)).status).toBe("succeeded");
  });

  it("Disallow Regardless of Running Status refuses every rerun", async () => {
    const nodeId = await deployedNode("allDenied");
    for (const status of ["succeeded", "failed"] as const) {
      const { id } = await instance(nodeId, status);
      await expect(rerunInstance(act(id))).rejects.toThrow('The node\'s Rerun property is "Disallow Regardless of Running Status".');
    }
  });

  it("refuses an instance that has not ended, and one whose stopped run is still ending", async () => {
    const nodeId = await deployedNode("allAllowed");
    const running = await instance(nodeId, "running", { run: "running" });
    await expect(rerunInstance(act(running.id))).rejects.toThrow("Only an instance that has ended can be rerun; this one is Running.");
    const stopping = await instance(nodeId, "failed", { run: "running" });
    await expect(rerunInstance(act(stopping.id))).rejects.toThrow(/is still stopping/);
  });

  it("two people rerunning at once: one wins, the other is told what it became", async () => {
    const nodeId = await deployedNode("allAllowed");
    const { id } = await instance(nodeId, "failed", { run: "failed" });
    const results = await Promise.allSettled([rerunInstance(act(id, "bob")), rerunInstance(act(id, "carol"))]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(String(refused.reason.message)).toMatch(/Someone changed this instance at the same time: it is now Waiting for time, so it cannot be rerun|Only an instance that has ended can be rerun; this one is Waiting for time/);
  });
});

describe("Set to Succeeded", () => {
  it("sets a failed, a waiting and a not-run instance succeeded and records who did", async () => {
    const nodeId = await deployedNode("allAllowed");
    for (const status of ["failed", "waitingTime", "notRun"] as const) {
      const { id } = await instance(nodeId, status);
      await setInstanceSucceeded(act(id, "bob"));
      expect(await read(id)).toMatchObject({ status: "succeeded", setSucceededBy: "bob", endedAt: expect.any(Date) });
    }
  });

  it("releases a frozen instance it sets succeeded", async () => {
    const nodeId = await deployedNode("allAllowed");
    const { id } = await instance(nodeId, "waitingTime", { frozen: true });
    await setInstanceSucceeded(act(id));
    expect(await read(id)).toMatchObject({ status: "succeeded", frozen: false });
  });

  it("cancels the queued run of an instance waiting for resources", async () => {
    const nodeId = await deployedNode("allAllowed");
    const { id, runId } = await instance(nodeId, "waitingResources", { run: "queued" });
    await setInstanceSucceeded(act(id));
    expect((await read(id)).status).toBe("succeeded");
    expect(await db.run.findUniqueOrThrow({ where: { id: runId! } })).toMatchObject({ status: "cancelled", errorMessage: "Instance set to succeeded by bob before the run started." });
  });

  it("refuses a running instance, and leaves a waiting one alone when its run was claimed in between", async () => {
    const nodeId = await deployedNode("allAllowed");
    const running = await instance(nodeId, "running", { run: "running" });
    await expect(setInstanceSucceeded(act(running.id))).rejects.toThrow("This instance is running: stop it first, then set it to succeeded.");
    const claimed = await instance(nodeId, "waitingResources", { run: "running" });
    await expect(setInstanceSucceeded(act(claimed.id))).rejects.toThrow("Its run started a moment ago: stop the instance first, then set it to succeeded.");
    expect((await read(claimed.id)).status).toBe("waitingResources");
  });

  it("two people at once: one wins, the other hears it has already succeeded", async () => {
    const nodeId = await deployedNode("allAllowed");
    const { id } = await instance(nodeId, "failed");
    const results = await Promise.allSettled([setInstanceSucceeded(act(id, "bob")), setInstanceSucceeded(act(id, "carol"))]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(String(refused.reason.message)).toMatch(/it is now Succeeded|has already succeeded/);
    expect(["bob", "carol"]).toContain((await read(id)).setSucceededBy);
  });
});

describe("Stop", () => {
  it("fails a running instance with Stopped by <user> and asks its run to stop", async () => {
    const nodeId = await deployedNode("allAllowed");
    const { id, runId } = await instance(nodeId, "running", { run: "running" });
    await stopInstance(act(id, "bob"));
    expect(await read(id)).toMatchObject({ status: "failed", message: "Stopped by bob", endedAt: expect.any(Date) });
    expect((await db.run.findUniqueOrThrow({ where: { id: runId! } })).cancelRequested).toBe(true);
  });

  it("cancels the queued run of an instance waiting for resources at once", async () => {
    const nodeId = await deployedNode("allAllowed");
    const { id, runId } = await instance(nodeId, "waitingResources", { run: "queued" });
    await stopInstance(act(id, "bob"));
    expect((await read(id)).message).toBe("Stopped by bob");
    expect((await db.run.findUniqueOrThrow({ where: { id: runId! } })).status).toBe("cancelled");
  });

  it("refuses an instance that is not running, and the second of two Stops", async () => {
    const nodeId = await deployedNode("allAllowed");
    const waiting = await instance(nodeId, "waitingTime");
    await expect(stopInstance(act(waiting.id))).rejects.toThrow("Only a running instance or one waiting for resources can be stopped; this one is Waiting for time.");
    const { id } = await instance(nodeId, "running", { run: "running" });
    const results = await Promise.allSettled([stopInstance(act(id, "bob")), stopInstance(act(id, "carol"))]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(String(refused.reason.message)).toMatch(/it is now Failed|this one is Failed/);
  });
});

describe("Freeze and Unfreeze", () => {
  it("freezes a waiting instance and unfreezes it; refuses a running or succeeded one", async () => {
    const nodeId = await deployedNode("allAllowed");
    const { id } = await instance(nodeId, "waitingTime");
    await setInstanceFrozen({ ...act(id), frozen: true });
    expect((await read(id)).frozen).toBe(true);
    await expect(setInstanceFrozen({ ...act(id), frozen: true })).rejects.toThrow("This instance is already frozen.");
    await setInstanceFrozen({ ...act(id), frozen: false });
    expect((await read(id)).frozen).toBe(false);
    const running = await instance(nodeId, "running", { run: "running" });
    await expect(setInstanceFrozen({ ...act(running.id), frozen: true })).rejects.toThrow("This instance is Running: stop it first, then freeze it.");
    const succeeded = await instance(nodeId, "succeeded");
    await expect(setInstanceFrozen({ ...act(succeeded.id), frozen: true })).rejects.toThrow("This instance has succeeded: there is nothing left to freeze.");
  });

  it("two people freezing at once: one wins", async () => {
    const nodeId = await deployedNode("allAllowed");
    const { id } = await instance(nodeId, "waitingTime");
    const results = await Promise.allSettled([setInstanceFrozen({ ...act(id, "bob"), frozen: true }), setInstanceFrozen({ ...act(id, "carol"), frozen: true })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(String(refused.reason.message)).toMatch(/already frozen|it is now Frozen/);
  });

  it("freezes and unfreezes a node, refusing to freeze it twice", async () => {
    const nodeId = await deployedNode("allAllowed");
    await setNodeFrozen({ workspaceId, nodeId, frozen: true });
    expect((await db.syncNode.findUniqueOrThrow({ where: { id: nodeId } })).frozen).toBe(true);
    await expect(setNodeFrozen({ workspaceId, nodeId, frozen: true })).rejects.toThrow(/is already frozen/);
    await setNodeFrozen({ workspaceId, nodeId, frozen: false });
    expect((await db.syncNode.findUniqueOrThrow({ where: { id: nodeId } })).frozen).toBe(false);
  });

  it("does not reach another workspace's instances or nodes", async () => {
    const nodeId = await deployedNode("allAllowed");
    const { id } = await instance(nodeId, "failed");
    await expect(rerunInstance({ ...act(id), workspaceId: "someone_else" })).rejects.toThrow("This instance does not exist in the current workspace.");
    await expect(setNodeFrozen({ workspaceId: "someone_else", nodeId, frozen: true })).rejects.toThrow("This node does not exist in the current workspace.");
  });
});

describe("Test instances", () => {
  it("get the chosen business date, cyctime the next day at the cycle time in the workspace's time zone, and start now", async () => {
    const nodeId = await deployedNode("allAllowed", { arguments: "pt=${bizdate} hour=$[hh24] prev=${yyyymmdd-1}", time: "02:30" });
    const { instanceId } = await createTestInstance({ workspaceId, nodeId, bizdate: "2026-11-15", by: "bob", now });
    const created = await read(instanceId);
    expect(created).toMatchObject({ kind: "test", status: "waitingTime", bizdate: "20261115", notBefore: now, createdBy: "bob", frozen: false, dryRun: false });
    // 2026-11-16 02:30 in Shanghai (UTC+8) is 2026-11-15 18:30 UTC.
    expect(created.scheduledAt.toISOString()).toBe("2026-11-15T18:30:00.000Z");
    expect(created.parameters).toEqual({ pt: "20261115", hour: "02", prev: "20261114", bizdate: "20261115", cyctime: "20261116023000" });
    expect(created.batch).not.toBe("");
  });

  it("two tests of one node and business date are two instances", async () => {
    const nodeId = await deployedNode("allAllowed");
    const [a, b] = await Promise.all([
      createTestInstance({ workspaceId, nodeId, bizdate: "20261115", by: "bob", now }),
      createTestInstance({ workspaceId, nodeId, bizdate: "20261115", by: "carol", now }),
    ]);
    expect(a.instanceId).not.toBe(b.instanceId);
  });

  it("refuses a node that is not deployed and a date that does not exist", async () => {
    const node = await db.syncNode.create({ data: { workflowId, name: `draft_${randomUUID().slice(0, 8)}`, jobSpec: {} } });
    await expect(createTestInstance({ workspaceId, nodeId: node.id, bizdate: "20261115", by: "bob", now })).rejects.toThrow(/is not deployed: commit and deploy it first/);
    const nodeId = await deployedNode("allAllowed");
    await expect(createTestInstance({ workspaceId, nodeId, bizdate: "2026-02-30", by: "bob", now })).rejects.toThrow("Choose a business date as yyyy-MM-dd, such as 2026-11-29.");
  });
});
