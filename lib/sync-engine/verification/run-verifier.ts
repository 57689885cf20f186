import type { DirtyRecord, SourceReader, Split, TargetMeasure, TargetVerification, TargetWriter, WrittenRowsDigest } from "../connectors/connector-types";
import type { VerifyMode } from "../job-spec";
import { checksumDifference, formatChecksum } from "./row-checksum";

/**
 * `setting.verify`: after the writer committed (and ran its Post-SQL), the rows the target
 * holds for this run are counted and, with `checksum`, their checksum is compared with the
 * checksum of the rows handed to the writer, computed while they streamed.
 *
 * Which rows are "this run's": the target (the table, or the child partition written) is
 * measured before the first row is written (after Pre-SQL and Truncate) and again at the end;
 * the run's rows are the difference. Both the count and the checksum (a sum) subtract, so an
 * append to a table that already held rows is verified too, as long as nothing else changes
 * the table meanwhile. With a primary key and rows already there, written rows may replace
 * or keep existing ones: then only bounds can be checked (the table grew by at most the rows
 * written), and the message says so. Refused (dirty) rows are not in the target and are taken
 * out of the expected count and checksum.
 */

export type RunVerification = {
  mode: "count" | "checksum";
  ok: boolean;
  /** The table or child partition measured. */
  scope: string;
  /** Rows handed to the writer, less the refused ones. */
  sourceRows: number;
  /** Rows the target gained during the run (all of them when it was empty before). */
  targetRows: number;
  targetRowsBefore: number;
  /** 16 hex digits each, when both sides computed one. */
  sourceChecksum: string | null;
  targetChecksum: string | null;
  /** "Verified: 40,000 rows, checksums equal." or what differs. */
  message: string;
};

type Log = (message: string, level?: "info" | "warn" | "error") => void;

const count = (n: number): string => n.toLocaleString("en-US");
const rowsText = (n: number): string => `${count(n)} row${n === 1 ? "" : "s"}`;

/** Measures the target before writing; null when the mode is off (or the writer cannot verify). */
export async function startRunVerification(options: { mode: VerifyMode; writer: TargetWriter; signal: AbortSignal; log: Log }): Promise<RunVerifier | null> {
  const { mode, log } = options;
  if (mode === "off") return null;
  const target = options.writer.verification?.({ checksum: mode === "checksum" }) ?? null;
  if (!target) {
    log("Verification: this writer cannot verify what it wrote; the run is not verified.", "warn");
    return null;
  }
  const before = await target.measure({ signal: options.signal });
  log(
    `Verification: ${mode === "checksum" ? "count and checksum" : "count"} of ${target.scope} after writing; it holds ${rowsText(before.rows)} now.` +
      (mode === "checksum" && target.skippedColumns.length > 0 ? ` Not in the checksum: ${describeSkipped(target)}.` : ""),
  );
  return new RunVerifier(mode, target, before);
}

function describeSkipped(target: TargetVerification): string {
  return target.skippedColumns.map((c) => `${c.name} (${c.reason})`).join(", ");
}

export class RunVerifier {
  private readonly total: WrittenRowsDigest;

  constructor(
    readonly mode: "count" | "checksum",
    private readonly target: TargetVerification,
    private readonly before: TargetMeasure,
  ) {
    this.total = target.newDigest();
  }

  /**
   * The reader with a tap on each split: its rows are counted (and hashed) as they pass to
   * the writer, and added to the run's total when the split was read to its end, so a split
   * that is read again after a failure counts once.
   */
  tapReader<S extends Split>(reader: SourceReader<S>): SourceReader<S> {
    const { total, target } = this;
    const readCopyText = reader.readCopyText?.bind(reader);
    const readsCopyText = reader.readsCopyText?.bind(reader);
    return {
      plan: (context) => reader.plan(context),
      async *read(split, options) {
        const part = target.newDigest();
        for await (const rows of reader.read(split, options)) {
          part.addRows(rows);
          yield rows;
        }
        total.merge(part);
      },
      ...(readsCopyText ? { readsCopyText } : {}),
      ...(readCopyText
        ? {
            async *readCopyText(split: S, options: { signal: AbortSignal; batchSize: number }) {
              const part = target.newDigest();
              for await (const batch of readCopyText(split, options)) {
                part.addCopyText(batch);
                yield batch;
              }
              total.merge(part);
            },
          }
        : {}),
      close: () => reader.close(),
    };
  }

