import { SyncError } from "../../sync-error";
import { identifierLengthProblem, parseQualifiedName, quoteIdentifier, quoteQualifiedName } from "../../sql-identifier";
import type { NeutralColumnType } from "../neutral-column-type";
import { hologresTypeForNeutral } from "./neutral-type-mapping";
import { mapMaxComputeType } from "./type-mapping";

export type MaxComputeColumnSchema = { name: string; type: string; comment?: string | null };

/** The parts of a MaxCompute table schema the DDL needs (the client's table description fits it). */
export type MaxComputeTableSchema = {
  columns: MaxComputeColumnSchema[];
  partitionColumns?: MaxComputeColumnSchema[];
};

export type CreateTableDdlOptions = {
  /** `holo_test` or `public.holo_test`. */
  tableName: string;
  /** Make the table `PARTITION BY LIST (<column>)`; usually a MaxCompute partition column. */
  partitionColumn?: string;
  primaryKey?: string[];
  flavour: "hologres" | "postgres";
};

/**
 * The type Create Table proposes for a MaxCompute column: the documented mapping, except
 * that INT, SMALLINT and TINYINT become int8, as DataWorks' Create Table proposes them (the
 * guide's generated `holo_test` declares odps_table's INT `total_price` as int8). DataX
 * carries every integer as a 64-bit long, and a wider column never refuses a value.
 */
function createTableType(typeText: string): string | null {
  const mapped = mapMaxComputeType(typeText);
  return mapped === "int4" || mapped === "int2" ? "int8" : mapped;
}

/** SQL text for a comment. DDL cannot take parameters, so this is the one place a value is inlined. */
function commentLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** A column of the DDL, its Hologres type chosen. */
type DdlColumn = { name: string; type: string; comment?: string | null };

/** A source column as a registered reader's catalog describes it (neutral type). */
export type NeutralColumnSchema = { name: string; type: NeutralColumnType; comment?: string | null };

/**
 * The CREATE TABLE the wizard offers for a MaxCompute table: every column (partition
 * columns as text columns), the documented type mapping with integers as int8, quoted identifiers, optionally
 * `PARTITION BY LIST` and a primary key. For Hologres it wraps the statement in a
 * transaction with `set_table_property` (orientation column), as Hologres expects table
 * properties to be set in the transaction that creates the table.
 */
export function generateCreateTableDdl(schema: MaxComputeTableSchema, options: CreateTableDdlOptions): string {
  const columns: DdlColumn[] = [];
  const unsupported: string[] = [];
  for (const column of schema.columns) {
    const mapped = createTableType(column.type);
    if (!mapped) unsupported.push(`${column.name} (${column.type})`);
    else columns.push({ name: column.name, type: mapped, comment: column.comment });
  }
  for (const column of schema.partitionColumns ?? []) columns.push({ name: column.name, type: "text", comment: column.comment });
  if (unsupported.length > 0) {
    throw new SyncError("SOURCE_TYPE_UNSUPPORTED", `Hologres has no type for ${unsupported.join(", ")}: remove these columns from the mapping or convert them in MaxCompute first.`);
  }
  return buildCreateTableDdl(columns, options, "MaxCompute");
}

/**
 * The CREATE TABLE the wizard offers for a table of any other registered reader (MySQL,
 * PostgreSQL, Hologres): each column's neutral type mapped by `hologresTypeForNeutral`,
 * the rest as for MaxCompute (quoting, comments, partitioning, table properties).
 */
export function generateCreateTableDdlFromNeutral(columns: NeutralColumnSchema[], options: CreateTableDdlOptions & { sourceLabel: string }): string {
  return buildCreateTableDdl(
    columns.map((column) => ({ name: column.name, type: hologresTypeForNeutral(column.type, options.flavour), comment: column.comment })),
    options,
    options.sourceLabel,
  );
}

function buildCreateTableDdl(columns: DdlColumn[], options: CreateTableDdlOptions, sourceLabel: string): string {
  const table = parseQualifiedName(options.tableName);
  // MaxCompute allows column names of up to 128 characters, MySQL 64; PostgreSQL would cut them.
  const tooLong = columns.map((c) => identifierLengthProblem(c.name, "column")).filter((problem): problem is string => problem !== null);
  if (tooLong.length > 0) {
    throw new SyncError("IDENTIFIER_TOO_LONG", `${tooLong.join(" ")} Rename the column in ${sourceLabel}, or edit the generated DDL and map the column by its new name.`);
  }
  const names = new Set(columns.map((c) => c.name));
  if (options.partitionColumn && !names.has(options.partitionColumn)) {
    throw new SyncError("TARGET_COLUMN_NOT_FOUND", `Partition column "${options.partitionColumn}" is not a column of the table.`);
  }
  const primaryKey = options.primaryKey ?? [];
  for (const key of primaryKey) {
    if (!names.has(key)) throw new SyncError("TARGET_COLUMN_NOT_FOUND", `Primary key column "${key}" is not a column of the table.`);
  }
  if (options.partitionColumn && primaryKey.length > 0 && !primaryKey.includes(options.partitionColumn)) {
    throw new SyncError("INVALID_JOB_SPEC", `The primary key of a partitioned table must include the partition column "${options.partitionColumn}".`);
  }
  const lines = columns.map((c) => ` ${quoteIdentifier(c.name)} ${c.type}${primaryKey.includes(c.name) ? " NOT NULL" : ""}`);
  if (primaryKey.length > 0) lines.push(` PRIMARY KEY (${primaryKey.map(quoteIdentifier).join(", ")})`);
  const qualified = quoteQualifiedName(table);
  let create = `CREATE TABLE ${qualified} (\n${lines.join(",\n")}\n)`;
  if (options.partitionColumn) create += `\nPARTITION BY LIST (${quoteIdentifier(options.partitionColumn)})`;
  create += ";";
  const comments = columns
    .filter((c) => c.comment)
    .map((c) => `COMMENT ON COLUMN ${qualified}.${quoteIdentifier(c.name)} IS ${commentLiteral(c.comment!)};`);
  if (options.flavour === "postgres") return [create, ...comments].join("\n") + "\n";
  const properties = [`CALL set_table_property(${commentLiteral(qualified)}, 'orientation', 'column');`];
  return ["BEGIN;", create, ...properties, ...comments, "COMMIT;"].join("\n") + "\n";
}
