import type { RowValue as EngineRowValue } from "../row-value";

/**
 * Encodes rows into PostgreSQL COPY text format straight into Buffers: one line per row,
 * values separated by tabs, `\N` for NULL, and backslash escapes for backslash, newline,
 * carriage return and tab. Because raw newlines inside values are escaped, byte 0x0A
 * appears only at row ends, so a failed batch can be split by lines without re-encoding.
 *
 * The hot path writes numbers and ASCII text with `latin1` writes and strings with one
 * `utf8` write each; no per-value intermediate Buffers are created.
 */

const NEWLINE = 0x0a;
const NEEDS_ESCAPE = /[\\\n\r\t]/;
const ESCAPE_ALL = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * Node's Buffer has `latin1Write`/`utf8Write` (the methods `buf.write` dispatches to) but
 * @types/node does not declare them; calling them directly skips the encoding lookup.
 */
type FastBuffer = Buffer & { latin1Write(text: string, offset: number): number; utf8Write(text: string, offset: number): number };

/** A row value as the engine carries it: MaxCompute values plus plain strings for constants. */
export type RowValue = EngineRowValue;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Year for PostgreSQL input: astronomical year 0 is 1 BC. */
function formatYear(year: number): { text: string; bc: boolean } {
  if (year > 0) return { text: String(year).padStart(4, "0"), bc: false };
  return { text: String(1 - year).padStart(4, "0"), bc: true };
}

/** An instant as PostgreSQL timestamptz text in UTC, microsecond precision. */
export function formatInstant(epochMs: number, micros: number): string {
  const d = new Date(epochMs);
  const { text, bc } = formatYear(d.getUTCFullYear());
  const fraction = micros === 0 ? "" : `.${String(micros).padStart(6, "0")}`;
  return `${text}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}${fraction}+00${bc ? " BC" : ""}`;
}

/** MaxCompute DATE text "YYYY-MM-DD" (years may be negative) as PostgreSQL date text. */
export function formatDate(text: string): string {
  if (text.charCodeAt(0) !== 0x2d /* - */ && !text.startsWith("0000")) return text;
  const match = /^(-?\d+)-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return text;
  const { text: year, bc } = formatYear(Number(match[1]));
  return `${year}-${match[2]}-${match[3]}${bc ? " BC" : ""}`;
}

function isTimestamp(value: object): value is { seconds: bigint; nanos: number } {
  return typeof (value as { seconds?: unknown }).seconds === "bigint";
}

/**
 * The text form PostgreSQL accepts for a value (used for COPY after escaping, and as a
 * query parameter in SQL mode). TIMESTAMP keeps microseconds: PostgreSQL and Hologres store
 * no finer than that, so nanoseconds beyond the microsecond are truncated.
 */
export function valueToText(value: RowValue): string | null {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "string":
      return value;
    case "number":
      return numberToText(value);
    case "bigint":
      return value.toString();
    case "boolean":
      return value ? "true" : "false";
    default:
      break;
  }
  if (Buffer.isBuffer(value)) return `\\x${value.toString("hex")}`;
  if (value instanceof Date) {
    const ms = value.getTime();
    const subsecond = ((ms % 1000) + 1000) % 1000;
    return formatInstant(ms - subsecond, subsecond * 1000);
  }
  if (Array.isArray(value)) return arrayToText(value);
  if (isTimestamp(value)) {
    const ms = Number(value.seconds) * 1000;
    return formatInstant(ms, Math.floor(value.nanos / 1000));
  }
  return String(value);
}

/**
 * A number as PostgreSQL float text. Number#toString drops the sign of negative zero
 * (String(-0) is "0"); float4/float8 keep it, so it is written as "-0".
 */
export function numberToText(value: number): string {
  if (value === 0) return 1 / value < 0 ? "-0" : "0";
  if (Number.isFinite(value)) return String(value);
  if (Number.isNaN(value)) return "NaN";
  return value > 0 ? "Infinity" : "-Infinity";
}

