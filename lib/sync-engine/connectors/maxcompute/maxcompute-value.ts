/** TIMESTAMP values: seconds since the epoch (UTC) and nanoseconds within the second. */
export type MaxComputeTimestamp = { seconds: bigint; nanos: number };

/**
 * One decoded cell. NULL -> null; TINYINT/SMALLINT/INT/FLOAT/DOUBLE -> number; BIGINT ->
 * bigint; DECIMAL -> exact decimal text; STRING/VARCHAR/CHAR/JSON -> string; BINARY -> Buffer;
 * BOOLEAN -> boolean; DATE -> "YYYY-MM-DD"; DATETIME -> Date (instant); TIMESTAMP ->
 * MaxComputeTimestamp; ARRAY -> array (JSON text when it holds MAP or STRUCT); MAP/STRUCT -> JSON text.
 */
export type MaxComputeValue =
  | null
  | number
  | bigint
  | string
  | boolean
  | Buffer
  | Date
  | MaxComputeTimestamp
  | MaxComputeValue[];

/** Days since 1970-01-01 -> "YYYY-MM-DD" (proleptic Gregorian, no Date allocation). */
export function formatEpochDay(epochDay: number): string {
  // Howard Hinnant's civil_from_days.
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const yearText = y >= 0 ? String(y).padStart(4, "0") : "-" + String(-y).padStart(4, "0");
  return `${yearText}-${m < 10 ? "0" : ""}${m}-${d < 10 ? "0" : ""}${d}`;
}

/** "YYYY-MM-DD" -> days since 1970-01-01; NaN when the text is not a valid date. */
export function parseEpochDay(text: string): number {
  const match = /^(-?\d{4,})-(\d{1,2})-(\d{1,2})$/.exec(text.trim());
  if (!match) return Number.NaN;
  const y0 = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (m < 1 || m > 12 || d < 1 || d > 31) return Number.NaN;
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  return formatEpochDay(days) === `${match[1].padStart(4, "0")}-${match[2].padStart(2, "0")}-${match[3].padStart(2, "0")}` ? days : Number.NaN;
}

/** JSON text of a decoded value; bigints stay exact, binaries become base64. */
export function toJson(value: MaxComputeValue): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "bigint":
      return value.toString();
    case "number":
      // JSON has no NaN or Infinity (they become strings); -0 is valid JSON and keeps its sign.
      if (value === 0) return 1 / value < 0 ? "-0" : "0";
      return Number.isFinite(value) ? String(value) : JSON.stringify(String(value));
    case "string":
    case "boolean":
      return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(toJson).join(",")}]`;
  if (Buffer.isBuffer(value)) return JSON.stringify(value.toString("base64"));
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const ts = value as { seconds: bigint; nanos: number };
  return JSON.stringify(formatTimestamp(ts.seconds, ts.nanos));
}

/** "YYYY-MM-DD HH:MM:SS.nnnnnnnnn" in UTC. */
export function formatTimestamp(seconds: bigint, nanos: number): string {
  const days = Number(seconds >= 0n ? seconds / 86400n : -((-seconds + 86399n) / 86400n));
  const rem = Number(seconds - BigInt(days) * 86400n);
  const hh = Math.floor(rem / 3600);
  const mm = Math.floor((rem % 3600) / 60);
  const ss = rem % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${formatEpochDay(days)} ${pad(hh)}:${pad(mm)}:${pad(ss)}.${String(nanos).padStart(9, "0")}`;
}
