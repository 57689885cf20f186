import { describe, expect, it } from "vitest";
import { backfillBusinessDates, backfillCrossCycleParents, backfillDatesToStart, backfillInstanceTimes, backfillRequestSchema, type BackfillRequest } from "./backfill-plan";

const valid: BackfillRequest = {
  scope: "currentNode",
  ranges: [{ start: "2026-11-01", end: "2026-11-03" }],
  window: null,
  parallelism: 1,
  order: "asc",
  runFutureNow: false,
};

function fieldErrors(request: unknown): Record<string, string> {
  const result = backfillRequestSchema.safeParse(request);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((issue) => [issue.path.join("."), issue.message]));
}

describe("backfillRequestSchema", () => {
  it("refuses a range in the wrong order, naming the range", () => {
    expect(fieldErrors({ ...valid, ranges: [valid.ranges[0], { start: "2026-11-10", end: "2026-11-05" }] })).toEqual({
      "ranges.1.end": "Range 2 ends before it starts: the end date must be on or after 2026-11-10.",
    });
  });
  it("refuses more than 7 ranges and a parallelism outside 1-10", () => {
    const eight = Array.from({ length: 8 }, (_, i) => ({ start: `2026-10-0${i + 1}`, end: `2026-10-0${i + 1}` }));
    expect(fieldErrors({ ...valid, ranges: eight })).toEqual({ ranges: "A backfill takes at most 7 business-date ranges." });
    expect(fieldErrors({ ...valid, parallelism: 0 })).toEqual({ parallelism: "Parallelism must be 1 to 10." });
    expect(fieldErrors({ ...valid, parallelism: 11 })).toEqual({ parallelism: "Parallelism must be 1 to 10." });
  });
  it("accepts the valid request", () => {
    expect(fieldErrors(valid)).toEqual({});
  });
});

describe("backfillBusinessDates", () => {
  it("lists overlapping ranges' dates once, ascending or descending", () => {
    const ranges = [
      { start: "2026-11-01", end: "2026-11-03" },
      { start: "2026-11-03", end: "2026-11-04" },
      { start: "2026-10-30", end: "2026-10-31" },
    ];
    expect(backfillBusinessDates({ ranges, order: "asc" })).toEqual(["2026-10-30", "2026-10-31", "2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04"]);
    expect(backfillBusinessDates({ ranges, order: "desc" })[0]).toBe("2026-11-04");
  });
});

describe("backfillInstanceTimes", () => {
  it("schedules a daily node on the business date + 1 at its time", () => {
    const times = backfillInstanceTimes({ cycle: { type: "day", time: "00:00" }, bizdate: "2025-03-15", timeZone: "UTC", window: null });
    expect(times).toEqual([{ at: new Date("2025-03-16T00:00:00Z"), dryRun: false }]);
  });
  it("cuts an hourly node's instances to the window", () => {
    const times = backfillInstanceTimes({
      cycle: { type: "hour", start: "00:00", end: "23:00", intervalHours: 1 },
      bizdate: "2026-11-01",
      timeZone: "Asia/Shanghai",
      window: { start: "08:00", end: "10:00" },
    });
    expect(times.map((t) => t.at.toISOString())).toEqual(["2026-11-02T00:00:00.000Z", "2026-11-02T01:00:00.000Z", "2026-11-02T02:00:00.000Z"]);
  });
  it("gives a weekly node a dry run on a day it does not choose", () => {
    // Business date Sunday 2026-11-29 -> Monday 2026-11-30 (weekday 1), chosen; Monday's bizdate -> Tuesday, not chosen.
    const weekly = { type: "week" as const, weekdays: [1], time: "02:00" };
    expect(backfillInstanceTimes({ cycle: weekly, bizdate: "2026-11-29", timeZone: "UTC", window: null })[0]!.dryRun).toBe(false);
    expect(backfillInstanceTimes({ cycle: weekly, bizdate: "2026-11-30", timeZone: "UTC", window: null })[0]!.dryRun).toBe(true);
  });
});

