import { describe, expect, it } from "vitest";
import { defaultNodeScheduling, type NodeScheduling } from "./node-scheduling";
import { describeCycle, formatInstanceTime, nextInstanceTimes, schedulingRows } from "./scheduling-summary";

const base: NodeScheduling = defaultNodeScheduling({}, () => 0);

describe("next scheduled times, as the Properties panel previews them", () => {
  it("a daily cycle in the workspace's time zone, starting after now", () => {
    // 2026-12-01 06:00 in Shanghai: today's 05:30 has passed.
    const now = new Date("2026-11-30T22:00:00Z");
    const times = nextInstanceTimes({ scheduling: { ...base, cycle: { type: "day", time: "05:30" } }, timeZone: "Asia/Shanghai", now, count: 3 });
    expect(times.map((t) => formatInstanceTime(t, "Asia/Shanghai"))).toEqual(["Wed 2026-12-02 05:30", "Thu 2026-12-03 05:30", "Fri 2026-12-04 05:30"]);
  });

  it("leaves out the dry-run days of a week cycle and stops at the end of the validity period", () => {
    const now = new Date("2026-11-30T00:00:00Z");
    const scheduling: NodeScheduling = { ...base, cycle: { type: "week", weekdays: [1, 5], time: "01:00" }, validTo: "2026-12-10" };
    const times = nextInstanceTimes({ scheduling, timeZone: "UTC", now, count: 10 });
    expect(times.map((t) => formatInstanceTime(t, "UTC"))).toEqual(["Mon 2026-11-30 01:00", "Fri 2026-12-04 01:00", "Mon 2026-12-07 01:00"]);
  });

  it("the last day of the month, February of a leap year included", () => {
    const now = new Date("2028-01-15T00:00:00Z");
    const times = nextInstanceTimes({ scheduling: { ...base, cycle: { type: "month", days: ["last"], time: "23:00" } }, timeZone: "UTC", now, count: 2 });
    expect(times.map((t) => formatInstanceTime(t, "UTC"))).toEqual(["Mon 2028-01-31 23:00", "Tue 2028-02-29 23:00"]);
  });
});

describe("scheduling as rows", () => {
  it("in DataWorks' words", () => {
    const rows = schedulingRows({ ...base, cycle: { type: "week", weekdays: [5, 1], time: "05:30" }, timeoutMinutes: 120, rerun: "failureAllowed" });
    expect(Object.fromEntries(rows.map((row) => [row.label, row.value]))).toMatchObject({
      "Scheduling Cycle": "Every Monday, Friday at 05:30",
      "Cron expression": "00 30 05 * * 1,5",
      "Timeout definition": "2 hours",
      Rerun: "Allow upon Failure Only",
      "Auto Rerun upon Failure": "3 times, every 2 min",
    });
    expect(describeCycle({ type: "month", days: [1, "last"], time: "00:10" })).toBe("On day 1, last day of the month of every month at 00:10");
  });
});
