import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { decodeCopyLine } from "../../copy-text/copy-text-encoder";
import type { CopyTextBatch } from "../../copy-text/copy-text-batch";
import type { RdbmsReaderParameter } from "../../rdbms/rdbms-reader-parameter";
import { describeSplitPkRange, SPLIT_FACTOR, splitPkCondition, splitPkRanges, type SplitPkRange } from "../../rdbms/split-pk-ranges";
import type { RowValue } from "../../row-value";
import { parseQualifiedName, quoteIdentifier, quoteQualifiedName } from "../../sql-identifier";
import { SyncError } from "../../sync-error";
import type { ReaderColumnExpression } from "../connector";
import type { ReaderContext, ReaderPlan, SourceColumn, SourceReader, Split } from "../connector-types";
import { engineTypeText } from "../neutral-column-type";
import { connectPostgresql, mapPostgresqlError, type PostgresqlConfig } from "./postgresql-config";
import { postgresqlTypeToNeutral } from "./postgresql-type-system";

export type PostgresqlSplit = Split & { range: SplitPkRange | null };

/** About 1 MB of COPY text per batch handed on. */
const BATCH_BYTES = 1 << 20;

/**
 * PostgreSQL (or Hologres) as a source: `COPY (SELECT ...) TO STDOUT`, the server's fastest
 * way out, and exactly the text a PostgreSQL-protocol writer takes in. With no constants
 * among the columns the COPY text goes to the writer untouched (the copy-text capability);
 * otherwise lines are decoded to text values.
 */
