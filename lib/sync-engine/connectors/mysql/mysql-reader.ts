import type mysql from "mysql2";
import { setTimeout as sleep } from "node:timers/promises";
import type { RowValue } from "../../row-value";
import type { RdbmsReaderParameter } from "../../rdbms/rdbms-reader-parameter";
import { describeSplitPkRange, SPLIT_FACTOR, splitPkCondition, splitPkRanges, type SplitPkRange } from "../../rdbms/split-pk-ranges";
import { quoteMysqlIdentifier } from "../../sql-identifier";
import { SyncError } from "../../sync-error";
import type { ReaderColumnExpression } from "../connector";
import type { ReaderContext, ReaderPlan, SourceColumn, SourceReader, Split } from "../connector-types";
import { engineTypeText, type NeutralColumnType } from "../neutral-column-type";
import { MysqlCopyTextEncoder, CopyTextBlockPool, type CopyTextOutput } from "./mysql-copy-text-encoder";
import { queryCopyText } from "./mysql-copy-text-query";
import { connectMysql, isMysqlConnectionLost, mapMysqlError, type MysqlConfig } from "./mysql-config";
import { parseMysqlTableName, readMysqlTableColumns } from "./mysql-table-columns";
import { mysqlColumnToNeutral, mysqlFieldToNeutral, mysqlValueConverter } from "./mysql-type-system";

export type MysqlSplit = Split & { range: SplitPkRange | null };

/** Output column i comes from the query's column `index`, or is a constant. */
type ColumnSource = { kind: "column"; index: number; type: NeutralColumnType; convert: (value: unknown) => RowValue } | { kind: "constant"; value: string };

/** Reconnects after a dropped connection: 3 times, after 1, 2 and 4 s. */
const RETRY_DELAYS_MS = [1000, 2000, 4000];

/**
 * DataWorks' MySQL Reader: table mode (column, where, splitPk) or querySql. Every check
 * that can fail (table, columns, where, splitPk, querySql, the connection) runs in `plan`,
 * before the writer touches the target. Rows stream from the server (a query stream that
 * pauses the socket when the engine is behind), so memory stays bounded by the batch size.
 */
