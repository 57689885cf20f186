import { createReadStream, mkdirSync } from "node:fs";
import path from "node:path";
import { StringDecoder } from "node:string_decoder";
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from "@duckdb/node-api";
import { normalizeColumnTypeText, parseColumnType, type ColumnType } from "../sync-engine/connectors/maxcompute/column-type";
import {
  parsePartitionSpec,
  parseTunnelPartitionParameter,
  partitionValueProblem,
  type PartitionSpec,
} from "../sync-engine/connectors/maxcompute/partition-spec";
import { CsvRecordParser } from "./csv-record-parser";
import { duckdbType, storageKind, toStorageValue, type StorageKind } from "./storage-value";
import { TunnelRecordEncoder } from "./tunnel-record-encoder";

export type LocalColumn = { name: string; type: string; comment: string };

export type LocalTable = {
  name: string;
  comment: string;
  columns: LocalColumn[];
  partitionColumns: LocalColumn[];
  createdMs: number;
  lastModifiedMs: number;
  /**
   * True when the rows' encoded Tunnel records are also stored, in blocks (`b_<name>`), so
   * full-row range reads copy records instead of encoding cells. Tables created by early
   * versions lack them and are encoded cell by cell.
   */
  recordBlocks?: boolean;
};

export type LocalPartition = PartitionSpec & { createdMs: number; lastModifiedMs: number; rowCount: number };

/** A failure the service maps to a MaxCompute error response. */
export class LocalCatalogError extends Error {
  constructor(
    readonly code: "NoSuchTable" | "NoSuchPartition" | "TableAlreadyExists" | "PartitionAlreadyExists" | "InvalidArgument",
    message: string,
  ) {
    super(message);
    this.name = "LocalCatalogError";
  }
}

type CompiledColumn = { name: string; type: ColumnType; kind: StorageKind; physical: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** Records per stored block: big enough that reading a block's bytes out of DuckDB (a
 * native call and a copy) is paid once per 256 rows, small enough that a range starting
 * mid-block wastes little. */
const RECORDS_PER_BLOCK = 256;

/**
 * The local MaxCompute service's storage: tables, partitions and rows in one DuckDB file
 * (`<dataDir>/maxcompute.duckdb`). Each MaxCompute table is one DuckDB table `t_<name>`
 * holding every partition, keyed by `_pt` (the partition text) and `_seq` (the row's
 * position in its partition, which is what Tunnel row ranges address).
 */
