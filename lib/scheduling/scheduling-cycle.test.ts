import { describe, expect, it } from "vitest";
import { cronOf, instancesOnDay, schedulingCycleSchema, type SchedulingCycle } from "./scheduling-cycle";

const times = (cycle: SchedulingCycle, day: string, timeZone = "Asia/Shanghai") =>
  instancesOnDay(cycle, day, timeZone).map(({ at, dryRun }) => `${at.toISOString()}${dryRun ? " dry-run" : ""}`);

describe("DataWorks' cron expression for a scheduling cycle", () => {
  it.each<[SchedulingCycle, string]>([
    // The documented examples (dataworks-scheduling-facts.md 1.3).
    [{ type: "day", time: "05:30" }, "00 30 05 * * ?"],
    [{ type: "month", days: [1], time: "00:20" }, "00 20 00 1 * ?"],
    [{ type: "week", weekdays: [5, 2], time: "00:05" }, "00 05 00 * * 2,5"],
    [{ type: "minute", start: "00:00", end: "23:59", intervalMinutes: 10 }, "00 00/10 00-23 * * ?"],
    [{ type: "hour", start: "00:15", end: "23:59", intervalHours: 1 }, "00 15 00-23/1 * * ?"],
    [{ type: "hours", hours: [18, 6, 12], minute: 30 }, "00 30 6,12,18 * * ?"],
    [{ type: "month", days: ["last", 15], time: "01:00" }, "00 00 01 15,L * ?"],
    [{ type: "year", months: [10, 1, 4, 7], days: [1], time: "00:10" }, "00 10 00 1 1,4,7,10 ?"],
  ])("%j gives %s", (cycle, cron) => {
    expect(cronOf(cycle)).toBe(cron);
  });
});

describe("the instances of one day", () => {
  it("an hourly cycle over [00:00, 03:00] gives four instances, both ends included", () => {
    expect(times({ type: "hour", start: "00:00", end: "03:00", intervalHours: 1 }, "2026-12-01")).toEqual([
      "2026-11-30T16:00:00.000Z",
      "2026-11-30T17:00:00.000Z",
      "2026-11-30T18:00:00.000Z",
      "2026-11-30T19:00:00.000Z",
    ]);
  });

  it("a daily cycle gives one instance at its time in the workspace's time zone", () => {
    expect(times({ type: "day", time: "05:30" }, "2026-12-01")).toEqual(["2026-11-30T21:30:00.000Z"]);
    expect(times({ type: "day", time: "05:30" }, "2026-12-01", "UTC")).toEqual(["2026-12-01T05:30:00.000Z"]);
  });

  it("a minute cycle steps from start to end", () => {
    expect(instancesOnDay({ type: "minute", start: "08:00", end: "09:00", intervalMinutes: 15 }, "2026-12-01", "UTC")).toHaveLength(5);
  });

  it("week, month and year cycles give an instance every day, a dry run on days not chosen", () => {
    // 2026-12-01 is a Tuesday.
    expect(times({ type: "week", weekdays: [2], time: "00:05" }, "2026-12-01", "UTC")).toEqual(["2026-12-01T00:05:00.000Z"]);
    expect(times({ type: "week", weekdays: [5], time: "00:05" }, "2026-12-01", "UTC")).toEqual(["2026-12-01T00:05:00.000Z dry-run"]);
    expect(times({ type: "month", days: ["last"], time: "01:00" }, "2026-02-28", "UTC")).toEqual(["2026-02-28T01:00:00.000Z"]);
    expect(times({ type: "month", days: [31], time: "01:00" }, "2026-02-28", "UTC")).toEqual(["2026-02-28T01:00:00.000Z dry-run"]);
    expect(times({ type: "year", months: [12], days: [1], time: "00:10" }, "2026-12-01", "UTC")).toEqual(["2026-12-01T00:10:00.000Z"]);
    expect(times({ type: "year", months: [11], days: [1], time: "00:10" }, "2026-12-01", "UTC")).toEqual(["2026-12-01T00:10:00.000Z dry-run"]);
  });

  it("a time that does not exist on a daylight-saving day moves forward", () => {
    // Berlin skips 02:00-03:00 on 2026-03-29.
    expect(times({ type: "day", time: "02:30" }, "2026-03-29", "Europe/Berlin")).toEqual(["2026-03-29T01:30:00.000Z"]);
  });
});

describe("the scheduling cycle form", () => {
  it("refuses times and choices DataWorks would not offer, saying what to enter", () => {
    const bad = schedulingCycleSchema.safeParse({ type: "day", time: "25:00" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].message).toBe("Use a time of day as HH:mm, such as 05:30.");
    expect(schedulingCycleSchema.safeParse({ type: "week", weekdays: [], time: "00:05" }).error?.issues[0].message).toBe("Choose at least one weekday.");
  });
});
