// What the catalog route handlers answer (see app/api/catalog).
/** `type` is the engine's type text; `nativeType` the source's own (MySQL, PostgreSQL), for display. */
export type SourceColumn = { name: string; type: string; comment: string; nativeType?: string };
export type SourceTable = {
  name: string;
  columns: SourceColumn[];
  partitionColumns: SourceColumn[];
  lastModified: string | null;
  sizeBytes: number | null;
};
export type SourcePartitions = { filter: string; bizdate: string | null; partitions: string[]; message: string | null };
export type SourcePreview = { columns: { name: string; type: string; nativeType?: string; partition: boolean }[]; rows: (string | null)[][]; partitions: string[] };
export type TargetTableListing = { schema: string; table: string; kind: "table" | "partitioned" | "partition"; parent: string | null };
export type TargetColumn = { name: string; type: string; category: string; elementType: string | null; typeName: string; notNull: boolean; hasDefault: boolean };
export type TargetTable = {
  schema: string;
  table: string;
  kind: "table" | "partitioned" | "partition";
  columns: TargetColumn[];
  primaryKey: string[];
  partitionColumn: string | null;
  children: { schema: string; table: string; values: string[] }[];
};
/** A registry connector's table: `type` is the engine's type text, `nativeType` the source's own. */
export type ConnectorTable = {
  name: string;
  columns: Array<SourceColumn & { nativeType: string }>;
  partitionColumns: SourceColumn[];
  splitKeys: string[];
};
