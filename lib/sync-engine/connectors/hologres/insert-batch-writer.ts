import { quoteIdentifier, quoteQualifiedName } from "../../sql-identifier";
import type { RowValue } from "../connector-types";
import type { HologresColumn } from "./catalog";
import type { ChannelConnection } from "./channel-connection";
import { valueToText } from "./copy-text-encoder";
import { itemBytes, settleFailedBatch } from "./dirty-row-isolation";
import type { WritePlan } from "./write-plan";

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

const NEEDS_ARRAY_ESCAPE = /["\\]/;
const ARRAY_ESCAPE_ALL = /["\\]/g;

/**
 * One column of a batch as a PostgreSQL array literal. Every element is double-quoted (so
 * empty strings, spaces, braces, commas and the text `NULL` need no rule of their own), with
 * `"` and `\` escaped; a NULL is the bare word NULL.
 */
export function arrayLiteral(rows: ReadonlyArray<ReadonlyArray<string | null>>, column: number): string {
  let text = "{";
  for (let r = 0; r < rows.length; r++) {
    if (r > 0) text += ",";
    const value = rows[r]![column];
    if (value === null || value === undefined) text += "NULL";
    else text += NEEDS_ARRAY_ESCAPE.test(value) ? `"${value.replace(ARRAY_ESCAPE_ALL, "\\$&")}"` : `"${value}"`;
  }
  return text + "}";
}

/**
 * SQL mode: rows become parameter texts (the same text COPY would carry, unescaped) and a
 * batch is one INSERT with the plan's conflict clause, in the attempt's transaction step.
 */
export class InsertBatchWriter {
  private pendingRows: Array<Array<string | null>> = [];
  private readonly form: "unnest" | "values";
  private readonly unnestSql: string;

  constructor(private readonly conn: ChannelConnection) {
    this.form = insertForm(conn.plan);
    this.unnestSql = this.form === "unnest" ? unnestInsertSql(conn.plan) : "";
  }

  private get plan(): WritePlan {
    return this.conn.plan;
  }

  async write(rows: RowValue[][]): Promise<void> {
    const width = this.plan.paddedWidth;
    const appended = this.plan.appendedValues;
    for (const row of rows) {
      const params: Array<string | null> = new Array(width);
      for (let i = 0; i < width; i++) {
        const value = i < row.length ? row[i]! : i - row.length < appended.length ? appended[i - row.length]! : null;
        params[i] = valueToText(value);
      }
      this.pendingRows.push(params);
      if (this.pendingRows.length >= this.plan.batchRows) await this.finishBatch();
    }
  }

  /** Sends these rows, all or nothing. */
  private async insertRows(rows: Array<Array<string | null>>): Promise<void> {
    await this.conn.beginAttempt();
    try {
      if (this.form === "unnest") {
        const values = this.plan.columns.map((_, c) => arrayLiteral(rows, c));
        await this.conn.client.query(this.unnestSql, values);
      } else {
        const perStatement = Math.max(1, Math.min(this.plan.batchRows, Math.floor(MAX_BIND_PARAMETERS / this.plan.columns.length)));
        for (let start = 0; start < rows.length; start += perStatement) {
          const slice = rows.slice(start, start + perStatement);
          await this.conn.client.query(valuesInsertSql(this.plan, slice.length), slice.flat());
        }
      }
    } catch (error) {
      await this.conn.abandonAttempt(error);
      throw error;
    }
    await this.conn.endAttempt(true);
  }

  async finishBatch(): Promise<void> {
    if (this.pendingRows.length === 0) return;
    const rows = this.pendingRows;
    this.pendingRows = [];
    const bytes = rows.reduce((sum, row) => sum + itemBytes(row), 0);
    await this.conn.context.acquireBytes(bytes);
    this.conn.context.signal.throwIfAborted();
    const batch = this.conn.session.nextBatchNumber();
    try {
      await this.insertRows(rows);
      this.conn.reportBatch(rows.length, bytes);
    } catch (error) {
      await settleFailedBatch(this.conn, { batch, error, items: rows, bytes, attempt: (part) => this.insertRows(part) });
    }
  }
}
