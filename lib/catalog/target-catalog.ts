import "server-only";
import { ConsoleError } from "@/lib/console-error";
import { resolveDataSource } from "@/lib/data/data-sources";
import { toEngineDataSource } from "@/lib/engine-data-source";
import { checkCreateTableDdl, unqualifiedNameSchema } from "@/lib/sql-guard/create-table-guard";
import {
  connectHologres,
  describeHologresTable,
  detectServer,
  generateCreateTableDdl,
  generateCreateTableDdlFromNeutral,
  listHologresTables,
  type HologresConfig,
} from "@/lib/sync-engine/connectors/hologres";
import { quoteIdentifier } from "@/lib/sync-engine/sql-identifier";
import { describeSourceQueryNeutral, describeSourceTableNeutral } from "./connector-catalog";
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
  /** Used when there is no source table: the reader's querySql. */
  sourceQuerySql?: string;
  nodeArguments?: string;
  targetDatasource: string;
  tableName: string;
  partitionColumn?: string;
}) {
  const config = await configFor(input.workspaceId, input.targetDatasource);
  const client = await connectHologres(config);
  let flavour: "hologres" | "postgres";
  try {
    flavour = (await detectServer(client)).flavour === "hologres" ? "hologres" : "postgres";
  } finally {
    await client.end().catch(() => {});
  }
  const sourceType = (await resolveDataSource({ workspaceId: input.workspaceId, name: input.sourceDatasource })).type;
  if (!input.sourceTable.trim() && input.sourceQuerySql?.trim() && sourceType !== "odps") {
    // A query's result has no primary key to keep: the user adds one in the editor if the target needs it.
    const query = await describeSourceQueryNeutral({ workspaceId: input.workspaceId, datasource: input.sourceDatasource, querySql: input.sourceQuerySql, nodeArguments: input.nodeArguments });
    return generateCreateTableDdlFromNeutral(query.columns, { tableName: input.tableName, partitionColumn: input.partitionColumn || undefined, flavour, sourceLabel: query.sourceLabel });
  }
  if (sourceType === "odps") {
    const source = await getSourceTable(input.workspaceId, input.sourceDatasource, input.sourceTable);
    return generateCreateTableDdl(
      { columns: source.columns, partitionColumns: source.partitionColumns },
      { tableName: input.tableName, partitionColumn: input.partitionColumn || undefined, flavour },
    );
  }
  // Any other registered reader: its catalog's neutral types, and its primary key kept.
  const source = await describeSourceTableNeutral(input.workspaceId, input.sourceDatasource, input.sourceTable);
  return generateCreateTableDdlFromNeutral(source.columns, {
    tableName: input.tableName,
    partitionColumn: input.partitionColumn || undefined,
    primaryKey: input.partitionColumn ? undefined : source.primaryKey,
    flavour,
    sourceLabel: source.sourceLabel,
  });
}

/**
 * Runs the Create Table dialog's DDL after `checkCreateTableDdl` has accepted it: one new
 * table, comments on it and its properties, in one transaction.
 */
export async function createTargetTable(input: { workspaceId: string; datasource: string; ddl: string }) {
  const plan = await checkCreateTableDdl(input.ddl);
  const client = await connectHologres(await configFor(input.workspaceId, input.datasource));
  try {
    // The check read string literals the standard way and resolved unqualified names to
    // its schema: make the server do the same for this transaction, whatever the role's
    // own settings are.
    await client.query(`BEGIN; SET LOCAL search_path TO ${quoteIdentifier(unqualifiedNameSchema)}; SET LOCAL standard_conforming_strings TO on`);
    // The extended protocol runs exactly one statement, so the server itself refuses a
    // second command if one ever got past the check. (node-postgres supports queryMode;
    // its typings do not list it yet.)
    for (const statement of plan.statements) {
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
