import type { SourceColumn, WriterChannelContext, DirtyRecord } from "../connectors/connector-types";
import type { HologresColumn, HologresTableInfo } from "../connectors/hologres/catalog";
import type { ServerInfo } from "../connectors/hologres/hologres-config";

/**
 * Test helpers for the writer's modules: target tables described as `describeTable` would
 * describe them, the two server flavours, and a channel context that records what a
 * channel reports to the runner.
 */

export const POSTGRES_15: ServerInfo = { flavour: "postgres", version: "PostgreSQL 15.8 on x86_64-pc-linux-gnu", serverVersionNum: 150008 };
export const HOLOGRES: ServerInfo = { flavour: "hologres", version: "Hologres 3.0.10", serverVersionNum: 110003 };

const TYPES: Record<string, Omit<HologresColumn, "name" | "notNull" | "hasDefault">> = {
  int8: { type: "bigint", category: "N", elementType: null, typeName: "int8", typeSchema: "pg_catalog", hasArrayType: true },
  int4: { type: "integer", category: "N", elementType: null, typeName: "int4", typeSchema: "pg_catalog", hasArrayType: true },
  text: { type: "text", category: "S", elementType: null, typeName: "text", typeSchema: "pg_catalog", hasArrayType: true },
  "varchar(5)": { type: "character varying(5)", category: "S", elementType: null, typeName: "varchar", typeSchema: "pg_catalog", hasArrayType: true },
  "numeric(10,2)": { type: "numeric(10,2)", category: "N", elementType: null, typeName: "numeric", typeSchema: "pg_catalog", hasArrayType: true },
  float8: { type: "double precision", category: "N", elementType: null, typeName: "float8", typeSchema: "pg_catalog", hasArrayType: true },
  timestamptz: { type: "timestamp with time zone", category: "D", elementType: null, typeName: "timestamptz", typeSchema: "pg_catalog", hasArrayType: true },
  "int4[]": { type: "integer[]", category: "A", elementType: "int4", typeName: "_int4", typeSchema: "pg_catalog", hasArrayType: true },
  uuid: { type: "uuid", category: "U", elementType: null, typeName: "uuid", typeSchema: "pg_catalog", hasArrayType: true },
};

/** A column: `name type [pk] [default] [not null]`, e.g. `id int8 pk`. */
export function column(spec: string): HologresColumn & { pk: boolean } {
  const [name, type, ...flags] = spec.split(" ");
  const base = TYPES[type!];
  if (!base) throw new Error(`no test type ${type}`);
  return { name: name!, ...base, notNull: flags.includes("pk") || flags.includes("notnull"), hasDefault: flags.includes("default"), pk: flags.includes("pk") };
}

export function tableInfo(options: { table: string; columns: string[]; partitionColumn?: string }): HologresTableInfo {
  const columns = options.columns.map(column);
  return {
    schema: "public",
    table: options.table,
    kind: options.partitionColumn ? "partitioned" : "table",
    columns: columns.map((c) => {
      const { pk, ...described } = c;
      void pk;
      return described;
    }),
    primaryKey: columns.filter((c) => c.pk).map((c) => c.name),
    partitionColumn: options.partitionColumn ?? null,
    partitionStrategy: options.partitionColumn ? "list" : null,
    parent: null,
    children: [],
  };
}

/** Reader columns of the same names (MaxCompute types from the target's). */
export function sourceColumnsFor(info: HologresTableInfo, names: string[]): SourceColumn[] {
  return names.map((name) => {
    const target = info.columns.find((c) => c.name === name)!;
    const type = target.category === "N" ? (target.typeName === "float8" ? "double" : target.typeName === "numeric" ? "decimal(10,2)" : "bigint") : target.category === "D" ? "datetime" : target.category === "A" ? "array<int>" : "string";
    return { name, type, kind: "column" };
  });
}

export type RecordingContext = WriterChannelContext & {
  written: number;
  uncommitted: number;
  committed: number;
  dirty: DirtyRecord[];
  logs: string[];
};

export function recordingContext(): RecordingContext {
  const controller = new AbortController();
  const context: RecordingContext = {
    signal: controller.signal,
    written: 0,
    uncommitted: 0,
    committed: 0,
    dirty: [],
    logs: [],
    async acquireBytes() {},
    reportWritten(records) {
      context.written += records;
    },
    reportUncommitted(records) {
      context.uncommitted += records;
    },
    reportCommitted(records) {
      context.committed += records;
    },
    reportDirty(record) {
      context.dirty.push(record);
    },
    log(line) {
      context.logs.push(line);
    },
  };
  return context;
}

/**
 * Records the text of every statement a real `pg` client is asked to send (plain queries,
 * query configs and COPY streams alike), then sends it as usual.
 */
export function recordStatements(client: { query: (...args: never[]) => unknown }): string[] {
  const statements: string[] = [];
  const original = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const first = args[0] as string | { text?: string };
    statements.push(typeof first === "string" ? first : (first.text ?? String(first)));
    return original(...args);
  };
  return statements;
}