describe("backfillDatesToStart", () => {
  const dates = ["2026-11-03", "2026-11-02", "2026-11-01"];
  it("starts one date after another at parallelism 1", () => {
    expect(backfillDatesToStart({ dates, started: new Set(), finished: new Set(), parallelism: 1 })).toEqual(["2026-11-03"]);
    expect(backfillDatesToStart({ dates, started: new Set(["2026-11-03"]), finished: new Set(), parallelism: 1 })).toEqual([]);
    expect(backfillDatesToStart({ dates, started: new Set(["2026-11-03"]), finished: new Set(["2026-11-03"]), parallelism: 1 })).toEqual(["2026-11-02"]);
  });
  it("keeps N dates going at parallelism N", () => {
    expect(backfillDatesToStart({ dates, started: new Set(), finished: new Set(), parallelism: 2 })).toEqual(["2026-11-03", "2026-11-02"]);
    expect(backfillDatesToStart({ dates, started: new Set(["2026-11-03", "2026-11-02"]), finished: new Set(["2026-11-02"]), parallelism: 2 })).toEqual(["2026-11-01"]);
  });
});

describe("backfillCrossCycleParents", () => {
  const day = (bizdate: string, nodeId: string, hours: number[]) =>
    hours.map((hour) => ({ id: `${nodeId} ${bizdate} ${hour}`, nodeId, bizdate, at: Date.parse(`${bizdate.slice(0, 4)}-${bizdate.slice(4, 6)}-${bizdate.slice(6)}T00:00:00Z`) + 86_400_000 + hour * 3_600_000 }));
  const edges = (input: Parameters<typeof backfillCrossCycleParents>[0]) => backfillCrossCycleParents(input).map((edge) => `${edge.childId} <- ${edge.parentId}`);

  it("a self-dependent daily node waits for its instance of the date before in the chosen order, ascending or descending", () => {
    const instances = ["20261101", "20261102", "20261103"].flatMap((date) => day(date, "a", [4]));
    const waitedFor = new Map([["a", ["a"]]]);
    expect(edges({ instances, dates: ["20261101", "20261102", "20261103"], waitedFor })).toEqual(["a 20261102 4 <- a 20261101 4", "a 20261103 4 <- a 20261102 4"]);
    expect(edges({ instances, dates: ["20261103", "20261102", "20261101"], waitedFor })).toEqual(["a 20261102 4 <- a 20261103 4", "a 20261101 4 <- a 20261102 4"]);
  });

  it("a self-dependent hourly node runs hour after hour, and the first hour of a date waits for the last hour of the date before", () => {
    const instances = [...day("20261102", "h", [0, 1, 2]), ...day("20261101", "h", [0, 1, 2])];
    expect(edges({ instances, dates: ["20261102", "20261101"], waitedFor: new Map([["h", ["h"]]]) })).toEqual([
      "h 20261102 1 <- h 20261102 0",
      "h 20261102 2 <- h 20261102 1",
      "h 20261101 0 <- h 20261102 2",
      "h 20261101 1 <- h 20261101 0",
      "h 20261101 2 <- h 20261101 1",
    ]);
  });

  it("first-level children: a node waits for its children's last instance of the date before, never for its own date's", () => {
    const instances = [...day("20261101", "a", [4]), ...day("20261102", "a", [4]), ...day("20261101", "b", [4, 5]), ...day("20261102", "b", [4, 5])];
    expect(edges({ instances, dates: ["20261101", "20261102"], waitedFor: new Map([["a", ["b"]]]) })).toEqual(["a 20261102 4 <- b 20261101 5"]);
  });

  it("a waited-for node that is not in the backfill gives no edge", () => {
    expect(edges({ instances: day("20261101", "a", [4]), dates: ["20261101"], waitedFor: new Map([["a", ["elsewhere"]]]) })).toEqual([]);
  });
});
