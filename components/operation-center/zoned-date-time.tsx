import { formatZoned } from "./zoned-time";

/** A date over its time in the workspace's time zone, for narrow table columns. */
export function ZonedDateTime({ value, timeZone }: { value: string | null | undefined; timeZone: string }) {
  const [date, time] = formatZoned(value, timeZone).split(" ");
  return (
    <span className="whitespace-nowrap leading-tight tabular-nums">
      {date}
      {time && " "}
      {time && <span className="block text-slate-400">{time}</span>}
    </span>
  );
}
