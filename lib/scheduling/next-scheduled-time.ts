// When a deployed node is next scheduled: the first instance after `now` that runs (not a
// dry run of a day the cycle does not choose), inside the validity period.
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import type { NodeScheduling } from "./node-scheduling";
import { instancesOnDay } from "./scheduling-cycle";

// A year cycle on February 29 waits up to four years; past that a node has no next time.
const maxDaysAhead = 366 * 4 + 1;

export function nextScheduledTime(scheduling: NodeScheduling, timeZone: string, now: Date): Date | null {
  const today = new TZDate(now.getTime(), timeZone);
  for (let offset = 0; offset <= maxDaysAhead; offset += 1) {
    const day = format(new TZDate(today.getFullYear(), today.getMonth(), today.getDate() + offset, timeZone), "yyyy-MM-dd");
    if (day > scheduling.validTo) return null;
    if (day < scheduling.validFrom) continue;
    const next = instancesOnDay(scheduling.cycle, day, timeZone).find((instance) => !instance.dryRun && instance.at > now);
    if (next) return next.at;
  }
  return null;
}
