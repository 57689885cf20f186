// A cycle in words, for lists (Operation Center's Auto Triggered Nodes); the cron
// expression beside it is cronOf's.
import type { SchedulingCycle } from "./scheduling-cycle";

const weekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const two = (n: number) => String(n).padStart(2, "0");
const rank = (value: number | "last") => (value === "last" ? 99 : value);
const sorted = <T extends number | "last">(values: readonly T[]): T[] => [...new Set(values)].sort((a, b) => rank(a) - rank(b));
const days = (values: readonly (number | "last")[]) => sorted(values).map((d) => (d === "last" ? "the last day" : String(d))).join(", ");

/** "Every day at 02:30", "Every 10 minutes, 00:00-23:59", "Every week on Mon, Fri at 00:05". */
export function cycleText(cycle: SchedulingCycle): string {
  switch (cycle.type) {
    case "minute":
      return `Every ${cycle.intervalMinutes} minute${cycle.intervalMinutes === 1 ? "" : "s"}, ${cycle.start}-${cycle.end}`;
    case "hour":
      return `Every ${cycle.intervalHours} hour${cycle.intervalHours === 1 ? "" : "s"}, ${cycle.start}-${cycle.end}`;
    case "hours":
      return `Every day at ${sorted(cycle.hours).map((hour) => `${two(hour)}:${two(cycle.minute)}`).join(", ")}`;
    case "day":
      return `Every day at ${cycle.time}`;
    case "week":
      return `Every week on ${sorted(cycle.weekdays).map((d) => weekdayNames[d - 1]).join(", ")} at ${cycle.time}`;
    case "month":
      return `Every month on day ${days(cycle.days)} at ${cycle.time}`;
    case "year":
      return `Every year in ${sorted(cycle.months).map((m) => monthNames[m - 1]).join(", ")} on day ${days(cycle.days)} at ${cycle.time}`;
  }
}
