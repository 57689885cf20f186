import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { dueGenerations, generateDay, generateDueDays, generateImmediateDeployments } from "./instance-generation";
import { dryRunReasons } from "./instance-plan";
import type { NodeScheduling } from "./node-scheduling";
import { createDeployedNode, createSchedulingWorkspace, deployVersion, everyDayAt } from "./testing/deployed-node";

/** The generator against real PostgreSQL, with times from a clock the test sets (2031: far from the wall clock). */

const suffix = randomUUID().slice(0, 8);
const berlin = "Europe/Berlin";
const workspaceIds: string[] = [];
const long = "2031-01-01T00:00:00Z";

async function world(name: string, timeZone = berlin) {
  const created = await createSchedulingWorkspace({ name: `gen_${name}_${suffix}`, timeZone });
  workspaceIds.push(created.workspaceId);
  return created;
}

const instancesOf = (nodeId: string) =>
  db.instance.findMany({ where: { nodeId }, orderBy: { scheduledAt: "asc" } });
const iso = (rows: { scheduledAt: Date }[]) => rows.map((row) => row.scheduledAt.toISOString());

afterAll(async () => {
  await db.workspace.deleteMany({ where: { id: { in: workspaceIds } } });
  await db.$disconnect();
});

describe("generating a day", () => {
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    w = await world("cycles");
  });

  it("gives each cycle its instances in the workspace's time zone, including the days clocks change", async () => {
    const daily = await createDeployedNode({ workflowId: w.workflowId, name: "daily", scheduling: everyDayAt("05:30"), deployedAt: new Date(long) });
    const hourly = await createDeployedNode({
      workflowId: w.workflowId,
      name: "hourly",
      scheduling: { ...everyDayAt("00:00"), cycle: { type: "hour", start: "00:00", end: "23:00", intervalHours: 1 } },
      deployedAt: new Date(long),
    });
    // Berlin springs forward on 2031-03-30 (02:00 -> 03:00) and falls back on 2031-10-26.
    const spring = await generateDay({ workspaceId: w.workspaceId, day: "2031-03-30", timeZone: berlin, now: new Date("2031-03-29T22:30:00Z") });
    expect(spring).toMatchObject({ instances: 24, inserted: 24 });
    expect(iso(await instancesOf(daily.nodeId))).toEqual(["2031-03-30T03:30:00.000Z"]);
    const springHours = await instancesOf(hourly.nodeId);
    expect(springHours).toHaveLength(23);
    expect(iso(springHours).slice(0, 3)).toEqual(["2031-03-29T23:00:00.000Z", "2031-03-30T00:00:00.000Z", "2031-03-30T01:00:00.000Z"]);
    // Parameters are those of the wall clock in Berlin: 03:00 local is cyctime ...030000.
    expect(springHours[2].parameters).toMatchObject({ bizdate: "20310329", cyctime: "20310330030000" });
    expect(springHours.every((row) => row.status === "waitingTime" && row.notBefore.getTime() === row.scheduledAt.getTime())).toBe(true);

    const autumn = await generateDay({ workspaceId: w.workspaceId, day: "2031-10-26", timeZone: berlin, now: new Date("2031-10-25T21:30:00Z") });
    expect(autumn.instances).toBe(25);
    const autumnHours = (await instancesOf(hourly.nodeId)).filter((row) => row.bizdate === "20311025");
    expect(autumnHours).toHaveLength(24);
    expect(autumnHours[0].scheduledAt.toISOString()).toBe("2031-10-25T22:00:00.000Z");
    expect(autumnHours.at(-1)!.scheduledAt.toISOString()).toBe("2031-10-26T22:00:00.000Z");
    expect(await db.instanceGeneration.findMany({ where: { workspaceId: w.workspaceId }, select: { day: true, instances: true }, orderBy: { day: "asc" } })).toEqual([
      { day: "2031-03-30", instances: 24 },
      { day: "2031-10-26", instances: 25 },
    ]);
  });

  it("gives week, month and year cycles a dry run on the days they do not choose, and the last day of a month", async () => {
    const at = new Date(long);
    const weekly = await createDeployedNode({ workflowId: w.workflowId, name: "weekly", scheduling: { ...everyDayAt("00:00"), cycle: { type: "week", weekdays: [1], time: "01:00" } }, deployedAt: at });
    const monthly = await createDeployedNode({ workflowId: w.workflowId, name: "monthly", scheduling: { ...everyDayAt("00:00"), cycle: { type: "month", days: ["last"], time: "02:00" } }, deployedAt: at });
    const yearly = await createDeployedNode({ workflowId: w.workflowId, name: "yearly", scheduling: { ...everyDayAt("00:00"), cycle: { type: "year", months: [2], days: [29], time: "03:00" } }, deployedAt: at });
    // 2032-02-29 is a Sunday, the last day of February, in a leap year; 2032-03-01 a Monday.
    for (const day of ["2032-02-29", "2032-03-01"]) await generateDay({ workspaceId: w.workspaceId, day, timeZone: berlin, now: new Date("2032-02-28T22:30:00Z") });
    const flags = async (nodeId: string) => (await instancesOf(nodeId)).map((row) => [row.bizdate, row.dryRun, row.dryRunReason]);
    expect(await flags(weekly.nodeId)).toEqual([["20320228", true, dryRunReasons.notChosen], ["20320229", false, null]]);
    expect(await flags(monthly.nodeId)).toEqual([["20320228", false, null], ["20320229", true, dryRunReasons.notChosen]]);
    expect(await flags(yearly.nodeId)).toEqual([["20320228", false, null], ["20320229", true, dryRunReasons.notChosen]]);
  });
});

