// A node's Scheduling Cycle as DataWorks offers it (minute, hour, day, week, month, year),
// the cron expression DataWorks derives from it (six fields, seconds first, read-only in
// the UI), and the instances it gives on one calendar day in the workspace's time zone.
// Facts and sources: shared/notes/dataworks-scheduling-facts.md, sections 1.2 and 1.3.
// This is the first piece of the scheduler (#12); nothing schedules with it yet.
import { TZDate } from "@date-fns/tz";
import { z } from "zod";

const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use a time of day as HH:mm, such as 05:30.");

const dayOfMonth = z.union([z.number().int().min(1).max(31), z.literal("last")]);

export const schedulingCycleSchema = z.discriminatedUnion("type", [
  // Instances from start to end (both included) every `intervalMinutes`.
  z.object({ type: z.literal("minute"), start: clockTime, end: clockTime, intervalMinutes: z.number().int().min(1).max(59) }),
  // Frequency-based: start to end (a closed interval) every `intervalHours`.
  z.object({ type: z.literal("hour"), start: clockTime, end: clockTime, intervalHours: z.number().int().min(1).max(23) }),
  // Point-in-time: the chosen hours, at one minute past each.
  z.object({ type: z.literal("hours"), hours: z.array(z.number().int().min(0).max(23)).min(1, "Choose at least one hour."), minute: z.number().int().min(0).max(59) }),
  z.object({ type: z.literal("day"), time: clockTime }),
  // 1 = Monday ... 7 = Sunday.
  z.object({ type: z.literal("week"), weekdays: z.array(z.number().int().min(1).max(7)).min(1, "Choose at least one weekday."), time: clockTime }),
  z.object({ type: z.literal("month"), days: z.array(dayOfMonth).min(1, "Choose at least one day of the month."), time: clockTime }),
  z.object({
    type: z.literal("year"),
    months: z.array(z.number().int().min(1).max(12)).min(1, "Choose at least one month."),
    days: z.array(dayOfMonth).min(1, "Choose at least one day of the month."),
    time: clockTime,
  }),
]);
export type SchedulingCycle = z.infer<typeof schedulingCycleSchema>;

const two = (n: number) => String(n).padStart(2, "0");
const parts = (time: string) => time.split(":").map(Number) as [number, number];
const list = (values: readonly (number | "last")[]) =>
  [...new Set(values)].sort((a, b) => (a === "last" ? 99 : a) - (b === "last" ? 99 : b)).map((v) => (v === "last" ? "L" : String(v))).join(",");

/**
 * DataWorks' cron expression for a cycle: `ss mm HH dd MM ?` with `?` in the last field, or
 * weekdays there for a week cycle (`00 05 00 * * 2,5`). Shown read-only, as in DataWorks.
 * The weekday numbers follow the documented example (1 = Monday); that DataWorks counts
 * from Monday is unconfirmed (Quartz would count from Sunday).
 */
export function cronOf(cycle: SchedulingCycle): string {
  switch (cycle.type) {
    case "minute": {
      const [startHour, startMinute] = parts(cycle.start);
      const [endHour] = parts(cycle.end);
      return `00 ${two(startMinute)}/${cycle.intervalMinutes} ${two(startHour)}-${two(endHour)} * * ?`;
    }
    case "hour": {
      const [startHour, minute] = parts(cycle.start);
      const [endHour] = parts(cycle.end);
      return `00 ${two(minute)} ${two(startHour)}-${two(endHour)}/${cycle.intervalHours} * * ?`;
    }
    case "hours":
      return `00 ${two(cycle.minute)} ${list(cycle.hours)} * * ?`;
    case "day": {
      const [hour, minute] = parts(cycle.time);
      return `00 ${two(minute)} ${two(hour)} * * ?`;
    }
    case "week": {
      const [hour, minute] = parts(cycle.time);
      return `00 ${two(minute)} ${two(hour)} * * ${list(cycle.weekdays)}`;
    }
    case "month": {
      const [hour, minute] = parts(cycle.time);
      return `00 ${two(minute)} ${two(hour)} ${list(cycle.days)} * ?`;
    }
    case "year": {
      const [hour, minute] = parts(cycle.time);
      return `00 ${two(minute)} ${two(hour)} ${list(cycle.days)} ${list(cycle.months)} ?`;
    }
  }
}

export type PlannedInstance = {
  /** The scheduled time (cyctime), an instant. */
  at: Date;
  /** Week, month and year cycles get an instance every day; on days not chosen it is a dry run. */
  dryRun: boolean;
};

/**
 * The instances a cycle gives on one calendar day (`yyyy-MM-dd`) in a time zone, in time
 * order. A wall-clock time that does not exist on that day (a daylight-saving gap) moves
 * forward to the first time that does, as TZDate resolves it.
 */
export function instancesOnDay(cycle: SchedulingCycle, day: string, timeZone: string): PlannedInstance[] {
  const [year, month, date] = day.split("-").map(Number);
  const at = (hour: number, minute: number) => new Date(new TZDate(year, month - 1, date, hour, minute, 0, timeZone).getTime());
  const minutesOf = (time: string) => parts(time)[0] * 60 + parts(time)[1];
  const every = (start: string, end: string, step: number): PlannedInstance[] => {
    const instances: PlannedInstance[] = [];
    for (let minutes = minutesOf(start); minutes <= minutesOf(end); minutes += step) {
      instances.push({ at: at(Math.floor(minutes / 60), minutes % 60), dryRun: false });
    }
    return instances;
  };
  const daily = (time: string, chosen: boolean): PlannedInstance[] => [{ at: at(...parts(time)), dryRun: !chosen }];
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const dayChosen = (days: readonly (number | "last")[]) => days.some((d) => (d === "last" ? date === lastDay : d === date));

  switch (cycle.type) {
    case "minute":
      return every(cycle.start, cycle.end, cycle.intervalMinutes);
    case "hour":
      return every(cycle.start, cycle.end, cycle.intervalHours * 60);
    case "hours":
      return [...new Set(cycle.hours)].sort((a, b) => a - b).map((hour) => ({ at: at(hour, cycle.minute), dryRun: false }));
    case "day":
      return daily(cycle.time, true);
    case "week": {
      const weekday = ((new Date(Date.UTC(year, month - 1, date)).getUTCDay() + 6) % 7) + 1;
      return daily(cycle.time, cycle.weekdays.includes(weekday));
    }
    case "month":
      return daily(cycle.time, dayChosen(cycle.days));
    case "year":
      return daily(cycle.time, cycle.months.includes(month) && dayChosen(cycle.days));
  }
}
