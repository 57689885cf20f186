// Times as the workspace's scheduler reads them (its time zone), the same on the server
// and in the browser, whatever zone the browser is in.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let cached = formatters.get(timeZone);
  if (!cached) {
    cached = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
    formatters.set(timeZone, cached);
  }
  return cached;
}

/** 2026-11-30 02:30:00 in the time zone; "—" for nothing. */
export function formatZoned(value: string | null | undefined, timeZone: string): string {
  if (!value) return "—";
  return formatter(timeZone).format(new Date(value)).replace(",", "").replace(" 24:", " 00:");
}

/** 20261129 -> 2026-11-29. */
export function formatBizdate(bizdate: string): string {
  return /^\d{8}$/.test(bizdate) ? `${bizdate.slice(0, 4)}-${bizdate.slice(4, 6)}-${bizdate.slice(6)}` : bizdate;
}
