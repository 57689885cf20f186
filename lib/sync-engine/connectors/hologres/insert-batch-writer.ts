import { quoteIdentifier, quoteQualifiedName } from "../../sql-identifier";
import type { CopyTextBatch, RowValue } from "../connector-types";
import type { HologresColumn } from "./catalog";
import type { ChannelConnection } from "./channel-connection";
import { decodeCopyLine, splitCopyLines, valueToText } from "./copy-text-encoder";
import { settleFailedBatch, textBytes, type BatchItems } from "./dirty-row-isolation";
import type { WritePlan } from "./write-plan";

/** The prepared statement's name on each channel's connection. */
const UNNEST_STATEMENT = "synclane_insert";
/** PostgreSQL's bind message takes at most 65535 parameters. */
const MAX_BIND_PARAMETERS = 65_000;

/**
 * The types Hologres' Holo Client (its own Java SDK) sends as unnest arrays; for others it
 * falls back to `INSERT ... VALUES`, and so does this writer on Hologres.
 */
const HOLOGRES_UNNEST_TYPES = new Set(["bool", "int2", "int4", "int8", "float4", "float8", "bpchar", "varchar", "text", "bytea", "timestamp", "timestamptz", "date", "timetz", "numeric", "json", "jsonb"]);

type InsertPlan = Pick<WritePlan, "server" | "target" | "columns" | "columnTypes" | "conflictClause" | "unwrittenDefaults" | "partitionChild" | "batchRows">;

/**
 * How SQL mode sends a batch. `unnest`: one statement per batch whatever its size, each
 * column one array parameter (`INSERT ... SELECT unnest($1::"int8"[]), ...`): the server
 * parses one short statement and each value once, where a multi-row VALUES list costs a
 * parameter, a placeholder and a parse-tree node per value. It is the statement Holo Client
 * sends Hologres too. `values`: multi-row `INSERT ... VALUES`, for what Holo Client does not
 * send as arrays on Hologres (other types, columns left to their defaults, partition children).
 */
export function insertForm(plan: InsertPlan): "unnest" | "values" {
  if (plan.server.flavour === "postgres") return "unnest";
  const typesOk = plan.columnTypes.every((c) => HOLOGRES_UNNEST_TYPES.has(c.typeName));
  return typesOk && plan.unwrittenDefaults.length === 0 && !plan.partitionChild ? "unnest" : "values";
}

function typeReference(column: Pick<HologresColumn, "typeName" | "typeSchema">): string {
  return column.typeSchema === "pg_catalog" ? quoteIdentifier(column.typeName) : `${quoteIdentifier(column.typeSchema)}.${quoteIdentifier(column.typeName)}`;
}

/**
 * One column's select item. The array's elements are read by the column type's own input
 * function, without the column's length or precision (`"varchar"`, not `varchar(5)`: quoted
 * type names take none), and the INSERT then applies those as it does to any value: an
 * over-long text is refused, not cut. A column that is itself an array (unnest would flatten
 * an array of arrays) and a type without an array type go as text, cast to the type.
 */
export function unnestItem(column: Pick<HologresColumn, "typeName" | "typeSchema" | "category" | "hasArrayType">, parameter: number): string {
  if (column.category === "A" || !column.hasArrayType) return `unnest($${parameter}::"text"[])::${typeReference(column)}`;
  return `unnest($${parameter}::${typeReference(column)}[])`;
}

export function unnestInsertSql(plan: InsertPlan): string {
  const items = plan.columnTypes.map((column, i) => unnestItem(column, i + 1));
  return `INSERT INTO ${quoteQualifiedName(plan.target)} (${plan.columns.map(quoteIdentifier).join(", ")}) SELECT ${items.join(", ")}${plan.conflictClause}`;
}

