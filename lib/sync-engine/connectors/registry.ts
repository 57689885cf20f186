import { SyncError } from "../sync-error";
import type { Connector, ReaderColumnExpression } from "./connector";
import { connectorSpecs } from "./connector-specs";
import type { SourceReader, TargetWriter } from "./connector-types";
import { hologresConnector } from "./hologres/hologres-connector";
import { maxComputeConnector } from "./maxcompute/maxcompute-connector";
import { mysqlConnector } from "./mysql/mysql-connector";
import { postgresqlConnector } from "./postgresql/postgresql-connector";

/**
 * The only list of connectors (server half), by data source type. Adding a connector is its
 * folder plus one line here and one in connector-specs.ts.
 */
export const connectorsByType = {
  odps: maxComputeConnector,
  holo: hologresConnector,
  mysql: mysqlConnector,
  postgresql: postgresqlConnector,
} as const;

type ConnectorsByType = typeof connectorsByType;
type ConfigOf<C> = C extends Connector<infer Config> ? Config : never;

/** A data source as the engine takes it: resolved, secrets included, no names to look up. */
export type DataSourceConfig = { [K in keyof ConnectorsByType]: { type: K; config: ConfigOf<ConnectorsByType[K]> } }[keyof ConnectorsByType];
export type DataSourceType = DataSourceConfig["type"];

export type ReaderFactory = (input: { parameter: unknown; dataSource: DataSourceConfig; columns: ReaderColumnExpression[] }) => SourceReader;
export type WriterFactory = (input: { parameter: unknown; dataSource: DataSourceConfig }) => TargetWriter;

/** stepType -> factory, and the data source types each step takes. */
export type ConnectorRegistry = {
  readers: Record<string, { dataSourceTypes: readonly string[]; create: ReaderFactory }>;
  writers: Record<string, { dataSourceTypes: readonly string[]; create: WriterFactory }>;
};

export function connectorFor(type: string): Connector | undefined {
  return Object.hasOwn(connectorsByType, type) ? (connectorsByType[type as DataSourceType] as Connector) : undefined;
}

/**
 * The connector whose catalog describes a data source for the wizard's source panel: its
 * own, or that of the reader which takes it (a Hologres data source is read, and so
 * browsed, by the PostgreSQL reader).
 */
export function sourceCatalogConnectorFor(dataSourceType: string): Connector | undefined {
  const own = connectorFor(dataSourceType);
  if (own?.catalog && own.spec.reader) return own;
  return (Object.values(connectorsByType) as Connector[]).find((connector) => connector.catalog && connector.spec.reader?.dataSourceTypes.includes(dataSourceType));
}

function buildRegistry(): ConnectorRegistry {
  const registry: ConnectorRegistry = { readers: {}, writers: {} };
  for (const connector of Object.values(connectorsByType) as Connector[]) {
    const { reader, writer } = connector.spec;
    if (reader && connector.createReader) {
      const create = connector.createReader;
      registry.readers[reader.stepType] = {
        dataSourceTypes: reader.dataSourceTypes,
        create: ({ parameter, dataSource, columns }) => create({ parameter, config: connector.parseConfig(dataSource.config), columns }),
      };
    }
    if (writer && connector.createWriter) {
      const create = connector.createWriter;
      registry.writers[writer.stepType] = {
        dataSourceTypes: writer.dataSourceTypes,
        create: ({ parameter, dataSource }) => create({ parameter, config: connector.parseConfig(dataSource.config) }),
      };
    }
  }
  return registry;
}

export const defaultConnectorRegistry: ConnectorRegistry = buildRegistry();

// The client-safe list and this one must name the same connectors.
for (const spec of connectorSpecs) {
  if (connectorFor(spec.dataSourceType)?.spec !== spec) throw new Error(`Connector ${spec.dataSourceType} is in connector-specs.ts but not in registry.ts`);
}

export function lookupDataSource(
  dataSources: Record<string, DataSourceConfig>,
  name: string,
  expected: readonly string[],
  role: "reader" | "writer",
): DataSourceConfig {
  const source = Object.hasOwn(dataSources, name) ? dataSources[name] : undefined;
  if (!source) {
    throw new SyncError("DATASOURCE_NOT_FOUND", `The ${role}'s data source "${name}" does not exist in this workspace (known: ${Object.keys(dataSources).join(", ") || "none"}).`, {
      details: { datasource: name },
    });
  }
  if (!expected.includes(source.type)) {
    throw new SyncError("DATASOURCE_TYPE_MISMATCH", `The ${role}'s data source "${name}" is of type ${source.type}, but this step needs ${expected.join(" or ")}.`, {
      details: { datasource: name },
    });
  }
  return source;
}
