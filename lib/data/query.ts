import "server-only";
import type pg from "pg";
import { ConsoleError } from "@/lib/console-error";
import { resolveDataSource } from "@/lib/data/data-sources";
import { toEngineDataSource } from "@/lib/engine-data-source";
import { queryLimits } from "@/lib/schemas/query";
import { checkReadOnlyQuery } from "@/lib/sql-guard/read-only-query-guard";
import { connectHologres, listTables, type HologresConfig } from "@/lib/sync-engine/connectors/hologres";
import { isSyncError } from "@/lib/sync-engine/sync-error";

export type QueryResult = {
  columns: { name: string; type: string }[];
  rows: (string | null)[][];
  rowCount: number;
  /** Bytes of value text in `rows` (UTF-8). */
  byteCount: number;
  /**
   * Why only the first rows are shown: the statement returned more than
   * `queryLimits.maxRows` rows, or its values passed `queryLimits.maxBytes`. Null when
   * the result is whole.
   */
  truncated: "rows" | "bytes" | null;
  elapsedMs: number;
};

export type QueryTable = {
  schema: string;
  table: string;
  kind: "table" | "partitioned";
  /** Child tables of a partitioned parent, with their partition values. */
  children: { schema: string; table: string; values: string[] }[];
};

function toQueryError(error: unknown): unknown {
  if (error instanceof ConsoleError) return error;
  if (isSyncError(error)) return new ConsoleError("CONFIG_ERROR", error.message);
  const pgError = error as { code?: string; message?: string; position?: string };
  if (pgError.code === "25006" || (pgError.code === "0A000" && /data-modifying/.test(pgError.message ?? ""))) {
    return new ConsoleError("INVALID", `Refused: the statement tries to change data (${pgError.message}). Only read-only statements run here.`, "sql");
  }
  if (pgError.code === "57014") {
    return new ConsoleError("INVALID", `The statement ran longer than ${queryLimits.statementTimeoutSeconds} s and was cancelled. Add a filter or a LIMIT.`, "sql");
  }
  if (pgError.code === "42601" && /multiple commands/.test(pgError.message ?? "")) {
    return new ConsoleError("INVALID", "Run one statement at a time.", "sql");
  }
  if (pgError.code && pgError.message) {
    return new ConsoleError("INVALID", `${pgError.message} (SQLSTATE ${pgError.code})`, "sql");
  }
  return error;
}

async function holoConfigOf(workspaceId: string, dataSourceId: string): Promise<HologresConfig> {
  const resolved = await resolveDataSource({ workspaceId, id: dataSourceId });
  const source = toEngineDataSource(resolved);
  if (source.type !== "holo") throw new ConsoleError("INVALID", `"${resolved.name}" is not a Hologres data source.`, "dataSourceId");
  return source.config;
}

// Every value as the server's own text (what psql shows): no Date or number conversions.
const asText = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

type Row = (string | null)[];

// Nothing is known about the rows before the first batch, so it is small; later batches are
// sized from the average row so far to about 1 MB, so the console holds at most about one
// batch beyond the byte cap. FETCH counts rows, not bytes: a single huge value still
// arrives whole.
const firstBatchRows = 20;
const batchBytes = 1024 * 1024;

function rowBytes(row: Row): number {
  let bytes = 0;
  for (const value of row) if (value !== null) bytes += Buffer.byteLength(value);
  return bytes;
}

/** Rows taken up to the row and byte caps; `add` says whether more are wanted. */
function cappedRows() {
  const rows: Row[] = [];
  let byteCount = 0;
  let truncated: QueryResult["truncated"] = null;
  return {
    add(batch: Row[]): boolean {
      for (const row of batch) {
        const bytes = rowBytes(row);
        if (rows.length === queryLimits.maxRows) truncated = "rows";
        else if (byteCount + bytes > queryLimits.maxBytes) truncated = "bytes";
        if (truncated) return false;
        rows.push(row);
        byteCount += bytes;
      }
      return true;
    },
    /** How many rows the next FETCH should ask for: about `batchBytes`, never past the row cap (plus the one row that tells whether there are more). */
    nextBatchRows(): number {
      if (rows.length === 0) return firstBatchRows;
      const averageRowBytes = Math.max(1, byteCount / rows.length);
      const rowsForBytes = Math.floor(Math.min(batchBytes, queryLimits.maxBytes - byteCount) / averageRowBytes);
      return Math.min(Math.max(1, rowsForBytes), queryLimits.maxRows + 1 - rows.length);
    },
    result: () => ({ rows, byteCount, truncated }),
  };
}