export function valuesInsertSql(plan: Pick<InsertPlan, "target" | "columns" | "conflictClause">, rowCount: number): string {
  const width = plan.columns.length;
  const tuples: string[] = [];
  let n = 1;
  for (let r = 0; r < rowCount; r++) {
    const placeholders: string[] = [];
    for (let i = 0; i < width; i++) placeholders.push(`$${n++}`);
    tuples.push(`(${placeholders.join(", ")})`);
  }
  return `INSERT INTO ${quoteQualifiedName(plan.target)} (${plan.columns.map(quoteIdentifier).join(", ")}) VALUES ${tuples.join(", ")}${plan.conflictClause}`;
}

const ARRAY_ESCAPE_ALL = /["\\]/g;
/** Elements with these (or empty, or the word NULL) are quoted; array_in reads others bare. */
const NEEDS_QUOTES = /[{}",\\ \t\n\r\v\f]/;

/**
 * One column of a batch as a PostgreSQL array literal (`{1,"a b",NULL}`), with what its
 * size says about the values: the bytes the rows count for (`textBytes`, without a pass of
 * its own over every value). Numbers go bare; a text is quoted when it is empty, is the
 * word NULL, or holds braces, quotes, commas, backslashes or spaces, with `"` and `\`
 * escaped; a NULL is the bare word NULL.
 */
export function arrayLiteral(rows: ReadonlyArray<ReadonlyArray<RowValue>>, valueAt: (row: ReadonlyArray<RowValue>) => RowValue): { text: string; bytes: number } {
  let text = "{";
  let nulls = 0;
  let quoted = 0;
  let escapes = 0;
  for (let r = 0; r < rows.length; r++) {
    if (r > 0) text += ",";
    const value = valueAt(rows[r]!);
    if (value === null || value === undefined) {
      text += "NULL";
      nulls++;
      continue;
    }
    const element = typeof value === "string" ? value : valueToText(value)!;
    if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean" || (element !== "" && !NEEDS_QUOTES.test(element) && !(element.length === 4 && /^null$/i.test(element)))) {
      text += element;
      continue;
    }
    const escaped = element.replace(ARRAY_ESCAPE_ALL, "\\$&");
    escapes += escaped.length - element.length;
    quoted++;
    text += `"${escaped}"`;
  }
  text += "}";
  // Each value counts its text's bytes plus one, a NULL 3: the literal's bytes less braces,
  // commas (one fewer than values), quotes, escapes and the NULL words' extra byte.
  return { text, bytes: Buffer.byteLength(text) - 1 - 2 * nulls - 2 * quoted - escapes };
}

/** A growing byte buffer for one column's literal. */
class LiteralBytes {
  bytes: Buffer;
  length = 0;

  constructor(capacity: number) {
    this.bytes = Buffer.allocUnsafe(Math.max(64, capacity));
  }

  ensure(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + extra));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }
}

const BACKSLASH = 0x5c;
const QUOTE = 0x22;

/** Bytes that make array_in need the element quoted: braces, quote, comma, backslash, whitespace. */
function needsQuotes(byte: number): boolean {
  return byte === 0x7b || byte === 0x7d || byte === QUOTE || byte === 0x2c || byte === BACKSLASH || byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}

/**
 * The columns of COPY text lines as array literals, byte for byte, without a JS value per
 * field: a field's COPY escapes (`\\`, `\n`, `\r`, `\t`) are undone and the array's
 * (`\"`, `\\`) applied, quoting as `arrayLiteral` does. Gives the same literals as
 * `arrayLiteral` over the rows the lines encode.
 */
