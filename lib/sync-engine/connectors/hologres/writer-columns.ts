import { identifierLengthProblem } from "../../sql-identifier";
import { SyncError } from "../../sync-error";
import type { SourceColumn } from "../connector-types";
import type { HologresColumn, HologresTableInfo } from "./catalog";

/**
 * The target column a writer `column` entry names. An entry is the column's exact name, as
 * DataWorks script mode writes it (`MixedCase`, `has space`, `"quoted"` for a column whose
 * name holds the quote characters). Two conveniences, each only when it is unambiguous:
 * - an entry wrapped in one pair of double quotes (`"MixedCase"`, the way SQL quotes a name)
 *   means the name inside when no column is named with the quotes and one is named without;
 * - an entry that matches no column exactly matches the one column equal to it ignoring
 *   case (`SALE_DATE` for `sale_date`); two such columns are an error naming both.
 * Returns the column, `{ ambiguous }` saying why several fit, or null.
 */
export function findWriterColumn(entry: string, columns: HologresColumn[]): HologresColumn | { ambiguous: string } | null {
  const exact = columns.find((c) => c.name === entry);
  if (exact) return exact;
  if (entry.length >= 2 && entry.startsWith('"') && entry.endsWith('"')) {
    const inner = columns.find((c) => c.name === entry.slice(1, -1));
    if (inner) return inner;
  }
  const folded = columns.filter((c) => c.name.toLowerCase() === entry.toLowerCase());
  if (folded.length === 1) return folded[0]!;
  if (folded.length > 1) return { ambiguous: `"${entry}" matches ${folded.map((c) => `"${c.name}"`).join(" and ")} ignoring case: write the exact name` };
  return null;
}

/** The target columns the writer's `column` list names, in order; checked against the reader's columns. */
export function resolveWriterColumns(entries: string[], info: HologresTableInfo, sourceColumns: SourceColumn[]): HologresColumn[] {
  const table = `${info.schema}.${info.table}`;
  if (entries.length === 1 && entries[0] === "*") {
    if (info.columns.length !== sourceColumns.length) {
      throw new SyncError("COLUMN_COUNT_MISMATCH", `The writer maps all ${info.columns.length} columns of ${table} ("*") but the reader reads ${sourceColumns.length}: list the columns explicitly.`);
    }
    return info.columns;
  }
  const tooLong = entries.map((entry) => identifierLengthProblem(entry, "writer column")).filter((problem): problem is string => problem !== null);
  if (tooLong.length > 0) throw new SyncError("IDENTIFIER_TOO_LONG", `${tooLong.join(" ")} No column of ${table} can have it: fix the writer's column list.`);
  const result: HologresColumn[] = [];
  const missing: string[] = [];
  const ambiguous: string[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const found = findWriterColumn(entry, info.columns);
    if (found === null) {
      missing.push(entry);
      continue;
    }
    if ("ambiguous" in found) {
      ambiguous.push(found.ambiguous);
      continue;
    }
    if (seen.has(found.name)) throw new SyncError("INVALID_JOB_SPEC", `Writer column "${found.name}" is mapped twice.`);
    seen.add(found.name);
    result.push(found);
  }
  if (ambiguous.length > 0) throw new SyncError("INVALID_JOB_SPEC", `Writer columns of ${table}: ${ambiguous.join("; ")}.`);
  if (missing.length > 0) {
    throw new SyncError(
      "TARGET_COLUMN_NOT_FOUND",
      `Column${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")} ${missing.length > 1 ? "do" : "does"} not exist in ${table} (its columns: ${info.columns.map((c) => c.name).join(", ")}).`,
      { details: { columns: missing } },
    );
  }
  if (result.length !== sourceColumns.length) {
    throw new SyncError("COLUMN_COUNT_MISMATCH", `The writer maps ${result.length} columns but the reader reads ${sourceColumns.length}; columns map by position.`);
  }
  return result;
}
