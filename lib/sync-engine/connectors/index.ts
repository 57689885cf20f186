import { SyncError } from "../sync-error";
import type { HoloWriterParameter, OdpsReaderParameter } from "../job-spec";
import type { SourceReader, TargetWriter } from "./connector-types";
import { createHologresWriter, type HologresConfig } from "./hologres";
import type { MaxComputeConfig } from "./maxcompute";
import { createOdpsReader, type ReaderColumnExpression } from "./odps-reader";

/** A data source as the engine takes it: resolved, secrets included, no names to look up. */
export type DataSourceConfig = { type: "odps"; config: MaxComputeConfig } | { type: "holo"; config: HologresConfig };

export type ReaderFactory = (input: { parameter: unknown; dataSource: DataSourceConfig; columns: ReaderColumnExpression[] }) => SourceReader;
export type WriterFactory = (input: { parameter: unknown; dataSource: DataSourceConfig }) => TargetWriter;

/** stepType -> factory, and the data source type each step takes. */
export type ConnectorRegistry = {
  readers: Record<string, { dataSourceType: DataSourceConfig["type"]; create: ReaderFactory }>;
  writers: Record<string, { dataSourceType: DataSourceConfig["type"]; create: WriterFactory }>;
};

export const defaultConnectorRegistry: ConnectorRegistry = {
  readers: {
    odps: {
      dataSourceType: "odps",
      create: ({ parameter, dataSource, columns }) =>
        createOdpsReader({ config: (dataSource as Extract<DataSourceConfig, { type: "odps" }>).config, parameter: parameter as OdpsReaderParameter, columns }) as SourceReader,
    },
  },
  writers: {
    holo: {
      dataSourceType: "holo",
      create: ({ parameter, dataSource }) =>
        createHologresWriter({ config: (dataSource as Extract<DataSourceConfig, { type: "holo" }>).config, parameter: parameter as HoloWriterParameter }),
    },
  },
};

export function lookupDataSource(
  dataSources: Record<string, DataSourceConfig>,
  name: string,
  expected: DataSourceConfig["type"],
  role: "reader" | "writer",
): DataSourceConfig {
  const source = Object.hasOwn(dataSources, name) ? dataSources[name] : undefined;
  if (!source) {
    throw new SyncError("DATASOURCE_NOT_FOUND", `The ${role}'s data source "${name}" does not exist in this workspace (known: ${Object.keys(dataSources).join(", ") || "none"}).`, {
      details: { datasource: name },
    });
  }
  if (source.type !== expected) {
    throw new SyncError("DATASOURCE_TYPE_MISMATCH", `The ${role}'s data source "${name}" is of type ${source.type}, but this step needs ${expected}.`, {
      details: { datasource: name },
    });
  }
  return source;
}

export type { SourceReader, TargetWriter, SourceColumn, DirtyRecord, WriterChannel, Split, ReaderPlan, RowValue } from "./connector-types";
