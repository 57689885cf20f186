import type { HoloWriterParameter } from "../../job-spec";
import { formatQualifiedName, quoteIdentifier, type QualifiedName } from "../../sql-identifier";
import { SyncError } from "../../sync-error";
import type { SourceColumn } from "../connector-types";
import type { HologresColumn, HologresTableInfo } from "./catalog";
import type { ServerInfo } from "./hologres-config";
import { incompatibilityReason } from "./type-mapping";

/**
 * How the writer writes, decided once at prepare from the server, the target table and the
 * writer's parameter. Pure: every statement the channels send is derived from this plan.
 *
 * - PostgreSQL, no primary key: every channel holds one transaction for the whole run
 *   (`held`) and commits only when every channel succeeded, so a failed or cancelled run
 *   leaves the table as it was. Each batch runs under a SAVEPOINT so a refused batch can be split.
 * - PostgreSQL, primary key: each batch is its own transaction (`perBatch`); fast mode merges
 *   through a staging table (conflict-aware writes are idempotent: a rerun repairs a failed run).
 * - Hologres: no long transactions (`autocommit`); COPY takes Hologres' own ON_CONFLICT option
 *   with STREAM_MODE (fixed copy) for tables with a primary key, plain COPY otherwise.
 */

export type TransactionMode = "held" | "perBatch" | "autocommit";

export type WritePlan = {
  server: ServerInfo;
  target: QualifiedName;
  /** Columns as sent to the server, in row order. */
  columns: string[];
  /** The target's description of each of `columns`, in the same order (types for the INSERT path). */
  columnTypes: HologresColumn[];
  /** Values appended to every row (the writer's partition column when not mapped). */
  appendedValues: string[];
  /** Replace on Hologres: unmapped columns sent as NULL. */
  paddedWidth: number;
  primaryKey: string[];
  conflictMode: HoloWriterParameter["conflictMode"];
  /** ` ON CONFLICT (...) DO ...` for INSERT statements, or "" without a primary key. */
  conflictClause: string;
  /** Target columns not written that have a default (Hologres' fixed plan cannot fill them in a multi-row unnest). */
  unwrittenDefaults: string[];
  /** Whether the target is a child partition the writer resolved from `partition`. */
  partitionChild: boolean;
  mode: "sdk" | "sql";
  transactionMode: TransactionMode;
  useStaging: boolean;
  /** Hologres' COPY options (` WITH (STREAM_MODE TRUE, ON_CONFLICT ...)`), or "". */
  copyOptions: string;
  batchRows: number;
  dateColumns: number[];
  /** ARRAY source columns mapped to a json, jsonb or text column: their arrays are sent as JSON. */
  jsonArrayColumns: number[];
  /** Columns the reader delivers per row. */
  sourceWidth: number;
};

/** Rows per COPY batch: large enough that per-statement cost vanishes, small enough that a
 * refused batch is quick to split and that memory per channel stays a few MB. */
export const DEFAULT_COPY_BATCH_ROWS = 50_000;
/**
 * Rows per INSERT batch. A batch is one statement with one array per column, prepared once
 * per connection; on the bench's 1M rows, batches of 1,000 and of 5,000 rows cost the same
 * CPU on both sides, so the batch stays small enough that a refused one is quick to split.
 */
export const DEFAULT_SQL_BATCH_ROWS = 1_000;

