import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { rerunInstanceDownstream } from "./instance-actions";
import { everyDayAt } from "./testing/deployed-node";
import { dependencyWorld, removeDependencyWorlds } from "./testing/dependency-world";

/**
 * Rerun Downstream against real PostgreSQL, with the scheduler's own dispatcher and run
 * sync and runs ended through the run queue: the instance reruns first, its descendants
 * after their parents, and a descendant that fails keeps its own descendants Not run.
 */

const now = new Date("2026-12-01T06:00:00Z");

afterAll(async () => {
  await removeDependencyWorlds();
  await db.$disconnect();
});

/** a → b → c and a → d, all run to success once; returns the instance ids by node name. */
async function succeededChain(name: string) {
  const w = await dependencyWorld(name);
  const a = await w.node("a", everyDayAt("00:10"));
  const b = await w.node("b", everyDayAt("00:20"), { inputs: [w.output("a")] });
  const c = await w.node("c", everyDayAt("00:30"), { inputs: [w.output("b")] });
  const d = await w.node("d", everyDayAt("00:40"), { inputs: [w.output("a")] });
  await w.generate();
  for (let left = 4; left > 0; ) {
    const { queued } = await w.tick(now);
    for (let i = 0; i < queued; i++) await w.runNext("succeeded");
    left -= queued;
    expect(queued).toBeGreaterThan(0);
  }
  await w.tick(now);
  const idOf = async (nodeId: string) => (await db.instance.findFirstOrThrow({ where: { nodeId }, select: { id: true } })).id;
  const ids = { a: await idOf(a), b: await idOf(b), c: await idOf(c), d: await idOf(d) };
  return { w, ids };
}

const statuses = async (ids: Record<string, string>) =>
  Object.fromEntries(await Promise.all(Object.entries(ids).map(async ([name, id]) => [name, (await db.instance.findUniqueOrThrow({ where: { id } })).status])));

describe("Rerun Downstream", () => {
  it("reruns the instance, then its descendants in dependency order; a failed middle instance stops its own descendants", async () => {
    const { w, ids } = await succeededChain("down");
    expect(await statuses(ids)).toEqual({ a: "succeeded", b: "succeeded", c: "succeeded", d: "succeeded" });

    const result = await rerunInstanceDownstream({ workspaceId: w.workspaceId, instanceId: ids.a, by: "admin", now });
    expect(result).toEqual({ descendants: 3 });
    expect(await statuses(ids)).toEqual({ a: "waitingTime", b: "notRun", c: "notRun", d: "notRun" });

    // Only the instance itself may start.
    expect((await w.tick(now)).queued).toBe(1);
    expect(await w.runNext("succeeded")).toBe(ids.a);
    // Then its children, b and d, together; b fails.
    expect((await w.tick(now)).queued).toBe(2);
    const failB = (instanceId: string | null) => (instanceId === ids.b ? "failed" : "succeeded");
    expect(new Set([await w.runNext(failB), await w.runNext(failB)])).toEqual(new Set([ids.b, ids.d]));
    // c waits for b, which failed: nothing more starts.
    expect((await w.tick(now)).queued).toBe(0);
    expect(await statuses(ids)).toEqual({ a: "succeeded", b: "failed", c: "notRun", d: "succeeded" });
  });

  it("a failed middle instance leaves its descendants Not run until it succeeds", async () => {
    const { w, ids } = await succeededChain("middle");
    await rerunInstanceDownstream({ workspaceId: w.workspaceId, instanceId: ids.b, by: "admin", now });
    expect(await statuses(ids)).toEqual({ a: "succeeded", b: "waitingTime", c: "notRun", d: "succeeded" });
    expect((await w.tick(now)).queued).toBe(1);
    expect(await w.runNext("failed")).toBe(ids.b);
    expect((await w.tick(now)).queued).toBe(0);
    expect(await statuses(ids)).toEqual({ a: "succeeded", b: "failed", c: "notRun", d: "succeeded" });
  });

  it("refuses, changing nothing, while a descendant is running, naming it and saying to stop it first", async () => {
    const { w, ids } = await succeededChain("busy");
    await db.instance.update({ where: { id: ids.c }, data: { status: "running" } });
    await expect(rerunInstanceDownstream({ workspaceId: w.workspaceId, instanceId: ids.a, by: "admin", now })).rejects.toThrow(
      "Downstream instance c 2026-11-30 (Running) is still active, and rerunning it now would run it twice at once: stop it first (Stop on its row, its page or in the DAG), then press Rerun Downstream again.",
    );
    expect(await statuses(ids)).toEqual({ a: "succeeded", b: "succeeded", c: "running", d: "succeeded" });

    await db.instance.update({ where: { id: ids.d }, data: { status: "waitingResources" } });
    await expect(rerunInstanceDownstream({ workspaceId: w.workspaceId, instanceId: ids.a, by: "admin", now })).rejects.toThrow(
      "Downstream instances c 2026-11-30 (Running), d 2026-11-30 (Waiting for resources) are still active, and rerunning them now would run them twice at once: stop each of them first",
    );
  });

  it("refuses, changing nothing, while a stopped descendant's run is still ending (Stop is asynchronous)", async () => {
    const { w, ids } = await succeededChain("stopping");
    // What Stop leaves for a moment: the instance failed at once, its run not yet cancelled by the worker.
    const c = await db.instance.update({ where: { id: ids.c }, data: { status: "failed", message: "Stopped by admin" }, select: { currentRunId: true } });
    await db.run.update({ where: { id: c.currentRunId! }, data: { status: "running", endedAt: null } });
    await expect(rerunInstanceDownstream({ workspaceId: w.workspaceId, instanceId: ids.a, by: "admin", now })).rejects.toThrow(
      `The last attempt of downstream instance c 2026-11-30 (run ${c.currentRunId}) is still stopping: press Rerun Downstream again once it has ended (a few seconds).`,
    );
    expect(await statuses(ids)).toEqual({ a: "succeeded", b: "succeeded", c: "failed", d: "succeeded" });

    await db.run.update({ where: { id: c.currentRunId! }, data: { status: "cancelled", endedAt: new Date() } });
    expect(await rerunInstanceDownstream({ workspaceId: w.workspaceId, instanceId: ids.a, by: "admin", now })).toEqual({ descendants: 3 });
    expect(await statuses(ids)).toEqual({ a: "waitingTime", b: "notRun", c: "notRun", d: "notRun" });
  });

  it("follows the Rerun property of the instance's node, as Rerun does", async () => {
    const { w, ids } = await succeededChain("denied");
    const a = await db.instance.findUniqueOrThrow({ where: { id: ids.a }, select: { node: { select: { deployedVersionId: true } } } });
    await db.nodeVersion.update({ where: { id: a.node.deployedVersionId! }, data: { scheduling: { ...everyDayAt("00:10"), rerun: "allDenied" } } });
    await expect(rerunInstanceDownstream({ workspaceId: w.workspaceId, instanceId: ids.a, by: "admin", now })).rejects.toThrow(
      'The node\'s Rerun property is "Disallow Regardless of Running Status".',
    );
    expect(await statuses(ids)).toEqual({ a: "succeeded", b: "succeeded", c: "succeeded", d: "succeeded" });
  });
});
