import type { z } from "zod";

/*
 * What the console, script mode and the job spec know of a connector: no drivers, no
 * network, so this part is safe in the browser bundle. The server half (factories,
 * catalog, connection test) is the connector's `Connector` in registry.ts.
 */

/** Builders the job spec hands a connector so `draft` specs may leave names and columns empty. */
export type ParameterSchemaHelpers = {
  /** A required name (data source, table) in a complete spec; may be empty in a draft. */
  named: (message: string) => z.ZodString;
  /** The column list: at least one in a complete spec. */
  columns: z.ZodArray<z.ZodString>;
  completeness: "complete" | "draft";
};

// Every step has the data source and the column list the engine maps by position.
export type StepParameterShape = { datasource: string; column?: string[] };

export type StepSpec = {
  /** The job spec's `stepType` (`odps`, `holo`, `mysql`, `postgresql`). */
  stepType: string;
  /** Data source types the step takes (the PostgreSQL reader also reads Hologres). */
  dataSourceTypes: readonly string[];
  parameterSchema: (helpers: ParameterSchemaHelpers) => z.ZodType<StepParameterShape, unknown>;
};

/** One field of a data source form, drawn by the console's generic form. */
export type DataSourceFormField = {
  name: string;
  label: string;
  input: "text" | "number" | "password" | "checkbox";
  placeholder?: string;
  /** The stored secret: sealed apart from the settings, never sent back to the browser. */
  secret?: boolean;
  /** Fields a stored secret is bound to (where it goes and for whom). */
  bindsSecret?: "destination" | "identity";
};

export type ConnectorCapabilities = {
  /** The reader can hand its rows over as PostgreSQL COPY text (`readCopyText`). */
  emitsCopyText?: boolean;
  /** The writer takes COPY text as it comes (`writeCopyText`). */
  acceptsCopyText?: boolean;
};

export type ConnectorSpec = {
  /** The data source type the connector registers (`DataSource.type`). */
  dataSourceType: string;
  label: string;
  /** The type picker's group, as DataWorks groups them. */
  group: "Big Data Storage" | "Relational Database";
  reader?: StepSpec;
  writer?: StepSpec;
  capabilities: ConnectorCapabilities;
  /**
   * The fields of the console's generic connection form. Absent for the connectors whose
   * forms predate the registry (MaxCompute, Hologres), which keep their own.
   */
  formFields?: readonly DataSourceFormField[];
};
