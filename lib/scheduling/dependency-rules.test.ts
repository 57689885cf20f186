import { describe, expect, it } from "vitest";
import { findDependencyCycle, previousCycleInstance, sameCycleParents, type PlannedTime } from "./dependency-rules";
import { instancesOnDay, type SchedulingCycle } from "./scheduling-cycle";

const day = "2026-12-01";
const zone = "Europe/Berlin";

/** A node's instances on the day, named by their wall-clock time ("01:00"). */
function planned(cycle: SchedulingCycle): PlannedTime[] {
  return instancesOnDay(cycle, day, zone).map((instance) => ({
    id: new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit" }).format(instance.at),
    at: instance.at.getTime(),
  }));
}

const daily = (time: string): SchedulingCycle => ({ type: "day", time });
const hourly = (start: string, end: string, intervalHours = 1): SchedulingCycle => ({ type: "hour", start, end, intervalHours });
const everyMinutes = (start: string, end: string, intervalMinutes: number): SchedulingCycle => ({ type: "minute", start, end, intervalMinutes });

describe("sameCycleParents (scheduling-time proximity)", () => {
  const cases: { name: string; child: SchedulingCycle; parent: SchedulingCycle; expected: Record<string, string[]> }[] = [
    {
      name: "a daily node waits for all of the day's instances of an hourly parent",
      child: daily("05:00"),
      parent: hourly("00:00", "03:00"),
      expected: { "05:00": ["00:00", "01:00", "02:00", "03:00"] },
    },
    {
      name: "every instance of an hourly node waits for the daily parent",
      child: hourly("00:00", "02:00"),
      parent: daily("00:30"),
      expected: { "00:00": ["00:30"], "01:00": ["00:30"], "02:00": ["00:30"] },
    },
    {
      name: "hourly on hourly at the same times: one to one",
      child: hourly("00:00", "02:00"),
      parent: hourly("00:00", "02:00"),
      expected: { "00:00": ["00:00"], "01:00": ["01:00"], "02:00": ["02:00"] },
    },
    {
      name: "hourly on every 30 minutes: each parent instance serves the first child not earlier than it",
      child: hourly("00:00", "02:00"),
      parent: everyMinutes("00:00", "02:00", 30),
      expected: { "00:00": ["00:00"], "01:00": ["00:30", "01:00"], "02:00": ["01:30", "02:00"] },
    },
    {
      name: "every 2 hours on hourly, the parent's later instances go to the last child",
      child: hourly("00:00", "04:00", 2),
      parent: hourly("00:00", "05:00"),
      expected: { "00:00": ["00:00"], "02:00": ["01:00", "02:00"], "04:00": ["03:00", "04:00", "05:00"] },
    },
    {
      name: "a child earlier than every parent instance waits for the first one; an unserved one for the closest earlier",
      child: hourly("00:00", "03:00"),
      parent: hourly("02:00", "03:00"),
      expected: { "00:00": ["02:00"], "01:00": ["02:00"], "02:00": ["02:00"], "03:00": ["03:00"] },
    },
  ];
  for (const testCase of cases) {
    it(testCase.name, () => {
      const result = sameCycleParents(planned(testCase.child), planned(testCase.parent));
      expect(Object.fromEntries(result)).toEqual(testCase.expected);
    });
  }
});

describe("previousCycleInstance (cross-cycle)", () => {
  const instances: PlannedTime[] = [
    { id: "nov30-23:00", at: Date.UTC(2026, 10, 30, 22) },
    { id: "dec01-00:00", at: Date.UTC(2026, 10, 30, 23) },
    { id: "dec01-01:00", at: Date.UTC(2026, 11, 1, 0) },
  ];
  it("is the node's instance scheduled last before, across midnight", () => {
    expect(previousCycleInstance(instances, instances[1]!)?.id).toBe("nov30-23:00");
    expect(previousCycleInstance(instances, instances[2]!)?.id).toBe("dec01-00:00");
  });
  it("is nothing for the first instance, which does not wait on itself", () => {
    expect(previousCycleInstance(instances, instances[0]!)).toBeNull();
  });
});

describe("findDependencyCycle", () => {
  it("names the nodes on a cycle", () => {
    const parents = new Map([
      ["sync_a", ["root"]],
      ["sync_b", ["sync_a", "sync_c"]],
      ["sync_c", ["sync_b"]],
      ["root", []],
    ]);
    expect(findDependencyCycle(parents)).toEqual(["sync_b", "sync_c", "sync_b"]);
  });
  it("finds a self-loop and accepts a diamond", () => {
    expect(findDependencyCycle(new Map([["a", ["a"]]]))).toEqual(["a", "a"]);
    const diamond = new Map([
      ["d", ["b", "c"]],
      ["b", ["a"]],
      ["c", ["a"]],
      ["a", []],
    ]);
    expect(findDependencyCycle(diamond)).toBeNull();
  });
  it("walks a 100,000-node chain without overflowing the stack", () => {
    const chain = new Map<string, string[]>();
    for (let i = 0; i < 100_000; i++) chain.set(`n${i}`, i ? [`n${i - 1}`] : []);
    expect(findDependencyCycle(chain)).toBeNull();
    chain.set("n0", ["n99999"]);
    expect(findDependencyCycle(chain)?.length).toBe(100_001);
  });
});
