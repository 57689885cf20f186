// Scheduling properties as rows of label and value, in DataWorks' words, for the places
// that compare two of them side by side (Deploy's diff, Versions' Compare, the wizard's
// Compare) and for the next instance times the Properties panel previews.
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { instanceGenerationModeLabels, nodeSchedulingSchema, recurrenceLabels, rerunPolicyLabels, defaultTimeoutMinutes, type NodeScheduling } from "./node-scheduling";
import { cronOf, instancesOnDay, type SchedulingCycle } from "./scheduling-cycle";

export const weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;
export const monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"] as const;

const dayName = (day: number | "last") => (day === "last" ? "last day of the month" : String(day));

/** "Every day at 05:30", "Every 10 minutes from 00:00 to 23:59", ... */
export function describeCycle(cycle: SchedulingCycle): string {
  switch (cycle.type) {
    case "minute":
      return `Every ${cycle.intervalMinutes} minute${cycle.intervalMinutes === 1 ? "" : "s"} from ${cycle.start} to ${cycle.end}`;
    case "hour":
      return `Every ${cycle.intervalHours} hour${cycle.intervalHours === 1 ? "" : "s"} from ${cycle.start} to ${cycle.end}`;
    case "hours":
      return `At minute ${cycle.minute} of hours ${[...cycle.hours].sort((a, b) => a - b).join(", ")}`;
    case "day":
      return `Every day at ${cycle.time}`;
    case "week":
      return `Every ${[...cycle.weekdays].sort().map((d) => weekdayNames[d - 1]).join(", ")} at ${cycle.time}`;
    case "month":
      return `On day ${cycle.days.map(dayName).join(", ")} of every month at ${cycle.time}`;
    case "year":
      return `On day ${cycle.days.map(dayName).join(", ")} of ${[...cycle.months].sort((a, b) => a - b).map((m) => monthNames[m - 1]).join(", ")} at ${cycle.time}`;
  }
}

export const formatTimeout = (minutes: number | null) =>
  minutes === null ? `Default (${defaultTimeoutMinutes / 60} hours)` : minutes % 60 === 0 ? `${minutes / 60} hour${minutes === 60 ? "" : "s"}` : `${minutes} minutes`;

/** The properties as rows; a value that is not valid scheduling shows as "(not set)". */
export function schedulingRows(value: unknown): { label: string; value: string }[] {
  const parsed = nodeSchedulingSchema.safeParse(value);
  if (!parsed.success) return [{ label: "Scheduling properties", value: "(not set)" }];
  const s: NodeScheduling = parsed.data;
  return [
    { label: "Instance Generation Mode", value: instanceGenerationModeLabels[s.instanceGenerationMode] },
    { label: "Recurrence", value: recurrenceLabels[s.recurrence] },
    { label: "Scheduling Cycle", value: describeCycle(s.cycle) },
    { label: "Cron expression", value: cronOf(s.cycle) },
    { label: "Validity Period", value: `${s.validFrom} to ${s.validTo}` },
    { label: "Timeout definition", value: formatTimeout(s.timeoutMinutes) },
    { label: "Rerun", value: rerunPolicyLabels[s.rerun] },
    { label: "Auto Rerun upon Failure", value: s.autoRerun ? `${s.autoRerun.times} time${s.autoRerun.times === 1 ? "" : "s"}, every ${s.autoRerun.intervalMinutes} min` : "Off" },
  ];
}

/** "yyyy-MM-dd" of an instant in a time zone. */
export function dayIn(instant: Date, timeZone: string): string {
  return format(new TZDate(instant.getTime(), timeZone), "yyyy-MM-dd");
}

/**
 * The next scheduled times after `now` that run (dry-run days of week, month and year
 * cycles left out), inside the validity period, looking at most `days` days ahead.
 */
export function nextInstanceTimes(input: { scheduling: NodeScheduling; timeZone: string; now: Date; count: number; days?: number }): Date[] {
  const { scheduling, timeZone, now, count } = input;
  const found: Date[] = [];
  const start = new TZDate(now.getTime(), timeZone);
  for (let offset = 0; offset < (input.days ?? 400) && found.length < count; offset++) {
    const day = format(new TZDate(start.getFullYear(), start.getMonth(), start.getDate() + offset, timeZone), "yyyy-MM-dd");
    if (day < scheduling.validFrom) continue;
    if (day > scheduling.validTo) break;
    for (const instance of instancesOnDay(scheduling.cycle, day, timeZone)) {
      if (!instance.dryRun && instance.at > now && found.length < count) found.push(instance.at);
    }
  }
  return found;
}

/** "Tue 2026-12-01 05:30" as a wall clock in the time zone. */
export function formatInstanceTime(instant: Date, timeZone: string): string {
  return format(new TZDate(instant.getTime(), timeZone), "EEE yyyy-MM-dd HH:mm");
}