  /** A row the writer refused is not in the target. */
  removeDirty(record: DirtyRecord): void {
    this.total.removeDirty(record);
  }

  /** Measures the target again and compares; the run fails when `ok` is false. */
  async finish(options: { signal: AbortSignal }): Promise<RunVerification> {
    const after = await this.target.measure(options);
    return compareSides({ mode: this.mode, target: this.target, before: this.before, after, source: this.total });
  }
}

export function compareSides(input: {
  mode: "count" | "checksum";
  target: Pick<TargetVerification, "scope" | "primaryKey" | "skippedColumns">;
  before: TargetMeasure;
  after: TargetMeasure;
  source: Pick<WrittenRowsDigest, "rows" | "checksum" | "checksumProblem">;
}): RunVerification {
  const { mode, target, before, after, source } = input;
  const written = source.rows;
  const added = after.rows - before.rows;
  const scope = target.scope;
  const appended = before.rows > 0;
  const result = { mode, scope, sourceRows: written, targetRows: added, targetRowsBefore: before.rows, sourceChecksum: null, targetChecksum: null };
  const growth = `${scope} went from ${rowsText(before.rows)} to ${count(after.rows)}`;

  if (target.primaryKey.length > 0 && appended) {
    const ok = added >= 0 && added <= written;
    const message = ok
      ? `Verified: ${rowsText(written)} written; ${growth}, the other written rows replaced or kept rows whose primary key was already there. ` +
        `With existing keys only this bound can be checked${mode === "checksum" ? "; checksums not compared" : ""}.`
      : `Verification failed: ${rowsText(written)} written, but ${growth}: ${added < 0 ? "rows were removed" : `${count(added - written)} more than written`}. ` +
        "A Post-SQL statement, a trigger or another writer changed the table.";
    return { ...result, ok, message };
  }

  const since = appended ? ` (${growth})` : "";
  if (added !== written) {
    const difference = Math.abs(added - written);
    const keyHint =
      target.primaryKey.length > 0 && added < written
        ? " Rows that repeat a primary key are stored once (Replace keeps the last, Ignore the first): if the source repeats keys, set Verify after writing to off."
        : "";
    return {
      ...result,
      ok: false,
      message:
        `Verification failed: ${rowsText(written)} written, but ${scope} holds ${count(added)}${appended ? " more than before" : ""}${since}: ` +
        `${count(difference)} ${added < written ? "missing" : "extra"}.${keyHint || " A Post-SQL statement, a trigger or another writer may have removed or added rows."}`,
    };
  }

  if (mode === "count") return { ...result, ok: true, message: `Verified: ${rowsText(written)}, counts equal${since}.` };

  const problem = source.checksumProblem() ?? before.checksumProblem ?? after.checksumProblem;
  const sourceSum = source.checksum();
  if (problem || sourceSum === null || before.checksum === null || after.checksum === null) {
    return { ...result, ok: true, message: `Verified: ${rowsText(written)}, counts equal${since}; checksums not compared: ${problem ?? "not computed"}.` };
  }
  const targetSum = checksumDifference(after.checksum, before.checksum);
  const sums = { sourceChecksum: formatChecksum(sourceSum), targetChecksum: formatChecksum(targetSum) };
  const skipped = target.skippedColumns.length > 0 ? ` Not in the checksum: ${target.skippedColumns.map((c) => c.name).join(", ")}.` : "";
  if (sourceSum === targetSum) return { ...result, ...sums, ok: true, message: `Verified: ${rowsText(written)}, checksums equal${since}.${skipped}` };
  return {
    ...result,
    ...sums,
    ok: false,
    message:
      `Verification failed: ${rowsText(written)} on both sides, but the checksums differ (written ${sums.sourceChecksum}, ${scope} ${sums.targetChecksum}): ` +
      `values in the target are not the values written. A trigger, a rule or a Post-SQL statement may have changed them` +
      `${target.primaryKey.length > 0 ? ", or rows that repeat a primary key were merged" : ""}.${skipped}`,
  };
}
