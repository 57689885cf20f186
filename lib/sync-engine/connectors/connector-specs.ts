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

/**
 * The wizard's source type choices: one per data source type some reader takes, in the
 * registry's order (a Hologres table is read back by the PostgreSQL reader, as DataWorks
 * offers Hologres as a source). `catalogType` names the connector whose catalog browses it.
 */
export type SourceTypeChoice = { dataSourceType: string; label: string; stepType: string; catalogType: string };

export const sourceTypeChoices: SourceTypeChoice[] = connectorSpecs
  .flatMap((spec) =>
    "reader" in spec
      ? (spec.reader.dataSourceTypes as readonly string[]).map((type) => ({
          dataSourceType: type,
          label: connectorSpecFor(type)?.label ?? type,
          stepType: spec.reader.stepType,
          catalogType: spec.dataSourceType,
        }))
      : [],
  )
  .filter((choice, index, all) => all.findIndex((other) => other.dataSourceType === choice.dataSourceType) === index);

/** The connector whose catalog the source panel reads for a reader (`postgresql` for Hologres too). */
export function readerCatalogType(stepType: string): string {
  return sourceTypeChoices.find((choice) => choice.stepType === stepType)?.catalogType ?? stepType;
}
