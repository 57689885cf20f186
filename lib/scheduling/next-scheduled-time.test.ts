import { describe, expect, it } from "vitest";
import { cycleText } from "./cycle-text";
import type { NodeScheduling } from "./node-scheduling";
import { nextScheduledTime } from "./next-scheduled-time";

const base: NodeScheduling = {
  instanceGenerationMode: "nextDay",
  recurrence: "normal",
  cycle: { type: "day", time: "02:30" },
  validFrom: "1970-01-01",
  validTo: "9999-01-01",
  timeoutMinutes: null,
  rerun: "allAllowed",
  autoRerun: null,
  dependencies: { inputs: [], crossCycle: "none", crossCycleNodeIds: [] },
};

describe("the next scheduled time of a deployed node", () => {
  it("is today's time when it is still ahead, else tomorrow's, in the workspace's time zone", () => {
    // 01:00 in Shanghai on 2026-11-30.
    expect(nextScheduledTime(base, "Asia/Shanghai", new Date("2026-11-29T17:00:00Z"))?.toISOString()).toBe("2026-11-29T18:30:00.000Z");
    // 03:00 in Shanghai: tomorrow 02:30.
    expect(nextScheduledTime(base, "Asia/Shanghai", new Date("2026-11-29T19:00:00Z"))?.toISOString()).toBe("2026-11-30T18:30:00.000Z");
  });

  it("skips the days a week cycle does not choose (their instances are dry runs)", () => {
    const weekly = { ...base, cycle: { type: "week" as const, weekdays: [5], time: "00:05" } };
    // Monday 2026-11-30 12:00 UTC: the next Friday is 2026-12-04.
    expect(nextScheduledTime(weekly, "UTC", new Date("2026-11-30T12:00:00Z"))?.toISOString()).toBe("2026-12-04T00:05:00.000Z");
  });

  it("respects the validity period: none after its end, the first day of it when it starts later", () => {
    expect(nextScheduledTime({ ...base, validTo: "2026-11-29" }, "UTC", new Date("2026-11-30T00:00:00Z"))).toBeNull();
    expect(nextScheduledTime({ ...base, validFrom: "2026-12-10" }, "UTC", new Date("2026-11-30T00:00:00Z"))?.toISOString()).toBe("2026-12-10T02:30:00.000Z");
  });

  it("finds the next hourly instance within the day", () => {
    const hourly = { ...base, cycle: { type: "hour" as const, start: "00:15", end: "23:59", intervalHours: 6 } };
    expect(nextScheduledTime(hourly, "UTC", new Date("2026-11-30T07:00:00Z"))?.toISOString()).toBe("2026-11-30T12:15:00.000Z");
  });
});

describe("a cycle in words", () => {
  it("says each cycle the way the nodes list shows it", () => {
    expect(cycleText({ type: "day", time: "02:30" })).toBe("Every day at 02:30");
    expect(cycleText({ type: "minute", start: "00:00", end: "23:59", intervalMinutes: 10 })).toBe("Every 10 minutes, 00:00-23:59");
    expect(cycleText({ type: "hours", hours: [13, 1], minute: 5 })).toBe("Every day at 01:05, 13:05");
    expect(cycleText({ type: "week", weekdays: [5, 1], time: "00:05" })).toBe("Every week on Mon, Fri at 00:05");
    expect(cycleText({ type: "month", days: ["last", 1], time: "00:20" })).toBe("Every month on day 1, the last day at 00:20");
    expect(cycleText({ type: "year", months: [7, 1], days: [1], time: "00:10" })).toBe("Every year in Jan, Jul on day 1 at 00:10");
  });
});