describe("what a node's properties make of its instances", () => {
  it("generates only inside the validity period, both ends included", async () => {
    const w = await world("validity");
    const node = await createDeployedNode({ workflowId: w.workflowId, name: "valid", scheduling: { ...everyDayAt("06:00"), validFrom: "2031-05-02", validTo: "2031-05-03" }, deployedAt: new Date(long) });
    for (const day of ["2031-05-01", "2031-05-02", "2031-05-03", "2031-05-04"]) {
      await generateDay({ workspaceId: w.workspaceId, day, timeZone: berlin, now: new Date(`${day}T00:00:00Z`) });
    }
    expect((await instancesOf(node.nodeId)).map((row) => row.bizdate)).toEqual(["20310501", "20310502"]);
  });

  it("freezes instances of a node paused by Skip Execution or frozen in Operation Center, and marks Dry Run ones", async () => {
    const w = await world("recurrence");
    const at = new Date(long);
    const paused = await createDeployedNode({ workflowId: w.workflowId, name: "paused", scheduling: { ...everyDayAt("01:00"), recurrence: "pause" }, deployedAt: at });
    const frozen = await createDeployedNode({ workflowId: w.workflowId, name: "frozen", scheduling: everyDayAt("01:00"), deployedAt: at, frozen: true });
    const dry = await createDeployedNode({ workflowId: w.workflowId, name: "dry", scheduling: { ...everyDayAt("01:00"), recurrence: "dryRun" }, deployedAt: at });
    await generateDay({ workspaceId: w.workspaceId, day: "2031-06-01", timeZone: berlin, now: new Date("2031-05-31T21:30:00Z") });
    expect((await instancesOf(paused.nodeId))[0]).toMatchObject({ frozen: true, dryRun: false, status: "waitingTime" });
    expect((await instancesOf(frozen.nodeId))[0]).toMatchObject({ frozen: true, dryRun: false });
    expect((await instancesOf(dry.nodeId))[0]).toMatchObject({ frozen: false, dryRun: true, dryRunReason: dryRunReasons.recurrence });
  });

  it("fixes parameters at generation, and generates an instance whose argument cannot be resolved as failed, naming it", async () => {
    const w = await world("parameters");
    const good = await createDeployedNode({
      workflowId: w.workflowId,
      name: "args",
      scheduling: everyDayAt("02:30"),
      arguments: "pt=$[yyyymmdd-1] month=${yyyymm}",
      deployedAt: new Date(long),
    });
    const bad = await createDeployedNode({ workflowId: w.workflowId, name: "bad_args", scheduling: everyDayAt("02:30"), arguments: "ok=${bizdate} region=${nowhere}", deployedAt: new Date(long) });
    const result = await generateDay({ workspaceId: w.workspaceId, day: "2031-07-01", timeZone: berlin, now: new Date("2031-06-30T21:30:00Z") });
    expect(result.instances).toBe(2);
    const [instance] = await instancesOf(good.nodeId);
    expect(instance.parameters).toEqual({ bizdate: "20310630", cyctime: "20310701023000", pt: "20310630", month: "203106" });
    // A later change of the node's arguments does not change the generated instance.
    await deployVersion({ nodeId: good.nodeId, scheduling: everyDayAt("02:30"), arguments: "pt=changed", deployedAt: new Date("2031-06-30T22:00:00Z") });
    expect((await instancesOf(good.nodeId))[0].parameters).toEqual(instance.parameters);
    const [failed] = await instancesOf(bad.nodeId);
    expect(failed.status).toBe("failed");
    expect(failed.message).toMatch(/^Argument region \(\$\{nowhere\}\) cannot be resolved: .*nowhere/);
    expect(failed.endedAt).not.toBeNull();
  });
});