/** The writer's `partition` (`column=value`) checked against the table; null when the table is not partitioned and none is set. */
export function resolveWriterPartition(partition: string | undefined, info: HologresTableInfo, name: QualifiedName): { column: string; value: string } | null {
  if (partition && partition.trim() !== "") {
    const { column, value } = parseWriterPartition(partition);
    if (info.kind !== "partitioned") {
      throw new SyncError("TARGET_PARTITION_INVALID", `The writer names partition "${partition}" but ${formatQualifiedName(name)} is not a partitioned table: clear the writer's partition or pick the partitioned parent table.`);
    }
    if (info.partitionStrategy !== "list" || !info.partitionColumn) {
      throw new SyncError("TARGET_PARTITION_INVALID", `${formatQualifiedName(name)} is not partitioned by LIST on one column; Hologres targets use PARTITION BY LIST (column).`);
    }
    if (column.toLowerCase() !== info.partitionColumn.toLowerCase()) {
      throw new SyncError("TARGET_PARTITION_INVALID", `The writer's partition names column "${column}" but ${formatQualifiedName(name)} is partitioned by "${info.partitionColumn}".`);
    }
    return { column: info.partitionColumn, value };
  }
  if (info.kind === "partitioned") {
    throw new SyncError("TARGET_PARTITION_INVALID", `${formatQualifiedName(name)} is partitioned by "${info.partitionColumn}": set the writer's partition, for example ${info.partitionColumn}=\${bizdate}.`);
  }
  return null;
}

export function parseWriterPartition(text: string): { column: string; value: string } {
  const trimmed = text.trim();
  if (/[,/]/.test(trimmed.replace(/^[^=]*=/, "")) && trimmed.split("=").length > 2) {
    throw new SyncError("TARGET_PARTITION_INVALID", `Writer partition "${text}" has several levels; Hologres tables have one partition level: use column=value.`);
  }
  const eq = trimmed.indexOf("=");
  if (eq <= 0) throw new SyncError("TARGET_PARTITION_INVALID", `Writer partition "${text}" is not column=value (for example sale_date=\${bizdate}).`);
  const column = trimmed.slice(0, eq).trim();
  let value = trimmed.slice(eq + 1).trim();
  if (/^'.*'$/.test(value)) value = value.slice(1, -1);
  if (value === "") throw new SyncError("TARGET_PARTITION_INVALID", `Writer partition "${text}" has an empty value.`);
  return { column, value };
}

export function checkTypes(sourceColumns: SourceColumn[], targetColumns: HologresColumn[], info: HologresTableInfo): void {
  const problems: string[] = [];
  sourceColumns.forEach((source, i) => {
    const target = targetColumns[i]!;
    const reason = incompatibilityReason(source.type, target);
    if (reason) problems.push(`reader column "${source.name}" (${source.type.toUpperCase()}) -> ${info.table}."${target.name}" (${target.type}): ${reason}`);
  });
  if (problems.length > 0) {
    throw new SyncError("TARGET_TYPE_MISMATCH", `Type mismatch: ${problems.join("; ")}. Change the target column type or the mapping.`, {
      details: { problems },
    });
  }
}

export function buildConflictClause(mode: HoloWriterParameter["conflictMode"], columns: string[], primaryKey: string[], unmapped: string[]): string {
  const keys = primaryKey.map(quoteIdentifier).join(", ");
  const updatable = columns.filter((c) => !primaryKey.includes(c));
  if (mode === "ignore") return ` ON CONFLICT (${keys}) DO NOTHING`;
  const sets = updatable.map((c) => `${quoteIdentifier(c)} = EXCLUDED.${quoteIdentifier(c)}`);
  // Replace writes the whole row: a column the job does not map gets what a fresh insert
  // would give it (its default, NULL when it has none).
  if (mode === "replace") sets.push(...unmapped.map((c) => `${quoteIdentifier(c)} = DEFAULT`));
  if (sets.length === 0) return ` ON CONFLICT (${keys}) DO NOTHING`;
  return ` ON CONFLICT (${keys}) DO UPDATE SET ${sets.join(", ")}`;
}

export type PlanWriteOptions = {
  server: ServerInfo;
  /** The table the parameter names, described. */
  info: HologresTableInfo;
  /** Where rows go: the table, or its child partition. */
  target: QualifiedName;
  /** The partition written, when the table is partitioned (`resolveWriterPartition`). */
  partition: { column: string; value: string } | null;
  /** The target columns the writer's `column` list names, in reader order. */
  mapped: HologresColumn[];
  parameter: Pick<HoloWriterParameter, "writeMode" | "conflictMode" | "batchSize">;
  sourceColumns: SourceColumn[];
};

