import "server-only";
import { ConsoleError } from "@/lib/console-error";
import { resolveDataSource } from "@/lib/data/data-sources";
import { toEngineDataSource } from "@/lib/engine-data-source";
import { connectorFor, sourceCatalogConnectorFor, type ConnectorCatalog } from "@/lib/sync-engine/connectors";
import { engineTypeText } from "@/lib/sync-engine/connectors/neutral-column-type";
import { checkReadOnlyQuery } from "@/lib/sql-guard/read-only-query-guard";
import { createParameterResolver } from "@/lib/sync-engine/scheduling-parameters";
import { yesterday } from "./source-catalog";

/**
 * The catalog of any registry connector that has one (`/api/catalog/<type>/...`): MySQL,
 * PostgreSQL and those after them. `type` names the connector; the data source is of that
 * type or of one its reader takes (the PostgreSQL catalog browses a Hologres data source).
 * MaxCompute and Hologres (as a target) keep their own routes.
 */
async function catalogFor(workspaceId: string, type: string, datasource: string): Promise<{ catalog: ConnectorCatalog<unknown>; config: unknown }> {
  const connector = connectorFor(type);
  if (!connector?.catalog) throw new ConsoleError("NOT_FOUND", `There is no catalog for data sources of type "${type}".`);
  const engine = toEngineDataSource(await resolveDataSource({ workspaceId, name: datasource }));
  const accepted = [type, ...(connector.spec.reader?.dataSourceTypes ?? [])];
  if (!accepted.includes(engine.type)) throw new ConsoleError("INVALID", `"${datasource}" is a ${engine.type} data source, not ${connector.spec.label}.`);
  return { catalog: connector.catalog as ConnectorCatalog<unknown>, config: connector.parseConfig(engine.config) };
}

/**
 * A source table of any data source a registry reader can browse, with neutral column
 * types and its primary key, for Create Table. The data source's own type picks the catalog.
 */
export async function describeSourceTableNeutral(workspaceId: string, datasource: string, table: string) {
  const engine = toEngineDataSource(await resolveDataSource({ workspaceId, name: datasource }));
  const connector = sourceCatalogConnectorFor(engine.type);
  if (!connector?.catalog) throw new ConsoleError("INVALID", `There is no catalog to read "${datasource}" (a ${engine.type} data source) as a source.`);
  const described = await (connector.catalog as ConnectorCatalog<unknown>).describeTable(connector.parseConfig(engine.config), { table });
  return { ...described, sourceLabel: connectorFor(engine.type)?.spec.label ?? connector.spec.label };
}

/**
 * The columns a querySql returns (its parameters resolved as Preview does), with neutral
 * types, for Create Table: the reader's catalog describes it read-only, without rows.
 */
export async function describeSourceQueryNeutral(input: { workspaceId: string; datasource: string; querySql: string; nodeArguments?: string }) {
  const engine = toEngineDataSource(await resolveDataSource({ workspaceId: input.workspaceId, name: input.datasource }));
  const connector = sourceCatalogConnectorFor(engine.type);
  const catalog = connector?.catalog as ConnectorCatalog<unknown> | undefined;
  if (!connector || !catalog?.describeQuery) throw new ConsoleError("INVALID", `A querySql on "${input.datasource}" (a ${engine.type} data source) cannot be described: choose a table.`);
  const querySql = resolvePreviewText(input.querySql, input.nodeArguments, "to create a table from the querySql")!;
  if (connector.spec.dataSourceType === "postgresql") await checkPreviewSql({ querySql });
  const columns = await catalog.describeQuery(connector.parseConfig(engine.config), { querySql });
  return { columns, sourceLabel: connectorFor(engine.type)?.spec.label ?? connector.spec.label };
}

export async function listConnectorTables(workspaceId: string, type: string, datasource: string) {
  const { catalog, config } = await catalogFor(workspaceId, type, datasource);
  return (await catalog.listTables(config, {})).map((name) => ({ name, comment: "" }));
}

/** Columns with the native type shown and the engine's type for mapping, plus the split keys. */
export async function describeConnectorTable(workspaceId: string, type: string, datasource: string, table: string) {
  const { catalog, config } = await catalogFor(workspaceId, type, datasource);
  const described = await catalog.describeTable(config, { table });
  return {
    name: described.name,
    columns: described.columns.map((column) => ({ name: column.name, type: engineTypeText(column.type), nativeType: column.type.nativeType, comment: column.comment })),
    partitionColumns: [],
    splitKeys: described.splitKeys,
  };
}

/** The first rows of a table (with the where, `${bizdate}` as yesterday) or of a querySql. */
export async function previewConnector(input: { workspaceId: string; type: string; datasource: string; table?: string; where?: string; querySql?: string; nodeArguments?: string }) {
  const { catalog, config } = await catalogFor(input.workspaceId, input.type, input.datasource);
  const where = resolvePreviewText(input.where, input.nodeArguments);
  const querySql = resolvePreviewText(input.querySql, input.nodeArguments);
  if (input.type === "postgresql") await checkPreviewSql({ where, querySql });
  const preview = await catalog.preview(config, { table: input.table, where, querySql, limit: 20 });
  return { columns: preview.columns.map((c) => ({ ...c, partition: false })), rows: preview.rows, partitions: [] as string[] };
}

/** A where or querySql with its scheduling parameters resolved, `${bizdate}` as yesterday. */
function resolvePreviewText(text: string | undefined, nodeArguments: string | undefined, purpose = "to preview") {
  if (!text) return text;
  const { value, unresolved } = createParameterResolver({ parameters: { bizdate: yesterday() }, nodeArguments }).tryResolve(text);
  if (unresolved.length) throw new ConsoleError("INVALID", `Set a value for ${unresolved.join(", ")} (Properties > Arguments) ${purpose}.`);
  return value;
}

/**
 * Preview is for readers (the Query page's right): a PostgreSQL or Hologres preview's where
 * and querySql pass the Query page's guard first (one read-only statement, no denied
 * function), so Preview cannot do what the Query page refuses. The catalog's read-only
 * transaction and single-statement protocol stay as the second guard.
 */
async function checkPreviewSql({ where, querySql }: { where?: string; querySql?: string }) {
  try {
    if (querySql?.trim()) await checkReadOnlyQuery(querySql.trim().replace(/;\s*$/, ""));
    else if (where?.trim()) await checkReadOnlyQuery(`SELECT 1 WHERE (${where.trim()})`);
  } catch (error) {
    if (error instanceof ConsoleError) throw new ConsoleError("INVALID", `${querySql?.trim() ? "querySql" : "where"}: ${error.message}`);
    throw error;
  }
}