export function arrayLiteralsFromCopyLines(lines: ReadonlyArray<Buffer>, width: number): string[] {
  const outs = Array.from({ length: width }, () => new LiteralBytes(lines.length * 8));
  for (const out of outs) out.bytes[out.length++] = 0x7b;
  for (let r = 0; r < lines.length; r++) {
    const line = lines[r]!;
    const end = line.length > 0 && line[line.length - 1] === 0x0a ? line.length - 1 : line.length;
    let pos = 0;
    for (let c = 0; c < width; c++) {
      // One pass to find the field's end and whether it needs quotes; JS loops, not native
      // calls, because most fields are a few bytes.
      let stop = pos;
      let quote = false;
      while (stop < end) {
        const byte = line[stop]!;
        if (byte === 0x09) break;
        if (!quote && needsQuotes(byte)) quote = true;
        stop++;
      }
      const size = stop - pos;
      const out = outs[c]!;
      // Worst case: every byte escaped, two quotes, a comma.
      out.ensure(size * 2 + 8);
      const bytes = out.bytes;
      let at = out.length;
      if (r > 0) bytes[at++] = 0x2c;
      if (size === 2 && line[pos] === BACKSLASH && line[pos + 1] === 0x4e) {
        bytes[at++] = 0x4e;
        bytes[at++] = 0x55;
        bytes[at++] = 0x4c;
        bytes[at++] = 0x4c;
      } else {
        if (size === 0 || (size === 4 && (line[pos]! | 0x20) === 0x6e && (line[pos + 1]! | 0x20) === 0x75 && (line[pos + 2]! | 0x20) === 0x6c && (line[pos + 3]! | 0x20) === 0x6c)) quote = true;
        if (!quote) {
          for (let i = pos; i < stop; i++) bytes[at++] = line[i]!;
        } else {
          bytes[at++] = QUOTE;
          for (let i = pos; i < stop; i++) {
            let byte = line[i]!;
            if (byte === BACKSLASH && i + 1 < stop) {
              const next = line[++i]!;
              byte = next === 0x6e ? 0x0a : next === 0x72 ? 0x0d : next === 0x74 ? 0x09 : next;
            }
            if (byte === QUOTE || byte === BACKSLASH) bytes[at++] = BACKSLASH;
            bytes[at++] = byte;
          }
          bytes[at++] = QUOTE;
        }
      }
      out.length = at;
      pos = stop + 1;
    }
  }
  return outs.map((out) => {
    out.ensure(1);
    out.bytes[out.length++] = 0x7d;
    return out.bytes.toString("utf8", 0, out.length);
  });
}

/**
 * SQL mode: a batch is one INSERT with the plan's conflict clause, in the attempt's
 * transaction step. Rows are kept as they came until the batch is sent: values (`write`),
 * each sent as the text COPY would carry, unescaped (`valueToText`), or COPY text lines
 * (`writeCopyText`, when the writer accepts them: then no JS value is made per field).
 */
export class InsertBatchWriter {
  private pendingRows: RowValue[][] = [];
  private pendingLines: Buffer[] = [];
  private readonly form: "unnest" | "values";
  private readonly unnestSql: string;
  /** The value of column `i` of a row: the row's own, then the appended partition value, then NULL padding. */
  private readonly valueAt: Array<(row: ReadonlyArray<RowValue>) => RowValue>;
  private readonly rows: BatchItems<RowValue[]>;
  private readonly lines: BatchItems<Buffer> = { texts: decodeCopyLine, bytes: (line) => line.length, probeColumn: true };

  constructor(private readonly conn: ChannelConnection) {
    this.form = insertForm(conn.plan);
    this.unnestSql = this.form === "unnest" ? unnestInsertSql(conn.plan) : "";
    const { sourceWidth, appendedValues, paddedWidth } = conn.plan;
    this.valueAt = Array.from({ length: paddedWidth }, (_, i) => {
      if (i < sourceWidth) return (row: ReadonlyArray<RowValue>) => row[i] ?? null;
      const appended = appendedValues[i - sourceWidth] ?? null;
      return () => appended;
    });
    const texts = (row: RowValue[]) => this.valueAt.map((at) => valueToText(at(row)));
    this.rows = { texts, bytes: (row) => textBytes(texts(row)), probeColumn: true };
  }

  private get plan(): WritePlan {
    return this.conn.plan;
  }