/** Reads the open cursor in batches until it ends or a cap is reached. */
async function fetchCapped(client: pg.Client) {
  const taken = cappedRows();
  let fields: pg.FieldDef[] | undefined;
  for (;;) {
    const wanted = taken.nextBatchRows();
    const batch = await client.query<Row>({ text: `FETCH ${wanted} FROM synclane_query`, rowMode: "array", types: asText });
    fields ??= batch.fields;
    if (!taken.add(batch.rows) || batch.rows.length < wanted) return { fields, ...taken.result() };
  }
}

/**
 * Runs one read-only statement and returns at most `queryLimits.maxRows` rows and
 * `queryLimits.maxBytes` of values. `checkReadOnlyQuery` refuses anything else before the
 * server sees it; the statement then runs in a READ ONLY transaction with a statement
 * timeout, as a second guard, with the extended protocol (one statement only).
 */
export async function runReadOnlyQuery(input: { workspaceId: string; dataSourceId: string; sql: string }): Promise<QueryResult> {
  const statement = await checkReadOnlyQuery(input.sql);
  const config = await holoConfigOf(input.workspaceId, input.dataSourceId);
  const started = performance.now();
  let client: pg.Client | null = null;
  try {
    client = await connectHologres(config, { applicationName: "synclane-query" });
    // The check read string literals the standard way; a role with
    // standard_conforming_strings off would read backslashes differently, so the server
    // must read them the same way for this transaction.
    await client.query(
      `BEGIN TRANSACTION READ ONLY; SET LOCAL statement_timeout = '${queryLimits.statementTimeoutSeconds}s'; SET LOCAL standard_conforming_strings TO on`,
    );
    let fetched: { fields: pg.FieldDef[]; rows: Row[]; byteCount: number; truncated: QueryResult["truncated"] };
    if (statement.run === "cursor") {
      await client.query({ text: `DECLARE synclane_query NO SCROLL CURSOR FOR ${statement.text}`, queryMode: "extended" } as pg.QueryConfig);
      fetched = await fetchCapped(client);
    } else {
      // SHOW and EXPLAIN print a few rows; the caps still apply to what is shown.
      const result = await client.query<Row>({ text: statement.text, rowMode: "array", types: asText, queryMode: "extended" } as pg.QueryArrayConfig);
      const taken = cappedRows();
      taken.add(result.rows);
      fetched = { fields: result.fields, ...taken.result() };
    }
    const typeIds = [...new Set(fetched.fields.map((field) => field.dataTypeID))];
    const types = await client.query<{ oid: number; name: string }>("SELECT oid::int AS oid, format_type(oid, NULL) AS name FROM pg_type WHERE oid = ANY($1::oid[])", [typeIds]);
    const typeName = new Map(types.rows.map((row) => [row.oid, row.name]));
    await client.query("ROLLBACK");
    return {
      columns: fetched.fields.map((field) => ({ name: field.name, type: typeName.get(field.dataTypeID) ?? String(field.dataTypeID) })),
      rows: fetched.rows,
      rowCount: fetched.rows.length,
      byteCount: fetched.byteCount,
      truncated: fetched.truncated,
      elapsedMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    throw toQueryError(error);
  } finally {
    await client?.end().catch(() => {});
  }
}

/** The data source's tables for the Query page's side list: partitioned parents hold their child tables. */
export async function listQueryTables(input: { workspaceId: string; dataSourceId: string }): Promise<QueryTable[]> {
  const config = await holoConfigOf(input.workspaceId, input.dataSourceId);
  let client: pg.Client | null = null;
  try {
    client = await connectHologres(config, { applicationName: "synclane-query" });
    const listing = await listTables(client);
    const tables: QueryTable[] = listing
      .filter((entry) => entry.kind !== "partition")
      .map((entry) => ({ schema: entry.schema, table: entry.table, kind: entry.kind === "partitioned" ? "partitioned" : "table", children: [] }));
    const byName = new Map(tables.map((table) => [`${table.schema}.${table.table}`, table]));
    for (const entry of listing) {
      if (entry.kind !== "partition") continue;
      const parent = entry.parent ? byName.get(entry.parent) : undefined;
      if (parent) parent.children.push({ schema: entry.schema, table: entry.table, values: entry.partitionValues ?? [] });
      else tables.push({ schema: entry.schema, table: entry.table, kind: "table", children: [] });
    }
    return tables;
  } catch (error) {
    throw toQueryError(error);
  } finally {
    await client?.end().catch(() => {});
  }
}