export function createMysqlReader(options: { config: MysqlConfig; parameter: RdbmsReaderParameter; columns: ReaderColumnExpression[]; retryDelaysMs?: number[] }): SourceReader<MysqlSplit> {
  const { config, parameter } = options;
  const retryDelays = options.retryDelaysMs ?? RETRY_DELAYS_MS;
  let baseSql = "";
  let sources: ColumnSource[] = [];
  let splitKey: { quoted: string; name: string; index: number } | null = null;
  /** COPY text buffers, reused across the reader's channels once the writer is done with them. */
  const copyTextBlocks = new CopyTextBlockPool();

  return {
    async plan(context: ReaderContext): Promise<ReaderPlan<MysqlSplit>> {
      const connection = await connectMysql(config);
      try {
        return parameter.querySql?.trim() ? await planQuery(connection) : await planTable(connection, context);
      } catch (error) {
        throw mapMysqlError(error, config);
      } finally {
        connection.destroy();
      }
    },

    read(split, { signal, batchSize, log }) {
      return readResumably(split, { signal, log }, async function* (connection, sql, values) {
        const stream = connection.query({ sql, values }).stream({ highWaterMark: batchSize });
        // A dropped connection is reported on the connection, not on the query's stream,
        // which would otherwise wait for rows forever.
        connection.on("error", (error) => stream.destroy(error));
        let batch: RowValue[][] = [];
        let lastKey: bigint | null = null;
        for await (const raw of stream as AsyncIterable<unknown[]>) {
          batch.push(project(raw));
          if (splitKey && raw[splitKey.index] !== null) lastKey = BigInt(raw[splitKey.index] as string | number);
          if (batch.length >= batchSize) {
            yield { value: batch, lastKey };
            batch = [];
          }
        }
        if (batch.length > 0) yield { value: batch, lastKey };
      });
    },

    readsCopyText: () => !sources.some((source) => source.kind === "column" && source.type.kind === "unknown"),

    readCopyText(split, { signal, batchSize, log }) {
      const outputs: CopyTextOutput[] = sources.map((source) =>
        source.kind === "constant" ? source : { kind: "column", index: source.index, type: source.type, isDate: engineTypeText(source.type) === "date" },
      );
      return readResumably(split, { signal, log }, async function* (connection, sql, values) {
        const encoder = new MysqlCopyTextEncoder(outputs, copyTextBlocks);
        for await (const { batch, lastKey } of queryCopyText({ connection, sql, values, encoder, batchSize, keyIndex: splitKey?.index ?? null, signal })) {
          yield { value: batch, lastKey };
        }
      });
    },

    async close() {},
  };

  /**
   * Reads a split through `query`, which yields batches with the split key of their last
   * row. A dropped connection is read again from the last key handed on (3 reconnects),
   * when the split is a key-ordered range; anything else would send rows twice.
   */
  async function* readResumably<T>(
    split: MysqlSplit,
    { signal, log }: { signal: AbortSignal; log?: (line: string) => void },
    query: (connection: mysql.Connection, sql: string, values: string[]) => AsyncIterable<{ value: T; lastKey: bigint | null }>,
  ): AsyncGenerator<T> {
    let lastKey: bigint | null = null;
    for (let attempt = 0; ; attempt++) {
      const { sql, values } = splitQuery(split, lastKey);
      const connection = await connectMysql(config);
      const onAbort = () => connection.destroy();
      signal.addEventListener("abort", onAbort, { once: true });
      try {
        for await (const batch of query(connection, sql, values)) {
          yield batch.value;
          if (batch.lastKey !== null) lastKey = batch.lastKey;
        }
        // A cancel destroys the connection, and a destroyed connection may end the rows
        // without an error: the split is then not read to its end.
        signal.throwIfAborted();
        return;
      } catch (error) {
        signal.throwIfAborted();
        const lost = isMysqlConnectionLost(error);
        const resumable = lost && splitKey !== null && split.range?.kind === "range";
        if (!resumable || attempt >= retryDelays.length) {
          const mapped = mapMysqlError(error, config);
          if (lost) {
            throw new SyncError(
              "SOURCE_CONNECTION_LOST",
              `${mapped.message} Split ${split.label}${resumable ? `: gave up after ${retryDelays.length} reconnects` : ": it cannot be resumed (set splitPk to an integer key to make reads resumable)"}.`,
              { cause: error },
            );
          }
          throw mapped;
        }
        log?.(`Reader: retry ${attempt + 1}/${retryDelays.length} of split ${split.label} from ${splitKey!.name} > ${lastKey ?? "its start"} after: ${(error as Error).message}`);
        await sleep(retryDelays[attempt]!, undefined, { signal });
      } finally {
        signal.removeEventListener("abort", onAbort);
        connection.destroy();
      }
    }
  }

  function project(raw: unknown[]): RowValue[] {
    const row: RowValue[] = new Array(sources.length);
    for (let i = 0; i < sources.length; i++) {
      const source = sources[i]!;
      row[i] = source.kind === "column" ? source.convert(raw[source.index] ?? null) : source.value;
    }
    return row;
  }

  function splitQuery(split: MysqlSplit, lastKey: bigint | null): { sql: string; values: string[] } {
    if (!split.range || !splitKey) return { sql: baseSql, values: [] };
    let range = split.range;
    if (lastKey !== null && range.kind === "range") {
      // Resume after the last key handed on: (lastKey, upper].
      const condition = `${splitKey.quoted} > ? AND ${splitKey.quoted} ${range.upperInclusive ? "<=" : "<"} ?`;
      return { sql: `${baseSql} AND ${condition} ORDER BY ${splitKey.quoted}`, values: [lastKey.toString(), range.upper.toString()] };
    }
    const { sql, values } = splitPkCondition(range, splitKey.quoted, () => "?");
    range = split.range;
    return { sql: `${baseSql} AND ${sql}${range.kind === "range" ? ` ORDER BY ${splitKey.quoted}` : ""}`, values };
  }

  async function planQuery(connection: mysql.Connection): Promise<ReaderPlan<MysqlSplit>> {
    const query = parameter.querySql!.trim().replace(/;\s*$/, "");
    let fields;
    try {
      // PREPARE parses and checks the query on the server without running it, and says its columns.
      fields = await new Promise<mysql.FieldPacket[]>((resolve, reject) =>
        connection.prepare(query, (error, statement) => {
          if (error) return reject(error);
          const columns = (statement as unknown as { columns: mysql.FieldPacket[] }).columns;
          statement.close();
          resolve(columns);
        }),
      );
    } catch (error) {
      if (isMysqlConnectionLost(error)) throw error;
      throw new SyncError("SOURCE_QUERY_INVALID", `querySql: the MySQL server cannot run it: ${(error as { sqlMessage?: string }).sqlMessage ?? (error as Error).message}. Nothing was read or written.`, { cause: error });
    }
    if (fields.length === 0) throw new SyncError("SOURCE_QUERY_INVALID", "querySql: it returns no columns; write a SELECT.");
    const all: SourceColumn[] = fields.map((field) => sourceColumn(field.name, mysqlFieldToNeutral(field)));
    // A column list next to querySql picks the query's columns by name, in its order (the
    // wizard maps them); without one every column is read in the query's order.
    const wanted = options.columns.length === 0 || (options.columns.length === 1 && options.columns[0]!.text === "*") ? all.map((c) => ({ text: c.name, fromParameter: false })) : options.columns;
    const columns: SourceColumn[] = [];
    sources = [];
    const missing: string[] = [];
    for (const expression of wanted) {
      const constant = expression.fromParameter ? expression.text : /^'(.*)'$/s.exec(expression.text)?.[1]?.replace(/''/g, "'");
      if (constant !== undefined) {
        columns.push({ name: expression.text, type: "string", kind: "constant" });
        sources.push({ kind: "constant", value: constant });
        continue;
      }
      const index = all.findIndex((c) => c.name === expression.text);
      const found = index >= 0 ? index : all.findIndex((c) => c.name.toLowerCase() === expression.text.toLowerCase());
      if (found < 0) {
        missing.push(expression.text);
        continue;
      }
      columns.push(all[found]!);
      sources.push({ kind: "column", index: found, type: all[found]!.columnType!, convert: mysqlValueConverter(all[found]!.columnType!) });
    }
    if (missing.length > 0) {
      throw new SyncError("SOURCE_COLUMN_NOT_FOUND", `column: ${missing.map((m) => `"${m}"`).join(", ")} not among the querySql's columns (${all.map((c) => c.name).join(", ")}).`);
    }
    baseSql = query;
    return { columns, splits: [{ id: 0, label: "querySql", recordCount: null, range: null }], totalRecords: null, logLines: [`Reader: querySql with ${columns.length} columns, read by one channel.`] };
  }

  async function planTable(connection: mysql.Connection, context: ReaderContext): Promise<ReaderPlan<MysqlSplit>> {
    const name = parseMysqlTableName(parameter.table ?? "", config.database);
    const tableColumns = await readMysqlTableColumns(connection, name);
    const neutral = tableColumns.map((column) => ({ info: column, type: mysqlColumnToNeutral(column) }));
    const expressions = options.columns.length === 1 && options.columns[0]!.text === "*" && !options.columns[0]!.fromParameter
      ? tableColumns.map((c) => ({ text: c.name, fromParameter: false }))
      : options.columns;

    const selected: string[] = [];
    const outColumns: SourceColumn[] = [];
    const missing: string[] = [];
    sources = [];
    for (const expression of expressions) {
      const constant = expression.fromParameter ? expression.text : /^'(.*)'$/s.exec(expression.text)?.[1]?.replace(/''/g, "'");
      if (constant !== undefined) {
        outColumns.push({ name: expression.text, type: "string", kind: "constant" });
        sources.push({ kind: "constant", value: constant });
        continue;
      }
      const found = neutral.find((c) => c.info.name.toLowerCase() === expression.text.toLowerCase());
      if (!found) {
        missing.push(expression.text);
        continue;
      }
      // FLOAT as DOUBLE: the text protocol prints FLOAT with 6 digits; the double is its exact value.
      const quoted = quoteMysqlIdentifier(found.info.name);
      selected.push(found.info.dataType.toLowerCase() === "float" ? `CAST(${quoted} AS DOUBLE)` : quoted);
      outColumns.push(sourceColumn(found.info.name, found.type));
      sources.push({ kind: "column", index: selected.length - 1, type: found.type, convert: mysqlValueConverter(found.type) });
    }
    if (missing.length > 0) {
      throw new SyncError(
        "SOURCE_COLUMN_NOT_FOUND",
        `column: ${missing.map((m) => `"${m}"`).join(", ")} ${missing.length > 1 ? "are" : "is"} not in ${name.database}.${name.table} (columns: ${tableColumns.map((c) => c.name).join(", ")}). Write constants in single quotes ('abc').`,
        { details: { columns: missing } },
      );
    }

    const logLines: string[] = [];
    splitKey = null;
    const pkName = parameter.splitPk?.trim();
    if (pkName) {
      const key = neutral.find((c) => c.info.name.toLowerCase() === pkName.toLowerCase());
      const integers = neutral.filter((c) => c.type.kind === "integer" && !/^bit/i.test(c.info.dataType)).map((c) => c.info.name);
      if (!key) {
        throw new SyncError("SOURCE_SPLIT_PK_INVALID", `splitPk: ${name.database}.${name.table} has no column "${pkName}" (integer columns: ${integers.join(", ") || "none"}). Clear splitPk to read with one channel.`);
      }
      if (!integers.includes(key.info.name)) {
        throw new SyncError(
          "SOURCE_SPLIT_PK_INVALID",
          `splitPk: column "${key.info.name}" of ${name.database}.${name.table} is ${key.info.columnType}; splitPk must name an integer column, normally the primary key (integer columns: ${integers.join(", ") || "none"}). Clear splitPk to read with one channel.`,
        );
      }
      // The key is read once: from its column when the job reads it, else as one more column.
      const quoted = quoteMysqlIdentifier(key.info.name);
      let index = selected.indexOf(quoted);
      if (index < 0) index = selected.push(quoted) - 1;
      splitKey = { quoted, name: key.info.name, index };
    }
    // A SELECT needs at least one column even when the job maps only constants.
    if (selected.length === 0) selected.push("1");

    const from = `${quoteMysqlIdentifier(name.database)}.${quoteMysqlIdentifier(name.table)}`;
    const where = parameter.where?.trim() ? `(${parameter.where.trim()})` : "1=1";
    baseSql = `SELECT ${selected.join(", ")} FROM ${from} WHERE ${where}`;
    try {
      // EXPLAIN has the server parse and plan the query (columns, where) without reading rows.
      await connection.promise().query(`EXPLAIN ${baseSql}`);
    } catch (error) {
      if (isMysqlConnectionLost(error)) throw error;
      const said = (error as { sqlMessage?: string }).sqlMessage ?? (error as Error).message;
      throw new SyncError("SOURCE_QUERY_INVALID", `where: the MySQL server refused the condition ${JSON.stringify(parameter.where ?? "")}: ${said}. Nothing was read or written.`, { cause: error });
    }

    let splits: MysqlSplit[] = [{ id: 0, label: `${name.table}${parameter.where?.trim() ? ` where ${parameter.where.trim()}` : ""}`, recordCount: null, range: null }];
    if (splitKey) {
      const [rows] = await connection.promise().query(`SELECT MIN(${splitKey.quoted}), MAX(${splitKey.quoted}) FROM ${from} WHERE ${where}`);
      const [min, max] = (rows as Array<Array<string | number | null>>)[0]!;
      const ranges = splitPkRanges({ min: min === null ? null : BigInt(min), max: max === null ? null : BigInt(max), count: context.concurrency * SPLIT_FACTOR });
      splits = ranges.map((range, id) => ({ id, label: describeSplitPkRange(range, splitKey!.name), recordCount: null, range }));
      logLines.push(`Reader: ${name.database}.${name.table} split by ${splitKey.name} (${min ?? "no rows"}..${max ?? ""}) into ${splits.length} ranges, the last for NULL keys.`);
    } else {
      logLines.push(`Reader: ${name.database}.${name.table} read by one channel (set splitPk to an integer key to read in parallel).`);
    }
    return { columns: outColumns, splits, totalRecords: null, logLines };
  }
}

function sourceColumn(name: string, type: NeutralColumnType): SourceColumn {
  return { name, type: engineTypeText(type), kind: "column", columnType: type };
}
