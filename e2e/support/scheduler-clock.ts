// Moves the e2e server's scheduler clock: the workers' schedulers read this file on every
// tick, so a test jumps to 23:30 or to an instance's scheduled time instead of sleeping.
import { rmSync } from "node:fs";
import path from "node:path";
import { setSchedulerClockFile } from "../../lib/scheduling/scheduler-clock";
import { e2eSettings } from "./e2e-settings";

const clockFile = () => path.resolve(e2eSettings.schedulerClockFile);

/** From now on the scheduler's time is `at`, running on from there. */
export function setSchedulerClock(at: Date): void {
  setSchedulerClockFile(clockFile(), at);
}

/** Back to the system clock. */
export function resetSchedulerClock(): void {
  rmSync(clockFile(), { force: true });
}