/** A PostgreSQL array literal: `{1,2,NULL}`, `{"a b","x\"y"}`. */
export function arrayToText(values: RowValue[]): string {
  const parts = values.map((item) => {
    if (item === null || item === undefined) return "NULL";
    if (Array.isArray(item)) return arrayToText(item);
    const text = valueToText(item)!;
    if (text === "" || /[{},"\\\s]/.test(text) || text.toUpperCase() === "NULL") return `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
    return text;
  });
  return `{${parts.join(",")}}`;
}

/**
 * One non-NULL value as COPY text, escaped. `isDate`: the value is MaxCompute DATE text
 * (negative years need rewriting). Shared by the row encoder and the Tunnel decoder's
 * COPY-text output, so both give the same bytes.
 */
export function copyFieldText(value: RowValue, isDate: boolean): string {
  switch (typeof value) {
    case "string": {
      const text = isDate ? formatDate(value) : value;
      return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPE_ALL, (c) => ESCAPES[c]!) : text;
    }
    case "number":
      // ToString gives PostgreSQL-readable text, including NaN, Infinity and -Infinity; not -0.
      return value === 0 ? numberToText(value) : String(value);
    case "bigint":
      return String(value);
    case "boolean":
      return value ? "true" : "false";
    default:
      break;
  }
  // bytea hex input `\x...`; the backslash itself is escaped for COPY.
  if (Buffer.isBuffer(value)) return "\\\\x" + value.toString("hex");
  const text = valueToText(value)!;
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPE_ALL, (c) => ESCAPES[c]!) : text;
}

/** Appends COPY-text-encoded rows to a growing chunk and hands full chunks to `flush`. */
export class CopyTextEncoder {
  private buffer: FastBuffer;
  private position = 0;
  private readonly chunkSize: number;
  /** Encoded bytes since the last `takeBytes()`. */
  private bytes = 0;

  /** Columns whose string values are MaxCompute DATE text (negative years need rewriting). */
  private readonly dateColumns: ReadonlySet<number>;

  constructor(options: { chunkSize?: number; dateColumns?: Iterable<number> } = {}) {
    const chunkSize = options.chunkSize ?? 256 * 1024;
    this.dateColumns = new Set(options.dateColumns ?? []);
    this.chunkSize = chunkSize;
    this.buffer = Buffer.allocUnsafe(chunkSize + 64 * 1024) as FastBuffer;
  }

  private ensure(extra: number): void {
    if (this.position + extra <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.position + extra + 1024)) as FastBuffer;
    this.buffer.copy(grown, 0, 0, this.position);
    this.buffer = grown;
  }

  /**
   * Encodes one row; `columnCount` values, missing ones become NULL. The row is built as one
   * JS string (V8 concatenates without copying) and written with a single UTF-8 write: one
   * native call per row measured twice as fast as one per value.
   */
  appendRow(row: ReadonlyArray<RowValue>, columnCount: number): void {
    let line = "";
    const dates = this.dateColumns.size > 0 ? this.dateColumns : null;
    for (let i = 0; i < columnCount; i++) {
      if (i > 0) line += "\t";
      const value = row[i];
      line += value === null || value === undefined ? "\\N" : copyFieldText(value, dates !== null && dates.has(i));
    }
    line += "\n";
    this.ensure(line.length * 3);
    const written = this.buffer.utf8Write(line, this.position);
    this.position += written;
    this.bytes += written;
  }

  /** Appends raw, already encoded COPY lines (used when a failed batch is replayed in parts). */
  appendEncoded(lines: Buffer): void {
    this.ensure(lines.length);
    lines.copy(this.buffer, this.position);
    this.position += lines.length;
    this.bytes += lines.length;
  }

  get pendingBytes(): number {
    return this.position;
  }

  get isChunkFull(): boolean {
    return this.position >= this.chunkSize;
  }

  /** Returns the encoded bytes so far as one Buffer (no copy) and starts a fresh chunk. */
  takeChunk(): Buffer | null {
    if (this.position === 0) return null;
    const chunk = this.buffer.subarray(0, this.position);
    this.buffer = Buffer.allocUnsafe(this.chunkSize + 64 * 1024) as FastBuffer;
    this.position = 0;
    return chunk;
  }

  /** Encoded bytes since the last call. */
  takeBytes(): number {
    const bytes = this.bytes;
    this.bytes = 0;
    return bytes;
  }
}

/** Splits encoded COPY text into its lines (each including the trailing newline). */
export function splitCopyLines(chunks: ReadonlyArray<Buffer>): Buffer[] {
  const lines: Buffer[] = [];
  let carry: Buffer | null = null;
  for (const chunk of chunks) {
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(NEWLINE, start);
      if (end < 0) break;
      const piece = chunk.subarray(start, end + 1);
      lines.push(carry ? Buffer.concat([carry, piece]) : piece);
      carry = null;
      start = end + 1;
    }
    if (start < chunk.length) carry = carry ? Buffer.concat([carry, chunk.subarray(start)]) : chunk.subarray(start);
  }
  if (carry) lines.push(carry);
  return lines;
}

/** Decodes one COPY text line back into display values (for dirty-record reports). */
export function decodeCopyLine(line: Buffer): Array<string | null> {
  let text = line.toString("utf8");
  if (text.endsWith("\n")) text = text.slice(0, -1);
  return text.split("\t").map((field) => {
    if (field === "\\N") return null;
    return field.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c === "r" ? "\r" : c === "t" ? "\t" : c));
  });
}