describe("idempotence and catch-up", () => {
  it("two generators of the same day at once make each instance once", async () => {
    const w = await world("twice");
    const scheduling: NodeScheduling = { ...everyDayAt("00:00"), cycle: { type: "minute", start: "00:00", end: "23:59", intervalMinutes: 5 } };
    for (let i = 0; i < 5; i++) await createDeployedNode({ workflowId: w.workflowId, name: `every5_${i}`, scheduling, deployedAt: new Date(long) });
    const input = { workspaceId: w.workspaceId, day: "2031-08-01", timeZone: berlin, now: new Date("2031-07-31T21:30:00Z") };
    const results = await Promise.all([generateDay(input), generateDay(input), generateDay(input)]);
    expect(results.map((r) => r.instances)).toEqual([1440, 1440, 1440]);
    expect(results.reduce((sum, r) => sum + r.inserted, 0)).toBe(1440);
    expect(await db.instance.count({ where: { workspaceId: w.workspaceId } })).toBe(1440);
    expect(await db.instanceGeneration.count({ where: { workspaceId: w.workspaceId } })).toBe(1);
  });

  it("is due for today when missed, and for tomorrow from 23:30 in the workspace's time zone; off generates nothing", async () => {
    const w = await world("due");
    const scope = { workspaceIds: [w.workspaceId] };
    const node = await createDeployedNode({ workflowId: w.workflowId, name: "due", scheduling: everyDayAt("08:00"), deployedAt: new Date("2031-09-01T10:00:00Z") });
    // 23:29 in Berlin on 09-02 (21:29Z): only today is due, and the node was deployed before 09-01 23:30.
    expect((await dueGenerations({ now: new Date("2031-09-02T21:29:00Z"), ...scope })).map((d) => d.day)).toEqual(["2031-09-02"]);
    await generateDueDays({ now: new Date("2031-09-02T21:29:00Z"), ...scope });
    expect(iso(await instancesOf(node.nodeId))).toEqual(["2031-09-02T06:00:00.000Z"]);
    expect(await dueGenerations({ now: new Date("2031-09-02T21:29:59Z"), ...scope })).toEqual([]);
    expect((await dueGenerations({ now: new Date("2031-09-02T21:30:00Z"), ...scope })).map((d) => d.day)).toEqual(["2031-09-03"]);
    await db.workspace.update({ where: { id: w.workspaceId }, data: { periodicScheduling: false } });
    expect(await generateDueDays({ now: new Date("2031-09-02T21:31:00Z"), ...scope })).toEqual([]);
    await db.workspace.update({ where: { id: w.workspaceId }, data: { periodicScheduling: true } });
    expect(await generateDueDays({ now: new Date("2031-09-02T21:31:00Z"), ...scope })).toMatchObject([{ day: "2031-09-03", inserted: 1 }]);
  });

  it("skips a workspace whose time zone is unknown, without stopping the others", async () => {
    const broken = await world("bad_zone", "Mars/Olympus_Mons");
    const fine = await world("good_zone", "UTC");
    const due = await dueGenerations({ now: new Date("2031-09-05T12:00:00Z"), workspaceIds: [broken.workspaceId, fine.workspaceId] });
    expect(due).toEqual([{ workspaceId: fine.workspaceId, day: "2031-09-05", timeZone: "UTC" }]);
  });

  it("a node deployed after 23:30 waits for the day after next; a missed day includes only nodes deployed before its 23:30", async () => {
    const w = await world("late");
    const scope = { workspaceIds: [w.workspaceId] };
    const early = await createDeployedNode({ workflowId: w.workflowId, name: "early", scheduling: everyDayAt("01:00"), deployedAt: new Date("2031-10-01T21:00:00Z") });
    const late = await createDeployedNode({ workflowId: w.workflowId, name: "late", scheduling: everyDayAt("01:00"), deployedAt: new Date("2031-10-01T21:45:00Z") });
    // The scheduler was down from before 23:30 (Berlin, 21:30Z) and comes back at 08:00 on 10-02.
    const generated = await generateDueDays({ now: new Date("2031-10-02T06:00:00Z"), ...scope });
    expect(generated.map((g) => g.day)).toEqual(["2031-10-02"]);
    const [missed] = await instancesOf(early.nodeId);
    expect(missed.scheduledAt.toISOString()).toBe("2031-10-01T23:00:00.000Z");
    expect(await instancesOf(late.nodeId)).toEqual([]);
    await generateDueDays({ now: new Date("2031-10-02T21:30:00Z"), ...scope });
    expect((await instancesOf(late.nodeId)).map((row) => row.bizdate)).toEqual(["20311002"]);
  });
});