  async write(rows: RowValue[][]): Promise<void> {
    for (const row of rows) {
      this.pendingRows.push(row);
      if (this.pendingRows.length >= this.plan.batchRows) await this.finishRows();
    }
  }

  /** Rows as COPY text (the writer accepts them only when they are the plan's columns as they are). */
  async writeCopyText({ bytes, release }: CopyTextBatch): Promise<void> {
    // A copy, so that the reader's buffer is free at once; a batch is a few hundred KB.
    const own = Buffer.from(bytes);
    release?.();
    for (const line of splitCopyLines([own])) {
      this.pendingLines.push(line);
      if (this.pendingLines.length >= this.plan.batchRows) await this.finishLines();
    }
  }

  async finishBatch(): Promise<void> {
    await this.finishRows();
    await this.finishLines();
  }

  /** The unnest statement's parameters for these rows, and the bytes they count for. */
  private rowParameters(rows: RowValue[][]): { values: Array<string | null>; bytes: number } {
    if (this.form === "unnest") {
      let bytes = 0;
      const values = this.valueAt.map((at) => {
        const literal = arrayLiteral(rows, at);
        bytes += literal.bytes;
        return literal.text;
      });
      return { values, bytes };
    }
    const values = rows.flatMap(this.rows.texts);
    return { values, bytes: textBytes(values) };
  }

  private lineParameters(lines: Buffer[]): Array<string | null> {
    return this.form === "unnest" ? arrayLiteralsFromCopyLines(lines, this.plan.columns.length) : lines.flatMap(decodeCopyLine);
  }

  /** Sends these rows, all or nothing: one unnest statement, or VALUES statements of at most 65,000 parameters. */
  private async insert(rowCount: number, values: Array<string | null>): Promise<void> {
    await this.conn.beginAttempt();
    try {
      if (this.form === "unnest") {
        // Named, so each connection parses and plans it once: the text is the same for every batch.
        await this.conn.client.query({ name: UNNEST_STATEMENT, text: this.unnestSql, values });
      } else {
        const width = this.plan.columns.length;
        const perStatement = Math.max(1, Math.min(this.plan.batchRows, Math.floor(MAX_BIND_PARAMETERS / width)));
        for (let start = 0; start < rowCount; start += perStatement) {
          const count = Math.min(perStatement, rowCount - start);
          await this.conn.client.query(valuesInsertSql(this.plan, count), values.slice(start * width, (start + count) * width));
        }
      }
    } catch (error) {
      await this.conn.abandonAttempt(error);
      throw error;
    }
    await this.conn.endAttempt(true);
  }

  private async finishRows(): Promise<void> {
    if (this.pendingRows.length === 0) return;
    const rows = this.pendingRows;
    this.pendingRows = [];
    const { values, bytes } = this.rowParameters(rows);
    await this.send({ items: rows, kind: this.rows, values, bytes, attempt: (part) => this.insert(part.length, this.rowParameters(part).values) });
  }

  private async finishLines(): Promise<void> {
    if (this.pendingLines.length === 0) return;
    const lines = this.pendingLines;
    this.pendingLines = [];
    const bytes = lines.reduce((sum, line) => sum + line.length, 0);
    await this.send({ items: lines, kind: this.lines, values: this.lineParameters(lines), bytes, attempt: (part) => this.insert(part.length, this.lineParameters(part)) });
  }

  private async send<T>(options: { items: T[]; kind: BatchItems<T>; values: Array<string | null>; bytes: number; attempt: (items: T[]) => Promise<void> }): Promise<void> {
    const { items, kind, values, bytes, attempt } = options;
    await this.conn.context.acquireBytes(bytes);
    this.conn.context.signal.throwIfAborted();
    const batch = this.conn.session.nextBatchNumber();
    try {
      await this.insert(items.length, values);
      this.conn.reportBatch(items.length, bytes);
    } catch (error) {
      await settleFailedBatch(this.conn, { batch, error, items, kind, bytes, attempt });
    }
  }
}
