import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileClock, manualClock, schedulerClockFromEnv, setSchedulerClockFile, systemClock } from "./scheduler-clock";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "synclane-clock-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the scheduler's clock file", () => {
  it("runs on from the time it was set: now + (wall clock - setAt)", async () => {
    const file = path.join(dir, "clock.json");
    await writeFile(file, JSON.stringify({ now: "2031-01-01T23:29:50.000Z", setAt: Date.now() - 10_000 }));
    const now = fileClock(file).now().getTime();
    expect(now).toBeGreaterThanOrEqual(Date.parse("2031-01-01T23:30:00.000Z"));
    expect(now).toBeLessThan(Date.parse("2031-01-01T23:30:05.000Z"));
  });

  it("is re-read on every call, so a test moves the time of running processes", () => {
    const file = path.join(dir, "moved.json");
    const clock = fileClock(file);
    setSchedulerClockFile(file, new Date("2031-05-01T05:00:00Z"));
    expect(clock.now().getTime() - Date.parse("2031-05-01T05:00:00Z")).toBeLessThan(5_000);
    setSchedulerClockFile(file, new Date("2032-05-01T05:00:00Z"));
    expect(clock.now().getUTCFullYear()).toBe(2032);
  });

  it("falls back to the system clock when the file is missing or not a clock", async () => {
    const file = path.join(dir, "broken.json");
    expect(Math.abs(fileClock(file).now().getTime() - Date.now())).toBeLessThan(5_000);
    await writeFile(file, "{ not json");
    expect(Math.abs(fileClock(file).now().getTime() - Date.now())).toBeLessThan(5_000);
    await writeFile(file, JSON.stringify({ now: "yesterday", setAt: 1 }));
    expect(Math.abs(fileClock(file).now().getTime() - Date.now())).toBeLessThan(5_000);
  });

  it("is chosen by SYNCLANE_SCHEDULER_CLOCK_FILE; a manual clock stands still until moved", () => {
    expect(schedulerClockFromEnv({})).toBe(systemClock);
    const file = path.join(dir, "env.json");
    setSchedulerClockFile(file, new Date("2031-02-03T04:05:06Z"));
    expect(schedulerClockFromEnv({ SYNCLANE_SCHEDULER_CLOCK_FILE: file }).now().getUTCFullYear()).toBe(2031);
    const clock = manualClock(new Date("2031-01-01T00:00:00Z"));
    clock.advance(60_000);
    expect(clock.now().toISOString()).toBe("2031-01-01T00:01:00.000Z");
  });
});