describe("Immediately After Deployment", () => {
  it("generates the rest of the deployment day once: at least 10 minutes after deployment runs, earlier is an expired dry run", async () => {
    const w = await world("immediate");
    const scope = { workspaceIds: [w.workspaceId] };
    const scheduling: NodeScheduling = { ...everyDayAt("00:00"), instanceGenerationMode: "immediately", cycle: { type: "hour", start: "00:00", end: "23:00", intervalHours: 1 } };
    // Deployed 14:55 Berlin (13:55Z) on 2031-11-05: 15:00 (14:00Z) and earlier are expired, 16:00 to 23:00 run.
    const node = await createDeployedNode({ workflowId: w.workflowId, name: "now", scheduling, deployedAt: new Date("2031-11-05T13:55:00Z") });
    const first = await generateImmediateDeployments({ now: new Date("2031-11-05T13:56:00Z"), ...scope });
    expect(first).toEqual([{ nodeId: node.nodeId, versionId: node.versionId, inserted: 24 }]);
    const rows = await instancesOf(node.nodeId);
    const byHour = new Map(rows.map((row) => [row.scheduledAt.toISOString(), row]));
    expect(byHour.get("2031-11-05T13:00:00.000Z")).toMatchObject({ dryRun: true, dryRunReason: dryRunReasons.expired });
    expect(byHour.get("2031-11-05T14:00:00.000Z")).toMatchObject({ dryRun: true, dryRunReason: dryRunReasons.expired });
    expect(byHour.get("2031-11-05T15:00:00.000Z")).toMatchObject({ dryRun: false, dryRunReason: null, status: "waitingTime" });
    expect(rows.filter((row) => !row.dryRun)).toHaveLength(8);
    // Done once: a second pass (another scheduler, or after a crash) finds nothing to do.
    expect(await generateImmediateDeployments({ now: new Date("2031-11-05T13:57:00Z"), ...scope })).toEqual([]);
    expect(await db.instance.count({ where: { nodeId: node.nodeId } })).toBe(24);
  });

  it("the 10-minute rule is inclusive, and a crash before the mark repeats the insert without doubling", async () => {
    const w = await world("immediate_edge");
    const scheduling: NodeScheduling = { ...everyDayAt("15:10"), instanceGenerationMode: "immediately" };
    const node = await createDeployedNode({ workflowId: w.workflowId, name: "edge", scheduling, deployedAt: new Date("2031-11-05T14:00:00Z") });
    await generateImmediateDeployments({ now: new Date("2031-11-05T14:00:30Z"), workspaceIds: [w.workspaceId] });
    // As if the scheduler died between inserting and marking.
    await db.nodeVersion.update({ where: { id: node.versionId }, data: { sameDayGeneratedAt: null } });
    await generateImmediateDeployments({ now: new Date("2031-11-05T14:01:00Z"), workspaceIds: [w.workspaceId] });
    const rows = await instancesOf(node.nodeId);
    expect(rows).toHaveLength(1);
    // 15:10 Berlin = 14:10Z = deployment + 10 minutes exactly: it runs.
    expect(rows[0]).toMatchObject({ dryRun: false, scheduledAt: new Date("2031-11-05T14:10:00Z") });
  });

  it("a Next Day node deployed today gets nothing until the nightly generation", async () => {
    const w = await world("next_day");
    const node = await createDeployedNode({ workflowId: w.workflowId, name: "tomorrow", scheduling: everyDayAt("20:00"), deployedAt: new Date("2031-11-05T12:00:00Z") });
    expect(await generateImmediateDeployments({ now: new Date("2031-11-05T12:01:00Z"), workspaceIds: [w.workspaceId] })).toEqual([]);
    await generateDueDays({ now: new Date("2031-11-05T12:01:00Z"), workspaceIds: [w.workspaceId] });
    expect(await instancesOf(node.nodeId)).toEqual([]);
  });
});
