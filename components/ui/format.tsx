const dateTime = new Intl.DateTimeFormat("en-CA", {
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

/** 2026-11-25 14:03:09, the way DataWorks lists times. */
export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return "—";
  return dateTime.format(new Date(value)).replace(",", "");
}

/** A date over its time, for narrow table columns. */
export function DateTimeCell({ value }: { value: Date | string | null | undefined }) {
  const [date, time] = formatDateTime(value).split(" ");
  return (
    <span className="whitespace-nowrap leading-tight">
      {date}
      {time && <span className="block text-slate-400">{time}</span>}
    </span>
  );
}
