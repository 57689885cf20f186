// The scheduler's idea of "now". Every time the scheduler and the worker's timeout read comes
// from a SchedulerClock, so tests move time instead of sleeping: unit tests pass a clock they
// set, and processes started by the browser tests read a clock file
// (SYNCLANE_SCHEDULER_CLOCK_FILE) that a test rewrites to jump to 23:30 or to an instance's
// time. No server-only import: Playwright specs write the file with setSchedulerClockFile.
import { readFileSync, writeFileSync, renameSync } from "node:fs";
import { z } from "zod";

export type SchedulerClock = { now(): Date };

export const systemClock: SchedulerClock = { now: () => new Date() };

/** The clock file: the scheduler's time was `now` when the wall clock said `setAt` (epoch ms); it runs on from there. */
export const schedulerClockFileSchema = z.object({ now: z.iso.datetime({ offset: true }), setAt: z.number() });

/**
 * A clock that reads `path` on every call: "now + (Date.now() - setAt)". A missing or
 * unreadable file means the system clock, so a test can remove it to go back to real time.
 */
export function fileClock(path: string): SchedulerClock {
  return {
    now() {
      let text: string;
      try {
        text = readFileSync(path, "utf8");
      } catch {
        return new Date();
      }
      const parsed = schedulerClockFileSchema.safeParse(safeJson(text));
      if (!parsed.success) return new Date();
      return new Date(Date.parse(parsed.data.now) + (Date.now() - parsed.data.setAt));
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The clock of this process: the clock file when SYNCLANE_SCHEDULER_CLOCK_FILE is set, the system clock otherwise. */
export function schedulerClockFromEnv(env: Record<string, string | undefined> = process.env): SchedulerClock {
  return env.SYNCLANE_SCHEDULER_CLOCK_FILE ? fileClock(env.SYNCLANE_SCHEDULER_CLOCK_FILE) : systemClock;
}

/** The scheduler's current time as this process sees it (for Deploy's deployedAt, the Operation Center's "now"). */
export function schedulerNow(): Date {
  return schedulerClockFromEnv().now();
}

/**
 * Sets the time every process reading `path` sees from now on (it keeps running from there).
 * Written to a temporary file and renamed, so a reader never sees half a file.
 */
export function setSchedulerClockFile(path: string, now: Date): void {
  const body = JSON.stringify({ now: now.toISOString(), setAt: Date.now() });
  writeFileSync(`${path}.tmp`, body);
  renameSync(`${path}.tmp`, path);
}

/** A clock that stands still until the test moves it: for unit and integration tests. */
export function manualClock(start: Date): SchedulerClock & { set(at: Date): void; advance(ms: number): void } {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set(at) {
      current = at.getTime();
    },
    advance(ms) {
      current += ms;
    },
  };
}
