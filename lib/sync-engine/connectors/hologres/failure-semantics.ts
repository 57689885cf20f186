import type { TargetOutcome, TargetWriter } from "../connector-types";
import type { TransactionMode } from "./write-plan";

export const formatRows = (n: number): string => `${n.toLocaleString("en-US")} row${n === 1 ? "" : "s"}`;

/**
 * How a failed or cancelled run leaves the target, decided by the plan: a held transaction
 * rolls back; writes by primary key are repaired by a rerun; a truncate is redone by a rerun;
 * otherwise committed batches stay.
 */
export function failureSemanticsOf(options: { transactionMode: TransactionMode; hasKey: boolean; truncate: boolean }): TargetWriter["failureSemantics"] {
  const { transactionMode, hasKey, truncate } = options;
  if (hasKey || truncate) return "rerun-repairs";
  return transactionMode === "held" ? "as-it-was" : "partial";
}

/**
 * What a failed or cancelled run left in the target, per write mode, from the rows
 * committed (counted when their COMMIT succeeded, so never rows that were rolled back).
 */
export function describeTargetAfterFailure(options: {
  transactionMode: TransactionMode;
  hasKey: boolean;
  truncated: boolean;
  committedRecords: number;
  rolledBackRecords: number;
}): TargetOutcome {
  const { transactionMode, hasKey, truncated, committedRecords, rolledBackRecords } = options;
  const held = `the ${formatRows(committedRecords)}`;
  if (transactionMode === "held") {
    const undone = rolledBackRecords > 0 ? `, undoing the ${formatRows(rolledBackRecords)} written in it` : "";
    if (committedRecords === 0) {
      return truncated
        ? { state: "rerun-repairs", statement: `The target was truncated before writing and holds none of this run's rows: the run's transaction was rolled back${undone}. A rerun truncates and refills it.` }
        : { state: "unchanged", statement: `The target is as it was before the run: the run's transaction was rolled back${undone}.` };
    }
    // Channels COMMIT one after another at the end; a failure between two leaves the first ones' rows.
    return truncated
      ? { state: "rerun-repairs", statement: `The target was truncated and holds ${held} of the channels that committed before the failure; the others were rolled back. A rerun truncates and refills it.` }
      : {
          state: "partial",
          statement: `The target holds ${held} of the channels that committed before the failure; the others were rolled back. Delete those rows (or truncate the table) before rerunning, or a rerun adds them again.`,
        };
  }
  // One transaction per batch (a primary key on PostgreSQL) or none (Hologres): committed batches stay.
  const before = truncated ? "The target was truncated and holds" : "The target holds";
  if (committedRecords === 0) {
    return truncated
      ? { state: "rerun-repairs", statement: "The target was truncated and holds none of this run's rows: no batch was committed. A rerun refills it." }
      : { state: "unchanged", statement: "The target is as it was before the run: no batch was committed." };
  }
  if (hasKey) {
    return { state: "rerun-repairs", statement: `${before} ${held} of the batches committed before the failure, written by primary key; a rerun writes them again by key, never twice, and completes the table.` };
  }
  return truncated
    ? { state: "rerun-repairs", statement: `${before} ${held} of the batches committed before the failure. A rerun truncates and refills it.` }
    : {
        state: "partial",
        statement: `${before} ${held} of the batches committed before the failure (no primary key, no transaction for the run): delete them or set truncate before rerunning, or a rerun adds them again.`,
      };
}
