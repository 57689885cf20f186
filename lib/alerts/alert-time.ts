import { TZDate } from "@date-fns/tz";
import { parseClockTime } from "@/lib/schemas/alert-rule";

function wallClock(at: Date, timeZone: string): TZDate {
  return new TZDate(at.getTime(), timeZone);
}

/**
 * DataWorks' "Uncompleted by hh:mm": the time is on the day after the business date (the
 * day the instance runs), and hours 24 to 47 are the day after that. So for business date
 * 20261129, "08:30" is 2026-11-30 08:30 and "32:00" is 2026-12-01 08:00, wall clock in the
 * workspace's time zone.
 */
export function uncompletedDeadline(input: { bizdate: string; time: string; timeZone: string }): Date {
  const minutes = parseClockTime(input.time, 47);
  if (minutes === null) throw new Error(`Not an alert time: ${input.time}`);
  const year = Number(input.bizdate.slice(0, 4));
  const month = Number(input.bizdate.slice(4, 6));
  const day = Number(input.bizdate.slice(6, 8));
  const hours = Math.floor(minutes / 60);
  return new Date(new TZDate(year, month - 1, day + 1 + Math.floor(hours / 24), hours % 24, minutes % 60, 0, input.timeZone).getTime());
}

/** Midnight of `now`'s day in the time zone: "per day" limits count from here. */
export function startOfDayIn(now: Date, timeZone: string): Date {
  const local = wallClock(now, timeZone);
  return new Date(new TZDate(local.getFullYear(), local.getMonth(), local.getDate(), 0, 0, 0, timeZone).getTime());
}

/**
 * When the quiet hours around `now` end, or null when `now` is outside them. Quiet hours
 * may span midnight (22:00 to 07:00).
 */
export function quietHoursEnd(input: { now: Date; start: string; end: string; timeZone: string }): Date | null {
  if (!input.start || !input.end) return null;
  const start = parseClockTime(input.start, 23);
  const end = parseClockTime(input.end, 23);
  if (start === null || end === null || start === end) return null;
  const local = wallClock(input.now, input.timeZone);
  const minute = local.getHours() * 60 + local.getMinutes();
  const quiet = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!quiet) return null;
  const endToday = new TZDate(local.getFullYear(), local.getMonth(), local.getDate(), Math.floor(end / 60), end % 60, 0, input.timeZone);
  const at = endToday.getTime() > input.now.getTime() ? endToday : new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + 1, Math.floor(end / 60), end % 60, 0, input.timeZone);
  return new Date(at.getTime());
}