export class LocalMaxComputeCatalog {
  private readonly compiled = new Map<string, CompiledColumn[]>();
  private writeQueue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    readonly dataDir: string,
  ) {}

  static async open({ dataDir }: { dataDir: string }): Promise<LocalMaxComputeCatalog> {
    mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, "maxcompute.duckdb");
    let instance: DuckDBInstance;
    try {
      // One DuckDB thread per query: range reads are simple scans that single-threaded
      // DuckDB serves well ahead of the encoder, and extra scan threads would only take CPU
      // from the encoder and the sync on a small machine. Concurrent range reads still run
      // in parallel (one query each).
      instance = await DuckDBInstance.create(file, { threads: "1" });
    } catch (error) {
      const message = (error as Error).message;
      if (/lock/i.test(message)) {
        throw new Error(
          `The local MaxCompute data in ${dataDir} is in use by another process (probably a running "npm start" or "npm run maxcompute -- serve"). Stop it first, then retry. (${message.split("\n")[0]})`,
        );
      }
      throw error;
    }
    const connection = await instance.connect();
    await connection.run(`CREATE TABLE IF NOT EXISTS mc_tables (
      name VARCHAR PRIMARY KEY, definition VARCHAR NOT NULL, created_ms BIGINT NOT NULL, modified_ms BIGINT NOT NULL)`);
    await connection.run(`CREATE TABLE IF NOT EXISTS mc_partitions (
      table_name VARCHAR NOT NULL, spec VARCHAR NOT NULL, created_ms BIGINT NOT NULL, modified_ms BIGINT NOT NULL,
      row_count BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (table_name, spec))`);
    const catalog = new LocalMaxComputeCatalog(instance, connection, dataDir);
    await catalog.addMissingRecordBlocks();
    return catalog;
  }

  /**
   * Builds the record blocks of tables created before they existed (data folders made by
   * earlier versions), so every table gets the fast full-row read path. Runs once per
   * table; the table's values are read back and encoded.
   */
  private async addMissingRecordBlocks(): Promise<void> {
    for (const table of await this.listTables()) {
      if (table.recordBlocks) continue;
      const columns = this.compiledColumns(table);
      await this.connection.run("BEGIN TRANSACTION");
      try {
        await this.connection.run(`DROP TABLE IF EXISTS "b_${table.name}"`);
        await this.connection.run(
          `CREATE TABLE "b_${table.name}" (_pt VARCHAR NOT NULL, _first BIGINT NOT NULL, _count INTEGER NOT NULL, _recs BLOB NOT NULL, _ends BLOB NOT NULL, _crcs BLOB NOT NULL)`,
        );
        const appender = await this.connection.createAppender(`b_${table.name}`);
        const reader = await this.instance.connect();
        try {
          const specs = (await this.connection.runAndReadAll("SELECT spec FROM mc_partitions WHERE table_name = $1", [table.name]))
            .getRowsJS()
            .map((r) => String(r[0]));
          for (const spec of specs) {
            const writer = new RecordBlockWriter(appender, table, spec, 0);
            const result = await reader.stream(
              `SELECT ${columns.map((c) => c.physical).join(", ")} FROM "t_${table.name}" WHERE _pt = $1 ORDER BY _seq`,
              [spec],
            );
            const row: unknown[] = new Array(columns.length);
            for (;;) {
              const chunk = await result.fetchChunk();
              if (!chunk || chunk.rowCount === 0) break;
              const vectors = columns.map((_, i) => chunk.getColumnVector(i));
              for (let r = 0; r < chunk.rowCount; r++) {
                for (let c = 0; c < columns.length; c++) {
                  const value = vectors[c].getItem(r) as unknown;
                  row[c] =
                    value === null
                      ? null
                      : columns[c].kind === "JSON"
                        ? JSON.parse(value as string)
                        : columns[c].kind === "BLOB"
                          ? (value as { bytes: Uint8Array }).bytes
                          : value;
                }
                writer.write(row);
              }
            }
            writer.flush();
          }
        } finally {
          reader.closeSync();
        }
        appender.closeSync();
        const upgraded: LocalTable = { ...table, recordBlocks: true };
        await this.connection.run("UPDATE mc_tables SET definition = $2 WHERE name = $1", [table.name, JSON.stringify(upgraded)]);
        await this.connection.run("COMMIT");
      } catch (error) {
        await this.connection.run("ROLLBACK");
        throw error;
      }
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  /** A separate connection for a concurrent streaming read. */
  async connect(): Promise<DuckDBConnection> {
    return this.instance.connect();
  }

  /** Serializes writes (DuckDB allows one writer per table at a time anyway). */
  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const next = this.writeQueue.then(work, work);
    this.writeQueue = next.catch(() => undefined);
    return next;
  }

  async listTables(): Promise<LocalTable[]> {
    const reader = await this.connection.runAndReadAll("SELECT definition FROM mc_tables ORDER BY name");
    return reader.getRowsJS().map((r) => JSON.parse(String(r[0])) as LocalTable);
  }

  async getTable(name: string): Promise<LocalTable | undefined> {
    const reader = await this.connection.runAndReadAll("SELECT definition FROM mc_tables WHERE name = $1", [name.toLowerCase()]);
    const row = reader.getRowsJS()[0];
    return row ? (JSON.parse(String(row[0])) as LocalTable) : undefined;
  }

  async requireTable(name: string): Promise<LocalTable> {
    const table = await this.getTable(name);
    if (!table) throw new LocalCatalogError("NoSuchTable", `Table not found - '${name.toLowerCase()}'`);
    return table;
  }

  /** Storage layout of a table's data columns (cached). */
  compiledColumns(table: LocalTable): CompiledColumn[] {
    let compiled = this.compiled.get(table.name);
    if (!compiled) {
      compiled = table.columns.map((c, i) => {
        const type = parseColumnType(c.type);
        return { name: c.name, type, kind: storageKind(type), physical: `c${i}` };
      });
      this.compiled.set(table.name, compiled);
    }
    return compiled;
  }

  createTable({
    name,
    columns,
    partitionColumns = [],
    comment = "",
    ifNotExists = false,
  }: {
    name: string;
    columns: LocalColumn[];
    partitionColumns?: LocalColumn[];
    comment?: string;
    ifNotExists?: boolean;
  }): Promise<{ created: boolean }> {
    return this.serialize(async () => {
      const tableName = name.toLowerCase();
      if (!NAME.test(tableName)) throw new LocalCatalogError("InvalidArgument", `Invalid table name '${name}': use letters, digits and underscores, starting with a letter.`);
      if (columns.length === 0) throw new LocalCatalogError("InvalidArgument", `Table ${tableName} needs at least one column.`);
      const seen = new Set<string>();
      const normalize = (c: LocalColumn, partition: boolean): LocalColumn => {
        const columnName = c.name.toLowerCase();
        if (!NAME.test(columnName)) throw new LocalCatalogError("InvalidArgument", `Invalid column name '${c.name}'.`);
        if (seen.has(columnName)) throw new LocalCatalogError("InvalidArgument", `Column ${columnName} appears twice.`);
        seen.add(columnName);
        let type: string;
        try {
          type = normalizeColumnTypeText(c.type);
        } catch (error) {
          throw new LocalCatalogError("InvalidArgument", (error as Error).message);
        }
        const parsed = parseColumnType(type);
        if (parsed.kind === "unknown") throw new LocalCatalogError("InvalidArgument", `Column ${columnName}: the type ${c.type} is not supported by the local service.`);
        if (partition && !["string", "varchar", "char", "tinyint", "smallint", "int", "bigint"].includes(parsed.kind)) {
          throw new LocalCatalogError("InvalidArgument", `Partition column ${columnName} must be STRING, VARCHAR, CHAR or an integer type, not ${type}.`);
        }
        return { name: columnName, type, comment: c.comment ?? "" };
      };
      const table: LocalTable = {
        name: tableName,
        comment,
        columns: columns.map((c) => normalize(c, false)),
        partitionColumns: partitionColumns.map((c) => normalize(c, true)),
        createdMs: Date.now(),
        lastModifiedMs: Date.now(),
        recordBlocks: true,
      };
      if (await this.getTable(tableName)) {
        if (ifNotExists) return { created: false };
        throw new LocalCatalogError("TableAlreadyExists", `Table ${tableName} already exists.`);
      }
      this.compiled.delete(tableName);
      const physical = this.compiledColumns(table)
        .map((c) => `${c.physical} ${duckdbType(c.kind)}`)
        .join(", ");
      await this.connection.run("BEGIN TRANSACTION");
      try {
        await this.connection.run(
          `CREATE TABLE "t_${tableName}" (_pt VARCHAR NOT NULL, _seq BIGINT NOT NULL, ${physical})`,
        );
        // Record blocks: up to RECORDS_PER_BLOCK consecutive encoded records of a partition,
        // with the end offset and the CRC of each (uint32 little-endian arrays).
        await this.connection.run(
          `CREATE TABLE "b_${tableName}" (_pt VARCHAR NOT NULL, _first BIGINT NOT NULL, _count INTEGER NOT NULL, _recs BLOB NOT NULL, _ends BLOB NOT NULL, _crcs BLOB NOT NULL)`,
        );
        await this.connection.run("INSERT INTO mc_tables VALUES ($1, $2, $3, $3)", [tableName, JSON.stringify(table), table.createdMs]);
        if (table.partitionColumns.length === 0) {
          await this.connection.run("INSERT INTO mc_partitions VALUES ($1, '', $2, $2, 0)", [tableName, table.createdMs]);
        }
        await this.connection.run("COMMIT");
      } catch (error) {
        await this.connection.run("ROLLBACK");
        throw error;
      }
      return { created: true };
    });
  }

  dropTable(name: string, { ifExists = false } = {}): Promise<{ dropped: boolean }> {
    return this.serialize(async () => {
      const tableName = name.toLowerCase();
      if (!(await this.getTable(tableName))) {
        if (ifExists) return { dropped: false };
        throw new LocalCatalogError("NoSuchTable", `Table not found - '${tableName}'`);
      }
      await this.connection.run(`DROP TABLE IF EXISTS "t_${tableName}"`);
      await this.connection.run(`DROP TABLE IF EXISTS "b_${tableName}"`);
      await this.connection.run("DELETE FROM mc_tables WHERE name = $1", [tableName]);
      await this.connection.run("DELETE FROM mc_partitions WHERE table_name = $1", [tableName]);
      this.compiled.delete(tableName);
      return { dropped: true };
    });
  }

  /**
   * Parses and orders a partition text for a table (`k1=v1,k2='v 2'`, see
   * parsePartitionSpec); "" for an unpartitioned table. The result is the canonical spec
   * text partitions are stored under.
   */
  partitionKey(table: LocalTable, partition: string | undefined): string {
    return this.partitionSpec(table, partition)?.text ?? "";
  }

  private partitionSpec(table: LocalTable, partition: string | undefined): PartitionSpec | undefined {
    if (table.partitionColumns.length === 0) {
      if (partition && partition.trim() !== "") {
        throw new LocalCatalogError("InvalidArgument", `Table ${table.name} is not partitioned, but the partition '${partition}' was given.`);
      }
      return undefined;
    }
    if (!partition || partition.trim() === "") {
      throw new LocalCatalogError(
        "InvalidArgument",
        `Table ${table.name} is partitioned by ${table.partitionColumns.map((c) => c.name).join(", ")}; a partition is required.`,
      );
    }
    try {
      return parsePartitionSpec(partition, table.partitionColumns.map((c) => c.name));
    } catch (error) {
      throw new LocalCatalogError("InvalidArgument", (error as Error).message);
    }
  }

  /**
   * The stored key of a partition a write names (add-partition, load, insertRows): parsed as
   * partitionKey does, then every value checked against MaxCompute's partition value rules
   * and the column's type, so what MaxCompute would refuse is refused here, at load time.
   */
  private writablePartitionKey(table: LocalTable, partition: string | undefined): string {
    const spec = this.partitionSpec(table, partition);
    if (!spec) return "";
    for (const [key, value] of spec.values) {
      const problem = partitionValueProblem(key, value);
      if (problem) throw new LocalCatalogError("InvalidArgument", problem);
      const column = table.partitionColumns.find((c) => c.name === key)!;
      try {
        toStorageValue(parseColumnType(column.type), value);
      } catch (error) {
        throw new LocalCatalogError("InvalidArgument", `Partition value ${key}=${value}: ${(error as Error).message}.`);
      }
    }
    return spec.text;
  }

  /**
   * The partition a Tunnel `partition` parameter (`k1=v1,k2=v2`, values taken exactly)
   * names; undefined for an unpartitioned table. Its `text` is the stored key.
   */
  tunnelPartitionSpec(table: LocalTable, parameter: string | undefined): PartitionSpec | undefined {
    if (table.partitionColumns.length === 0 || !parameter) return this.partitionSpec(table, parameter);
    try {
      return parseTunnelPartitionParameter(parameter, table.partitionColumns.map((c) => c.name));
    } catch (error) {
      throw new LocalCatalogError("InvalidArgument", (error as Error).message);
    }
  }

  addPartition(tableName: string, partition: string, { ifNotExists = false } = {}): Promise<{ created: boolean; spec: string }> {
    return this.serialize(async () => {
      const table = await this.requireTable(tableName);
      if (table.partitionColumns.length === 0) throw new LocalCatalogError("InvalidArgument", `Table ${table.name} is not partitioned.`);
      const spec = this.writablePartitionKey(table, partition);
      if (await this.partitionExists(table.name, spec)) {
        if (ifNotExists) return { created: false, spec };
        throw new LocalCatalogError("PartitionAlreadyExists", `Partition ${spec} of table ${table.name} already exists.`);
      }
      const now = Date.now();
      await this.connection.run("INSERT INTO mc_partitions VALUES ($1, $2, $3, $3, 0)", [table.name, spec, now]);
      await this.touch(table, now);
      return { created: true, spec };
    });
  }

  dropPartition(tableName: string, partition: string, { ifExists = false } = {}): Promise<{ dropped: boolean; spec: string }> {
    return this.serialize(async () => {
      const table = await this.requireTable(tableName);
      // A partition stored by an earlier version under a text that is not a valid spec today
      // (listed by unreadablePartitions) is dropped by that exact text.
      const storedAsGiven = table.partitionColumns.length > 0 && (await this.partitionExists(table.name, partition));
      const spec = storedAsGiven ? partition : this.partitionKey(table, partition);
      if (!(await this.partitionExists(table.name, spec))) {
        if (ifExists) return { dropped: false, spec };
        throw new LocalCatalogError("NoSuchPartition", `Partition not found - '${spec}' of table '${table.name}'`);
      }
      await this.connection.run(`DELETE FROM "t_${table.name}" WHERE _pt = $1`, [spec]);
      if (table.recordBlocks) await this.connection.run(`DELETE FROM "b_${table.name}" WHERE _pt = $1`, [spec]);
      await this.connection.run("DELETE FROM mc_partitions WHERE table_name = $1 AND spec = $2", [table.name, spec]);
      await this.touch(table, Date.now());
      return { dropped: true, spec };
    });
  }

  async partitionExists(tableName: string, spec: string): Promise<boolean> {
    const reader = await this.connection.runAndReadAll("SELECT 1 FROM mc_partitions WHERE table_name = $1 AND spec = $2", [
      tableName,
      spec,
    ]);
    return reader.currentRowCount > 0;
  }

  /** Partitions of a table in name order (the listing order of the service). */
  async listPartitions(tableName: string): Promise<LocalPartition[]> {
    return (await this.readPartitions(tableName)).readable;
  }

  /**
   * Stored partition texts that do not read back as themselves: written by earlier
   * versions, which accepted values MaxCompute refuses (`a,b`) and trimmed or unquoted
   * others. They are left out of listings (a listing never fails because of one); drop them
   * with dropPartition(table, text).
   */
  async unreadablePartitions(tableName: string): Promise<string[]> {
    return (await this.readPartitions(tableName)).unreadable;
  }

  private async readPartitions(tableName: string): Promise<{ readable: LocalPartition[]; unreadable: string[] }> {
    const table = await this.requireTable(tableName);
    if (table.partitionColumns.length === 0) return { readable: [], unreadable: [] };
    const reader = await this.connection.runAndReadAll(
      "SELECT spec, created_ms, modified_ms, row_count FROM mc_partitions WHERE table_name = $1 ORDER BY spec",
      [table.name],
    );
    const columns = table.partitionColumns.map((c) => c.name);
    const readable: LocalPartition[] = [];
    const unreadable: string[] = [];
    for (const r of reader.getRowsJS()) {
      const stored = String(r[0]);
      let spec: PartitionSpec | undefined;
      try {
        spec = parsePartitionSpec(stored, columns);
      } catch {
        spec = undefined;
      }
      if (spec?.text !== stored) {
        unreadable.push(stored);
        continue;
      }
      readable.push({ ...spec, createdMs: Number(r[1]), lastModifiedMs: Number(r[2]), rowCount: Number(r[3]) });
    }
    return { readable, unreadable };
  }

  /** Rows in a partition ("" for an unpartitioned table); undefined when it does not exist. */
  async rowCount(tableName: string, spec: string): Promise<number | undefined> {
    const reader = await this.connection.runAndReadAll("SELECT row_count FROM mc_partitions WHERE table_name = $1 AND spec = $2", [
      tableName,
      spec,
    ]);
    const row = reader.getRowsJS()[0];
    return row ? Number(row[0]) : undefined;
  }

  async totalRowCount(tableName: string): Promise<number> {
    const reader = await this.connection.runAndReadAll("SELECT coalesce(sum(row_count), 0) FROM mc_partitions WHERE table_name = $1", [
      tableName,
    ]);
    return Number(reader.getRowsJS()[0][0]);
  }

  /**
   * Appends rows (values in column order, as JS values or CSV text) to a table or one of
   * its partitions; a missing partition is created. Rows come from an (async) iterable so
   * loads of any size stream through the DuckDB appender.
   */
  insertRows({
    table: tableName,
    partition,
    rows,
  }: {
    table: string;
    partition?: string;
    rows: Iterable<readonly unknown[]> | AsyncIterable<readonly unknown[]>;
  }): Promise<{ inserted: number; spec: string }> {
    return this.serialize(async () => {
      const table = await this.requireTable(tableName);
      const spec = this.writablePartitionKey(table, partition);
      const columns = this.compiledColumns(table);
      const now = Date.now();
      if (!(await this.partitionExists(table.name, spec))) {
        await this.connection.run("INSERT INTO mc_partitions VALUES ($1, $2, $3, $3, 0)", [table.name, spec, now]);
      }
      let seq = (await this.rowCount(table.name, spec)) ?? 0;
      const first = seq;
      const appender = await this.connection.createAppender(`t_${table.name}`);
      const blocks = table.recordBlocks ? await this.connection.createAppender(`b_${table.name}`) : null;
      const blockWriter = blocks ? new RecordBlockWriter(blocks, table, spec, seq) : null;
      const storedRow: unknown[] = new Array(columns.length);
      try {
        let line = 0;
        for await (const row of rows as AsyncIterable<readonly unknown[]>) {
          line++;
          if (row.length !== columns.length) {
            throw new LocalCatalogError(
              "InvalidArgument",
              `Row ${line} has ${row.length} values but table ${table.name} has ${columns.length} columns (${columns.map((c) => c.name).join(", ")}).`,
            );
          }
          appender.appendVarchar(spec);
          appender.appendBigInt(BigInt(seq));
          for (let i = 0; i < columns.length; i++) {
            let stored: unknown;
            try {
              stored = toStorageValue(columns[i].type, row[i]);
            } catch (error) {
              throw new LocalCatalogError("InvalidArgument", `Row ${line}, column ${columns[i].name}: ${(error as Error).message}.`);
            }
            appendStored(appender, columns[i].kind, stored);
            storedRow[i] = columns[i].kind === "JSON" && stored !== null ? JSON.parse(stored as string) : stored;
          }
          appender.endRow();
          blockWriter?.write(storedRow);
          seq++;
        }
        blockWriter?.flush();
        appender.closeSync();
        blocks?.closeSync();
      } catch (error) {
        for (const a of [appender, blocks]) {
          try {
            a?.clear();
            a?.closeSync();
          } catch {
            // the appender is already unusable
          }
        }
        // Rows flushed before the failure are removed so the partition stays as it was.
        await this.connection.run(`DELETE FROM "t_${table.name}" WHERE _pt = $1 AND _seq >= $2`, [spec, BigInt(first)]);
        if (blocks) await this.connection.run(`DELETE FROM "b_${table.name}" WHERE _pt = $1 AND _first >= $2`, [spec, BigInt(first)]);
        throw error;
      }
      await this.connection.run("UPDATE mc_partitions SET row_count = $3, modified_ms = $4 WHERE table_name = $1 AND spec = $2", [
        table.name,
        spec,
        BigInt(seq),
        now,
      ]);
      await this.touch(table, now);
      return { inserted: seq - first, spec };
    });
  }

  /**
   * Loads a CSV file into a table or partition. The first line is a header when its fields
   * equal the column names; `\N` or an unquoted empty field is NULL, except that an empty
   * field of a STRING column is "" (write `\N` for a NULL string).
   */
  async loadCsv({
    table: tableName,
    partition,
    file,
    delimiter = ",",
  }: {
    table: string;
    partition?: string;
    file: string;
    delimiter?: string;
  }): Promise<{ inserted: number; spec: string }> {
    const table = await this.requireTable(tableName);
    const columns = this.compiledColumns(table);
    const names = columns.map((c) => c.name);
    const isText = columns.map((c) => ["string", "varchar", "char", "json"].includes(c.type.kind));
    async function* records() {
      const parser = new CsvRecordParser(delimiter);
      const decoder = new StringDecoder("utf8");
      let first = true;
      const convert = (record: { fields: string[]; quoted: boolean[] }) =>
        record.fields.map((field, i) => {
          if (record.quoted[i]) return field;
          if (field === "\\N") return null;
          if (field === "") return isText[i] ? "" : null;
          return field;
        });
      const emit = function* (batch: { fields: string[]; quoted: boolean[] }[]) {
        for (const record of batch) {
          if (first) {
            first = false;
            const header = record.fields.map((f) => f.trim().toLowerCase().replace(/^\ufeff/, ""));
            if (header.length === names.length && header.every((h, i) => h === names[i])) continue;
          }
          yield convert(record);
        }
      };
      for await (const chunk of createReadStream(file)) yield* emit(parser.push(decoder.write(chunk as Buffer)));
      yield* emit(parser.push(decoder.end()));
      yield* emit(parser.end());
    }
    return this.insertRows({ table: table.name, partition, rows: records() });
  }

  private async touch(table: LocalTable, now: number): Promise<void> {
    const updated: LocalTable = { ...table, lastModifiedMs: now };
    await this.connection.run("UPDATE mc_tables SET definition = $2, modified_ms = $3 WHERE name = $1", [
      table.name,
      JSON.stringify(updated),
      now,
    ]);
  }
}