export function createPostgresqlReader(options: { config: PostgresqlConfig; parameter: RdbmsReaderParameter; columns: ReaderColumnExpression[] }): SourceReader<PostgresqlSplit> {
  const { config, parameter } = options;
  let selectSql = "";
  let whereSql = "";
  let quotedKey: string | null = null;
  let layout: Array<{ kind: "column"; index: number } | { kind: "constant"; value: string }> = [];
  let identity = true;

  return {
    async plan(context: ReaderContext): Promise<ReaderPlan<PostgresqlSplit>> {
      const client = await connectPostgresql(config);
      try {
        return await plan(client, context);
      } catch (error) {
        throw mapPostgresqlError(error, config);
      } finally {
        await client.end().catch(() => {});
      }
    },

    async *read(split, { signal, batchSize }) {
      for await (const batch of copyOut(split, signal, batchSize)) {
        const rows: RowValue[][] = [];
        let start = 0;
        for (let i = 0; i < batch.bytes.length; i++) {
          if (batch.bytes[i] !== 0x0a) continue;
          const values = decodeCopyLine(batch.bytes.subarray(start, i));
          rows.push(layout.map((source) => (source.kind === "column" ? values[source.index]! : source.value)));
          start = i + 1;
        }
        yield rows;
      }
    },

    readsCopyText: () => identity,
    readCopyText: (split, { signal, batchSize }) => copyOut(split, signal, batchSize),

    async close() {},
  };

  async function* copyOut(split: PostgresqlSplit, signal: AbortSignal, batchSize: number): AsyncIterable<CopyTextBatch> {
    const client = await connectPostgresql(config);
    const onAbort = () => void client.end().catch(() => {});
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      let where = whereSql;
      if (split.range && quotedKey) {
        // COPY takes no parameters; the bounds are integers the engine formatted itself.
        const condition = splitPkCondition(split.range, quotedKey, (i) => `$${i}`);
        let sql = condition.sql;
        condition.values.forEach((value, i) => (sql = sql.replace(`$${i}`, `${BigInt(value).toString()}::numeric`)));
        where = `${where} AND ${sql}`;
      }
      const stream = client.query(copyTo(`COPY (${selectSql} WHERE ${where}) TO STDOUT`));
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      let rows = 0;
      let tail: Buffer = Buffer.alloc(0);
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        const data = tail.length > 0 ? Buffer.concat([tail, chunk]) : chunk;
        const end = data.lastIndexOf(0x0a);
        if (end < 0) {
          tail = data;
          continue;
        }
        const whole = data.subarray(0, end + 1);
        tail = Buffer.from(data.subarray(end + 1));
        for (let i = 0; i < whole.length; i++) if (whole[i] === 0x0a) rows++;
        pending.push(whole);
        pendingBytes += whole.length;
        if (rows >= batchSize || pendingBytes >= BATCH_BYTES) {
          yield { rowCount: rows, bytes: Buffer.concat(pending) };
          pending = [];
          pendingBytes = 0;
          rows = 0;
        }
      }
      if (rows > 0) yield { rowCount: rows, bytes: Buffer.concat(pending) };
    } catch (error) {
      signal.throwIfAborted();
      throw mapPostgresqlError(error, config);
    } finally {
      signal.removeEventListener("abort", onAbort);
      await client.end().catch(() => {});
    }
  }

  async function plan(client: pg.Client, context: ReaderContext): Promise<ReaderPlan<PostgresqlSplit>> {
    const query = parameter.querySql?.trim().replace(/;\s*$/, "");
    if (query) {
      let result;
      try {
        result = await client.query(oneStatement(`SELECT * FROM (${query}) AS synclane_query LIMIT 0`));
      } catch (error) {
        throw new SyncError("SOURCE_QUERY_INVALID", `querySql: the server cannot run it: ${(error as Error).message}. Nothing was read or written.`, { cause: error });
      }
      const types = await client.query<{ t: string }>("SELECT format_type(f.oid, f.mod) AS t FROM unnest($1::oid[], $2::int[]) WITH ORDINALITY AS f(oid, mod, n) ORDER BY n", [
        result.fields.map((f) => f.dataTypeID),
        result.fields.map((f) => f.dataTypeModifier),
      ]);
      const columns = result.fields.map((field, i) => column(field.name, types.rows[i]!.t, null));
      layout = columns.map((_, index) => ({ kind: "column", index }));
      identity = true;
      selectSql = `SELECT * FROM (${query}) AS synclane_query`;
      whereSql = "true";
      return { columns, splits: [{ id: 0, label: "querySql", recordCount: null, range: null }], totalRecords: null, logLines: [`Reader: querySql with ${columns.length} columns, read by one channel with COPY.`] };
    }

    const name = parseQualifiedName(parameter.table ?? "");
    const table = quoteQualifiedName(name);
    const described = await client.query<{ name: string; type: string; notnull: boolean }>(
      "SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull FROM pg_attribute a WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
      [table],
    );
    if (described.rows.length === 0) throw new SyncError("SOURCE_TABLE_NOT_FOUND", `table: there is no table ${name.schema}.${name.table} (or it has no columns): check the name.`);
    const all = described.rows;
    const expressions = options.columns.length === 1 && options.columns[0]!.text === "*" && !options.columns[0]!.fromParameter ? all.map((c) => ({ text: c.name, fromParameter: false })) : options.columns;
    const selected: string[] = [];
    const columns: SourceColumn[] = [];
    const missing: string[] = [];
    layout = [];
    for (const expression of expressions) {
      const constant = expression.fromParameter ? expression.text : /^'(.*)'$/s.exec(expression.text)?.[1]?.replace(/''/g, "'");
      if (constant !== undefined) {
        columns.push({ name: expression.text, type: "string", kind: "constant" });
        layout.push({ kind: "constant", value: constant });
        continue;
      }
      const found = all.find((c) => c.name === expression.text) ?? all.find((c) => c.name.toLowerCase() === expression.text.toLowerCase());
      if (!found) {
        missing.push(expression.text);
        continue;
      }
      selected.push(quoteIdentifier(found.name));
      columns.push(column(found.name, found.type, !found.notnull));
      layout.push({ kind: "column", index: selected.length - 1 });
    }
    if (missing.length > 0) throw new SyncError("SOURCE_COLUMN_NOT_FOUND", `column: ${missing.map((m) => `"${m}"`).join(", ")} not in ${name.schema}.${name.table} (columns: ${all.map((c) => c.name).join(", ")}).`);
    identity = layout.every((source, i) => source.kind === "column" && source.index === i);
    if (selected.length === 0) selected.push("1");
    selectSql = `SELECT ${selected.join(", ")} FROM ${table}`;
    whereSql = parameter.where?.trim() ? `(${parameter.where.trim()})` : "true";
    try {
      await client.query(oneStatement(`EXPLAIN ${selectSql} WHERE ${whereSql}`));
    } catch (error) {
      throw new SyncError("SOURCE_QUERY_INVALID", `where: the server refused the condition ${JSON.stringify(parameter.where ?? "")}: ${(error as Error).message}. Nothing was read or written.`, { cause: error });
    }

    quotedKey = null;
    let splits: PostgresqlSplit[] = [{ id: 0, label: name.table, recordCount: null, range: null }];
    const pk = parameter.splitPk?.trim();
    if (pk) {
      const key = all.find((c) => c.name === pk) ?? all.find((c) => c.name.toLowerCase() === pk.toLowerCase());
      const integers = all.filter((c) => ["smallint", "integer", "bigint"].includes(c.type)).map((c) => c.name);
      if (!key || !integers.includes(key.name)) {
        throw new SyncError("SOURCE_SPLIT_PK_INVALID", `splitPk: ${key ? `column "${key.name}" is ${key.type}` : `there is no column "${pk}"`}; splitPk must name an integer column of ${name.schema}.${name.table} (integer columns: ${integers.join(", ") || "none"}).`);
      }
      quotedKey = quoteIdentifier(key.name);
      const bounds = await client.query<{ min: string | null; max: string | null }>(
        oneStatement(`SELECT min(${quotedKey})::text AS min, max(${quotedKey})::text AS max FROM ${table} WHERE ${whereSql}`),
      );
      const { min, max } = bounds.rows[0]!;
      const ranges = splitPkRanges({ min: min === null ? null : BigInt(min), max: max === null ? null : BigInt(max), count: context.concurrency * SPLIT_FACTOR });
      splits = ranges.map((range, id) => ({ id, label: describeSplitPkRange(range, key.name), recordCount: null, range }));
    }
    return { columns, splits, totalRecords: null, logLines: [`Reader: ${name.schema}.${name.table} in ${splits.length} split${splits.length === 1 ? "" : "s"}, read with COPY.`] };
  }
}

/**
 * A query with the user's where or querySql in it, sent over the extended protocol: the
 * server then runs exactly one statement, so a where such as `1=1); DROP TABLE t; SELECT (1`
 * is refused instead of run. COPY cannot go that way; it runs only after plan() has sent the
 * same text this way.
 */
function oneStatement(text: string): { text: string; values: unknown[] } {
  // node-postgres supports queryMode; its typings do not list it yet.
  return { text, values: [], ...{ queryMode: "extended" } };
}

function column(name: string, nativeType: string, nullable: boolean | null): SourceColumn {
  const type = postgresqlTypeToNeutral(nativeType, nullable);
  return { name, type: engineTypeText(type), kind: "column", columnType: type };
}
