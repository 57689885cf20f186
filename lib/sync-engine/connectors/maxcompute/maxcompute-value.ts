/** TIMESTAMP values: seconds since the epoch (UTC) and nanoseconds within the second. */
export type MaxComputeTimestamp = { seconds: bigint; nanos: number };

/**
 * One decoded cell. NULL -> null; TINYINT/SMALLINT/INT/FLOAT/DOUBLE -> number; BIGINT ->
 * bigint; DECIMAL -> exact decimal text; STRING/VARCHAR/CHAR/JSON -> string; BINARY -> Buffer;
 * BOOLEAN -> boolean; DATE -> "YYYY-MM-DD"; DATETIME -> Date (instant); TIMESTAMP ->
 * MaxComputeTimestamp; ARRAY -> array; MAP/STRUCT -> JSON text (only with `complexAsJson`).
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
