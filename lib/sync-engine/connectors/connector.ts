import type { ConnectorSpec } from "./connector-spec";
import type { SourceReader, TargetWriter } from "./connector-types";
import type { NeutralColumnType } from "./neutral-column-type";

/** A reader column as written in the spec, after parameter resolution. */
export type ReaderColumnExpression = {
  /** The resolved text. */
  text: string;
  /** True when the spec wrote a parameter (`${bizdate}`): the value is a constant. */
  fromParameter: boolean;
};

export type ConnectionTestResult = { ok: boolean; message: string; warning: string | null };

/** A table as a catalog lists it: columns with neutral types, and how it can be split. */
export type CatalogTable = {
  name: string;
  columns: Array<{ name: string; type: NeutralColumnType; comment: string }>;
  /** Columns `splitPk` may name: integer columns of the primary key first. */
  splitKeys: string[];
  /** Partition columns, for sources that have them. */
  partitionColumns: string[];
  /** The primary key's columns in key order, where the source has one (Create Table proposes it). */
  primaryKey?: string[];
};

/** `type` is the engine's type text (mapping checks read it); `nativeType` the source's own, for display. */
export type CatalogPreview = { columns: Array<{ name: string; type: string; nativeType?: string }>; rows: Array<Array<string | null>> };

/** What the console's catalog routes (`/api/catalog/<type>/...`) call. */
export type ConnectorCatalog<Config> = {
  listTables(config: Config, options: { signal?: AbortSignal }): Promise<string[]>;
  describeTable(config: Config, options: { table: string; signal?: AbortSignal }): Promise<CatalogTable>;
  /** The first rows of a table, or of what a querySql returns. */
  preview(config: Config, options: { table?: string; querySql?: string; where?: string; limit: number; signal?: AbortSignal }): Promise<CatalogPreview>;
  /** The columns a querySql returns, read-only and without reading rows (Create Table from a querySql). */
  describeQuery?(config: Config, options: { querySql: string; signal?: AbortSignal }): Promise<CatalogTable["columns"]>;
};

/**
 * The server half of a connector: what the engine and the console call. Each folder under
 * connectors/ exports one; registry.ts lists them.
 */
export type Connector<Config = unknown> = {
  spec: ConnectorSpec;
  /** Checks a resolved data source configuration (the engine's `DataSourceConfig.config`). */
  parseConfig(config: unknown): Config;
  createReader?(input: { parameter: unknown; config: Config; columns: ReaderColumnExpression[] }): SourceReader;
  createWriter?(input: { parameter: unknown; config: Config }): TargetWriter;
  testConnection(config: Config): Promise<ConnectionTestResult>;
  /** Native type text -> neutral type (the connector's type system). */
  toNeutralType?(nativeType: string): NeutralColumnType;
  catalog?: ConnectorCatalog<Config>;
};