export function planHologresWrite(options: PlanWriteOptions): WritePlan {
  const { server, info, target, partition, mapped, parameter, sourceColumns } = options;
  const appendedColumns: string[] = [];
  const appendedValues: string[] = [];
  if (partition && !mapped.some((c) => c.name === partition.column)) {
    appendedColumns.push(partition.column);
    appendedValues.push(partition.value);
  }
  const columns = [...mapped.map((c) => c.name), ...appendedColumns];
  const primaryKey = info.primaryKey;
  const missingKey = primaryKey.filter((k) => !columns.includes(k));
  if (missingKey.length > 0) {
    throw new SyncError(
      "TARGET_COLUMN_NOT_FOUND",
      `Primary key column${missingKey.length > 1 ? "s" : ""} ${missingKey.map((k) => `"${k}"`).join(", ")} of ${formatQualifiedName({ schema: info.schema, table: info.table })} ${missingKey.length > 1 ? "are" : "is"} not mapped: map ${missingKey.length > 1 ? "them" : "it"} from a reader column.`,
    );
  }
  const unmapped = info.columns.filter((c) => !columns.includes(c.name) && !primaryKey.includes(c.name)).map((c) => c.name);
  const hasKey = primaryKey.length > 0;
  const isHologres = server.flavour === "hologres";
  const transactionMode: TransactionMode = isHologres ? "autocommit" : hasKey ? "perBatch" : "held";
  let conflictClause = hasKey ? buildConflictClause(parameter.conflictMode, columns, primaryKey, unmapped) : "";
  let sentColumns = columns;
  let copyOptions = "";
  if (isHologres && hasKey) {
    // Hologres' fixed copy takes the conflict policy itself. Replace writes the whole row:
    // unmapped columns are sent as NULL, so ON_CONFLICT UPDATE overwrites them too.
    if (parameter.conflictMode === "replace") sentColumns = [...columns, ...unmapped];
    // SQL mode on Hologres sends the same padded rows; the update sets every sent column.
    conflictClause = buildConflictClause(parameter.conflictMode === "ignore" ? "ignore" : "update", sentColumns, primaryKey, []);
    copyOptions = ` WITH (STREAM_MODE TRUE, ON_CONFLICT ${parameter.conflictMode === "ignore" ? "IGNORE" : "UPDATE"})`;
  }
  const sourceWidth = sourceColumns.length;
  return {
    server,
    target,
    columns: sentColumns,
    columnTypes: sentColumns.map((name) => info.columns.find((c) => c.name === name)!),
    appendedValues,
    paddedWidth: sentColumns.length,
    primaryKey,
    conflictMode: parameter.conflictMode,
    conflictClause,
    unwrittenDefaults: info.columns.filter((c) => c.hasDefault && !sentColumns.includes(c.name)).map((c) => c.name),
    partitionChild: partition !== null,
    mode: parameter.writeMode,
    transactionMode,
    useStaging: parameter.writeMode === "sdk" && hasKey && !isHologres,
    copyOptions,
    batchRows: parameter.batchSize ?? (parameter.writeMode === "sdk" ? DEFAULT_COPY_BATCH_ROWS : DEFAULT_SQL_BATCH_ROWS),
    dateColumns: sourceColumns.flatMap((c, i) => (/^date$/i.test(c.type) && i < sourceWidth ? [i] : [])),
    jsonArrayColumns: sourceColumns.flatMap((c, i) => (/^array\s*</i.test(c.type) && mapped[i]!.category !== "A" ? [i] : [])),
    sourceWidth,
  };
}

/** The run log's line saying how the writer writes. */
export function describePlan(plan: WritePlan, writtenColumns: string[]): string {
  const hasKey = plan.primaryKey.length > 0;
  return (
    `Writer: ${plan.mode === "sdk" ? "fast write (COPY)" : "SQL (INSERT INTO)"} into ${formatQualifiedName(plan.target)} (${writtenColumns.join(", ")})` +
    (hasKey ? `, primary key (${plan.primaryKey.join(", ")}), conflict mode ${plan.conflictMode}` : ", no primary key: conflict mode does not apply") +
    "."
  );
}
