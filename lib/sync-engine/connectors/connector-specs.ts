import type { ConnectorSpec } from "./connector-spec";
import { hologresSpec } from "./hologres/hologres-spec";
import { maxComputeSpec } from "./maxcompute/maxcompute-spec";
import { mysqlSpec } from "./mysql/mysql-spec";
import { postgresqlSpec } from "./postgresql/postgresql-spec";

/**
 * Every connector, client-safe half: the job spec's step unions, the data source type
 * picker and forms are built from this list. Adding a connector adds one line here and
 * one in registry.ts (its server half).
 */
export const connectorSpecs = [maxComputeSpec, hologresSpec, mysqlSpec, postgresqlSpec] as const satisfies readonly ConnectorSpec[];

export type DataSourceTypeName = (typeof connectorSpecs)[number]["dataSourceType"];

export const dataSourceTypeNames = connectorSpecs.map((spec) => spec.dataSourceType) as DataSourceTypeName[];

export function connectorSpecFor(type: string): ConnectorSpec | undefined {
  return connectorSpecs.find((spec) => spec.dataSourceType === type);
}

export const readerSpecs = connectorSpecs.flatMap((spec) => ("reader" in spec ? [spec.reader] : []));
export const writerSpecs = connectorSpecs.flatMap((spec) => ("writer" in spec ? [spec.writer] : []));