/** Encodes rows into record blocks of one partition and appends them to `b_<table>`. */
class RecordBlockWriter {
  private readonly encoder: TunnelRecordEncoder;
  private readonly ends = new Uint32Array(RECORDS_PER_BLOCK);
  private readonly crcs = new Uint32Array(RECORDS_PER_BLOCK);
  private inBlock = 0;

  constructor(
    private readonly appender: DuckDBAppender,
    table: LocalTable,
    private readonly spec: string,
    private first: number,
  ) {
    this.encoder = new TunnelRecordEncoder(table.columns);
  }

  /** `row` holds storage values (complex columns parsed, not JSON text). */
  write(row: readonly unknown[]): void {
    this.encoder.writeRow(row);
    this.ends[this.inBlock] = this.encoder.bufferedBytes;
    this.crcs[this.inBlock] = this.encoder.lastRecordCrc;
    if (++this.inBlock === RECORDS_PER_BLOCK) this.flush();
  }

  flush(): void {
    if (this.inBlock === 0) return;
    const a = this.appender;
    a.appendVarchar(this.spec);
    a.appendBigInt(BigInt(this.first));
    a.appendInteger(this.inBlock);
    a.appendBlob(this.encoder.bufferedView());
    a.appendBlob(new Uint8Array(this.ends.buffer, 0, this.inBlock * 4));
    a.appendBlob(new Uint8Array(this.crcs.buffer, 0, this.inBlock * 4));
    a.endRow();
    this.encoder.discardBuffered();
    this.first += this.inBlock;
    this.inBlock = 0;
  }
}

function appendStored(appender: DuckDBAppender, kind: StorageKind, value: unknown): void {
  if (value === null || value === undefined) return appender.appendNull();
  switch (kind) {
    case "TINYINT":
      return appender.appendTinyInt(value as number);
    case "SMALLINT":
      return appender.appendSmallInt(value as number);
    case "INTEGER":
      return appender.appendInteger(value as number);
    case "BIGINT":
      return appender.appendBigInt(value as bigint);
    case "HUGEINT":
      return appender.appendHugeInt(value as bigint);
    case "FLOAT":
      return appender.appendFloat(value as number);
    case "DOUBLE":
      return appender.appendDouble(value as number);
    case "BOOLEAN":
      return appender.appendBoolean(value as boolean);
    case "BLOB":
      return appender.appendBlob(value as Uint8Array);
    case "VARCHAR":
    case "JSON":
      return appender.appendVarchar(value as string);
  }
}
