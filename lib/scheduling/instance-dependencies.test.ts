import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { rerunInstance, setInstanceSucceeded } from "./instance-actions";
import { everyDayAt } from "./testing/deployed-node";
import { dependencyWorld, removeDependencyWorlds, worldDay } from "./testing/dependency-world";

/**
 * Dependencies between instances against real PostgreSQL: the edges the generator makes
 * from the deployed versions' inputs, and the dispatcher's gate (a child runs only when
 * every parent instance succeeded). Runs are claimed and ended through the run queue's own
 * functions, as a worker does.
 */

const day = worldDay;
const world = dependencyWorld;

const statusOf = async (nodeId: string) => (await db.instance.findFirstOrThrow({ where: { nodeId, bizdate: "20261130" } })).status;

afterAll(async () => {
  await removeDependencyWorlds();
  await db.$disconnect();
});

describe("instance dependencies", () => {
  it("a chain of three nodes runs in order, each after its parent succeeded", async () => {
    const w = await world("chain");
    const a = await w.node("a", everyDayAt("00:10"));
    const b = await w.node("b", everyDayAt("00:00"), { inputs: [w.output("a")] });
    const c = await w.node("c", everyDayAt("00:00"), { inputs: [w.output("b")] });
    await w.generate();
    expect(await db.instanceDependency.count({ where: { child: { nodeId: { in: [b, c] } } } })).toBe(2);
    expect([await statusOf(a), await statusOf(b), await statusOf(c)]).toEqual(["waitingTime", "notRun", "notRun"]);

    const now = new Date("2026-12-01T00:20:00Z");
    expect((await w.tick(now)).queued).toBe(1);
    expect([await statusOf(b), await statusOf(c)]).toEqual(["notRun", "notRun"]);
    const first = await w.runNext("succeeded");
    expect((await w.tick(now)).queued).toBe(1);
    const second = await w.runNext("succeeded");
    expect((await w.tick(now)).queued).toBe(1);
    const third = await w.runNext("succeeded");
    await w.tick(now);
    const ids = await Promise.all([a, b, c].map(async (nodeId) => (await db.instance.findFirstOrThrow({ where: { nodeId } })).id));
    expect([first, second, third]).toEqual(ids);
    expect([await statusOf(a), await statusOf(b), await statusOf(c)]).toEqual(["succeeded", "succeeded", "succeeded"]);
  });

  it("a failed parent leaves the child Not run; Set to Succeeded on the parent releases it", async () => {
    const w = await world("failed");
    const parent = await w.node("parent", everyDayAt("00:10"));
    const child = await w.node("child", everyDayAt("00:10"), { inputs: [w.output("parent")] });
    await w.generate();
    const now = new Date("2026-12-01T00:20:00Z");
    await w.tick(now);
    await w.runNext("failed");
    await w.tick(now);
    expect(await statusOf(parent)).toBe("failed");
    expect((await w.tick(now)).queued).toBe(0);
    expect(await statusOf(child)).toBe("notRun");

    const parentInstance = await db.instance.findFirstOrThrow({ where: { nodeId: parent } });
    await setInstanceSucceeded({ workspaceId: w.workspaceId, instanceId: parentInstance.id, by: "admin", now });
    expect((await w.tick(now)).queued).toBe(1);
    expect(await statusOf(child)).toBe("waitingResources");
  });

  it("a successful rerun of the failed parent releases the child", async () => {
    const w = await world("rerun");
    const parent = await w.node("parent", everyDayAt("00:10"));
    const child = await w.node("child", everyDayAt("00:10"), { inputs: [w.output("parent")] });
    await w.generate();
    const now = new Date("2026-12-01T00:20:00Z");
    await w.tick(now);
    await w.runNext("failed");
    await w.tick(now);
    const parentInstance = await db.instance.findFirstOrThrow({ where: { nodeId: parent } });
    await rerunInstance({ workspaceId: w.workspaceId, instanceId: parentInstance.id, by: "admin", now });
    expect((await w.tick(now)).queued).toBe(1);
    expect(await statusOf(child)).toBe("notRun");
    await w.runNext("succeeded");
    expect((await w.tick(now)).queued).toBe(1);
    expect(await statusOf(child)).toBe("waitingResources");
  });

  it("a daily child of an hourly parent waits for all of the day's hourly instances", async () => {
    const w = await world("hourly");
    const hourly = await w.node("hourly", { ...everyDayAt("00:00"), cycle: { type: "hour", start: "00:00", end: "23:59", intervalHours: 1 } });
    const daily = await w.node("daily", everyDayAt("00:30"), { inputs: [w.output("hourly")] });
    await w.generate();
    const dailyInstance = await db.instance.findFirstOrThrow({ where: { nodeId: daily } });
    const parents = await db.instanceDependency.findMany({ where: { childId: dailyInstance.id }, select: { parent: { select: { id: true, nodeId: true } } } });
    expect(parents).toHaveLength(24);
    expect(new Set(parents.map((edge) => edge.parent.nodeId))).toEqual(new Set([hourly]));

    const hourlyInstances = await db.instance.findMany({ where: { nodeId: hourly }, orderBy: { scheduledAt: "asc" } });
    const lateEvening = new Date("2026-12-01T23:30:00Z");
    for (const instance of hourlyInstances.slice(0, 23)) await setInstanceSucceeded({ workspaceId: w.workspaceId, instanceId: instance.id, by: "admin", now: lateEvening });
    expect((await w.tick(lateEvening)).queued).toBe(1); // the 23:00 hourly instance
    expect((await db.instance.findUniqueOrThrow({ where: { id: dailyInstance.id } })).status).toBe("notRun");
    await w.runNext("succeeded");
    expect((await w.tick(lateEvening)).queued).toBe(1);
    expect((await db.instance.findUniqueOrThrow({ where: { id: dailyInstance.id } })).status).toBe("waitingResources");
  });

  it("a self-dependent node waits for its previous instance; the first instance does not wait", async () => {
    const w = await world("self");
    const node = await w.node("self", everyDayAt("00:10"), { crossCycle: "self" });
    await w.generate("2026-11-30");
    await w.generate(day);
    const [first, second] = await db.instance.findMany({ where: { nodeId: node }, orderBy: { scheduledAt: "asc" } });
    expect(await db.instanceDependency.findMany({ where: { childId: first!.id } })).toEqual([]);
    expect(await db.instanceDependency.findMany({ where: { childId: second!.id }, select: { parentId: true, kind: true } })).toEqual([{ parentId: first!.id, kind: "crossCycle" }]);

    const now = new Date("2026-12-01T00:20:00Z");
    expect((await w.tick(now)).queued).toBe(1);
    expect(await w.runNext("failed")).toBe(first!.id);
    expect((await w.tick(now)).queued).toBe(0);
    expect((await db.instance.findUniqueOrThrow({ where: { id: second!.id } })).status).toBe("notRun");
    await setInstanceSucceeded({ workspaceId: w.workspaceId, instanceId: first!.id, by: "admin", now });
    expect((await w.tick(now)).queued).toBe(1);
    expect(await w.runNext("succeeded")).toBe(second!.id);
  });

  it("a dry-run parent counts as succeeded; a frozen one blocks", async () => {
    const w = await world("dry");
    await w.node("dry", { ...everyDayAt("00:10"), recurrence: "dryRun" });
    const frozen = await w.node("frozen", { ...everyDayAt("00:10"), recurrence: "pause" });
    const afterDry = await w.node("after_dry", everyDayAt("00:10"), { inputs: [w.output("dry")] });
    const afterFrozen = await w.node("after_frozen", everyDayAt("00:10"), { inputs: [w.output("frozen")] });
    await w.generate();
    const now = new Date("2026-12-01T00:20:00Z");
    await w.tick(now);
    expect((await w.tick(now)).queued).toBe(0);
    expect(await statusOf(afterDry)).toBe("waitingResources");
    expect(await statusOf(afterFrozen)).toBe("notRun");
    expect(await statusOf(frozen)).not.toBe("succeeded");
  });
});
