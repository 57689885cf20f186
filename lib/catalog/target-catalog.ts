import "server-only";
import { ConsoleError } from "@/lib/console-error";
import { resolveDataSource } from "@/lib/data/data-sources";
import { toEngineDataSource } from "@/lib/engine-data-source";
import {
  connectHologres,
  describeHologresTable,
  detectServer,
  generateCreateTableDdl,
  listHologresTables,
  type HologresConfig,
} from "@/lib/sync-engine/connectors/hologres";
import { getSourceTable } from "./source-catalog";

async function configFor(workspaceId: string, datasource: string): Promise<HologresConfig> {
  const engine = toEngineDataSource(await resolveDataSource({ workspaceId, name: datasource }));
  if (engine.type !== "holo") throw new ConsoleError("INVALID", `"${datasource}" is not a Hologres data source.`);
  return engine.config;
}

export async function listTargetTables(workspaceId: string, datasource: string) {
  return listHologresTables(await configFor(workspaceId, datasource));
}

export async function getTargetTable(workspaceId: string, datasource: string, table: string) {
  return describeHologresTable(await configFor(workspaceId, datasource), table);
}

/** The Create Table DDL the wizard offers for the source table. */
export async function generateTargetDdl(input: {
  workspaceId: string;
  sourceDatasource: string;
  sourceTable: string;
  targetDatasource: string;
  tableName: string;
  partitionColumn?: string;
}) {
  const source = await getSourceTable(input.workspaceId, input.sourceDatasource, input.sourceTable);
  const config = await configFor(input.workspaceId, input.targetDatasource);
  const client = await connectHologres(config);
  let flavour: "hologres" | "postgres";
  try {
    flavour = (await detectServer(client)).flavour === "hologres" ? "hologres" : "postgres";
  } finally {
    await client.end().catch(() => {});
  }
  return generateCreateTableDdl(
    { columns: source.columns, partitionColumns: source.partitionColumns },
    { tableName: input.tableName, partitionColumn: input.partitionColumn || undefined, flavour },
  );
}

// The Create Table dialog runs the user's edited DDL. It may create tables and set their
// properties, nothing else: no DROP, no DML, no second statement sneaking in.
const allowedStatement = /^(begin|commit|create\s+table|comment\s+on\s+(table|column)|call\s+set_table_property)\b/i;

export function checkCreateTableDdl(ddl: string): string[] {
  const statements = ddl
    .replace(/--[^\n]*/g, "")
    .split(/;\s*(?:\n|$)/)
    .map((statement) => statement.trim())
    .filter(Boolean);
  if (!statements.some((statement) => /^create\s+table\b/i.test(statement))) {
    throw new ConsoleError("INVALID", "The statement must create a table (CREATE TABLE ...).", "ddl");
  }
  const refused = statements.find((statement) => !allowedStatement.test(statement));
  if (refused) {
    throw new ConsoleError(
      "INVALID",
      `Only CREATE TABLE, COMMENT ON and set_table_property statements run here; remove "${refused.slice(0, 60)}".`,
      "ddl",
    );
  }
  return statements;
}

export async function createTargetTable(input: { workspaceId: string; datasource: string; ddl: string }) {
  const statements = checkCreateTableDdl(input.ddl).filter((s) => !/^(begin|commit)$/i.test(s));
  const client = await connectHologres(await configFor(input.workspaceId, input.datasource));
  try {
    await client.query("BEGIN");
    // The extended protocol runs exactly one statement, so a second command hidden after a
    // ";" on the same line is refused by the server itself. (node-postgres supports
    // queryMode; its typings do not list it yet.)
    for (const statement of statements) {
      const oneStatement: { text: string; values: unknown[] } = { text: statement, values: [], ...{ queryMode: "extended" } };
      await client.query(oneStatement);
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    const message = error instanceof Error ? error.message : String(error);
    throw new ConsoleError("INVALID", `Hologres refused the statement: ${message}`, "ddl");
  } finally {
    await client.end().catch(() => {});
  }
}
