import "server-only";
import type pg from "pg";
import { ConsoleError } from "@/lib/console-error";
import { resolveDataSource } from "@/lib/data/data-sources";
import { toEngineDataSource } from "@/lib/engine-data-source";
import { queryLimits } from "@/lib/schemas/query";
import { connectHologres, listTables, type HologresConfig } from "@/lib/sync-engine/connectors/hologres";
import { isSyncError } from "@/lib/sync-engine/sync-error";

export type QueryResult = {
  columns: { name: string; type: string }[];
  rows: (string | null)[][];
  rowCount: number;
  /** True when the statement returned more rows than the cap; only the first ones are shown. */
  truncated: boolean;
  elapsedMs: number;
};

export type QueryTable = {
  schema: string;
  table: string;
  kind: "table" | "partitioned";
  /** Child tables of a partitioned parent, with their partition values. */
  children: { schema: string; table: string; values: string[] }[];
};

const readOnlyKeywords = ["select", "with", "values", "table", "show", "explain"] as const;
// Statements a cursor can be declared for, so the row cap holds without reading every row.
const cursorKeywords = new Set(["select", "with", "values", "table"]);

/** The statement without leading comments and whitespace, and without trailing semicolons. */
function stripStatement(sql: string): string {
  let text = sql.trim();
  for (;;) {
    if (text.startsWith("--")) {
      const end = text.indexOf("\n");
      text = end === -1 ? "" : text.slice(end + 1).trimStart();
    } else if (text.startsWith("/*")) {
      const end = text.indexOf("*/");
      text = end === -1 ? "" : text.slice(end + 2).trimStart();
    } else break;
  }
  return text.replace(/[;\s]+$/, "");
}

/**
 * Refuses anything but a read-only statement, before it reaches the server. The first
 * keyword decides; the READ ONLY transaction the statement then runs in is the real guard
 * (a data-modifying CTE or `SELECT ... FOR UPDATE` fails there).
 */
export function classifyStatement(sql: string): { statement: string; keyword: (typeof readOnlyKeywords)[number] } {
  const statement = stripStatement(sql);
  if (!statement) throw new ConsoleError("INVALID", "Write a SELECT statement to run.", "sql");
  const keyword = (/^[A-Za-z]+/.exec(statement)?.[0] ?? statement.slice(0, 12)).toLowerCase();
  if (!(readOnlyKeywords as readonly string[]).includes(keyword)) {
    throw new ConsoleError(
      "INVALID",
      `Only read-only statements run here (SELECT, WITH, VALUES, TABLE, SHOW, EXPLAIN). "${keyword.toUpperCase()}" can change data or the schema, so it was not sent to the database.`,
      "sql",
    );
  }
  return { statement, keyword: keyword as (typeof readOnlyKeywords)[number] };
}

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

/**
 * Runs one read-only statement in a READ ONLY transaction with a statement timeout, and
 * returns at most `queryLimits.maxRows` rows. The extended protocol is used throughout, so
 * the server refuses a second statement smuggled after a semicolon.
 */
export async function runReadOnlyQuery(input: { workspaceId: string; dataSourceId: string; sql: string }): Promise<QueryResult> {
  const { statement, keyword } = classifyStatement(input.sql);
  const config = await holoConfigOf(input.workspaceId, input.dataSourceId);
  const started = performance.now();
  let client: pg.Client | null = null;
  try {
    client = await connectHologres(config, { applicationName: "synclane-query" });
    await client.query("BEGIN TRANSACTION READ ONLY");
    await client.query(`SET LOCAL statement_timeout = '${queryLimits.statementTimeoutSeconds}s'`);
    let result: pg.QueryResult<string[]>;
    if (cursorKeywords.has(keyword)) {
      await client.query({ text: `DECLARE synclane_query NO SCROLL CURSOR FOR ${statement}`, queryMode: "extended" } as pg.QueryConfig);
      result = await client.query({ text: `FETCH ${queryLimits.maxRows + 1} FROM synclane_query`, rowMode: "array", types: asText });
    } else {
      result = await client.query({ text: statement, rowMode: "array", types: asText, queryMode: "extended" } as pg.QueryArrayConfig);
    }
    const typeIds = [...new Set(result.fields.map((field) => field.dataTypeID))];
    const types = await client.query<{ oid: number; name: string }>("SELECT oid::int AS oid, format_type(oid, NULL) AS name FROM pg_type WHERE oid = ANY($1::oid[])", [typeIds]);
    const typeName = new Map(types.rows.map((row) => [row.oid, row.name]));
    await client.query("ROLLBACK");
    const truncated = result.rows.length > queryLimits.maxRows;
    const rows = truncated ? result.rows.slice(0, queryLimits.maxRows) : result.rows;
    return {
      columns: result.fields.map((field) => ({ name: field.name, type: typeName.get(field.dataTypeID) ?? String(field.dataTypeID) })),
      rows: rows.map((row) => row.map((value) => (value === null ? null : String(value)))),
      rowCount: rows.length,
      truncated,
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
