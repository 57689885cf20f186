import type { RowValue } from "../row-value";
import type { CopyTextBatch } from "../copy-text/copy-text-batch";

import type { NeutralColumnType } from "./neutral-column-type";

export type { RowValue, CopyTextBatch };

/**
 * A column as the reader delivers it, in reader order. `type` is the engine's type text
 * (`engineTypeText`: MaxCompute's type names, which the writers parse); `columnType` is the
 * neutral type the reader's type system gave, with the native type for display.
 */
export type SourceColumn = {
  name: string;
  type: string;
  kind: "column" | "partition" | "constant";
  columnType?: NeutralColumnType;
};

/** The unit a channel takes: a partition, or a row range of one download session. */
export type Split = {
  id: number;
  /** For logs: `sale_date=20261123,sale_time=10 rows 0-99999`. */
  label: string;
  /** Rows in this split when known (for the percentage). */
  recordCount: number | null;
};

export type ReaderPlan<S extends Split = Split> = {
  columns: SourceColumn[];
  splits: S[];
  /** Total rows of the run when the source knows it (download sessions do). */
  totalRecords: number | null;
  /** Facts for the run log (partitions matched, sessions opened). */
  logLines: string[];
};

export type ReaderContext = { signal: AbortSignal; concurrency: number; log: (line: string) => void };

/** How a split is read: `log` is told what went wrong and was retried (a warning in the run log). */
export type ReadOptions = { signal: AbortSignal; batchSize: number; log?: (line: string) => void };

/** A source connector: plan the splits, then read any split as a stream of row batches. */
export type SourceReader<S extends Split = Split> = {
  plan(context: ReaderContext): Promise<ReaderPlan<S>>;
  read(split: S, options: ReadOptions): AsyncIterable<RowValue[][]>;
  /**
   * Optional fused path: the split's rows already encoded as COPY text (exactly the bytes
   * the writer's encoder would give for `read`'s rows), when the planned columns allow it
   * (`readsCopyText()`, asked after `plan`).
   */
  readsCopyText?(): boolean;
  readCopyText?(split: S, options: ReadOptions): AsyncIterable<CopyTextBatch>;
  close(): Promise<void>;
};

/** A row the writer refused. `values` maps writer column names to display text. */
export type DirtyRecord = {
  /** Writer column the server blamed, when it said. */
  column: string | null;
  reason: string;
  /** SQLSTATE of the refusal. */
  sqlState: string | null;
  values: Record<string, string | null>;
};

/** What a writer channel reports to the runner. */
export type WriterChannelContext = {
  signal: AbortSignal;
  /** Bandwidth throttle: resolves when `bytes` may be sent. */
  acquireBytes(bytes: number): Promise<void>;
  /** Rows and bytes committed in the target: they stay whatever happens to the run. */
  reportWritten(records: number, bytes: number): void;
  /**
   * Rows and bytes written inside a transaction the channel holds open: a failure rolls them
   * back; after `commit()` made them permanent the channel reports them with `reportCommitted`.
   */
  reportUncommitted(records: number, bytes: number): void;
  /** Rows of `reportUncommitted` that the channel's COMMIT made permanent. */
  reportCommitted(records: number, bytes: number): void;
  /** Throws (stopping the channel) when the dirty limit is passed. */
  reportDirty(record: DirtyRecord): void;
  /** A line of the run log; `warn` for what went wrong and was handled (a retry). */
  log(line: string, level?: "info" | "warn"): void;
};

export type WriterChannel = {
  /** Takes a batch of rows; may buffer them (flush sends the rest). */
  write(rows: RowValue[][]): Promise<void>;
  /** Takes rows encoded as COPY text (only when the writer `acceptsCopyText()`). */
  writeCopyText?(batch: CopyTextBatch): Promise<void>;
  flush(): Promise<void>;
  /** Makes the channel's writes permanent (for writers that hold a transaction). */
  commit(): Promise<void>;
  /** Undoes what can be undone and releases the connection. */
  rollback(): Promise<void>;
  close(): Promise<void>;
};

export type WriterPrepareContext = { signal: AbortSignal; log: (line: string) => void; sourceColumns: SourceColumn[] };

/** A target connector: prepare (validate, create the child partition, truncate, preSql), channels, then post. */
export type TargetWriter = {
  prepare(context: WriterPrepareContext): Promise<void>;
  openChannel(context: WriterChannelContext): Promise<WriterChannel>;
  /** After prepare: true when channels take the source's columns as COPY text unchanged (`writeCopyText`). */
  acceptsCopyText?(): boolean;
  /** After every channel committed: postSql. */
  finish(context: { signal: AbortSignal; log: (line: string) => void }): Promise<void>;
  close(): Promise<void>;
  /** How a failed or cancelled run leaves the target, for the run log. */
  readonly failureSemantics: "as-it-was" | "rerun-repairs" | "partial";
  /**
   * After a failed or cancelled run: what the target holds, given the rows committed in it,
   * in words for the run's summary (per write mode: rolled back, partly committed, ...).
   */
  describeFailure?(outcome: { committedRecords: number; rolledBackRecords: number }): TargetOutcome;
  /** After prepare, for `setting.verify`: counts (and checksums) on both sides of this writer's rows. */
  verification?(options: { checksum: boolean }): TargetVerification | null;
};

/**
 * A running count (and order-independent checksum) of the rows handed to a writer, in the
 * writer's canonical text. One per split; a split read to its end is merged into the total.
 */
export type WrittenRowsDigest = {
  addRows(rows: ReadonlyArray<ReadonlyArray<RowValue>>): void;
  addCopyText(batch: CopyTextBatch): void;
  /** A row the writer refused: it is not in the target. */
  removeDirty(record: DirtyRecord): void;
  merge(other: WrittenRowsDigest): void;
  readonly rows: number;
  /** null without a checksum, or when `checksumProblem` says why it cannot be compared. */
  checksum(): bigint | null;
  checksumProblem(): string | null;
};

/** What the target holds for the run: the table, or the child partition written. */
export type TargetMeasure = { rows: number; checksum: bigint | null; checksumProblem: string | null };

export type TargetVerification = {
  /** What is measured, for messages: `public.bank_data`, `public.holo_test_20261123`. */
  scope: string;
  primaryKey: string[];
  /** Columns left out of the checksum, with the reason. */
  skippedColumns: Array<{ name: string; reason: string }>;
  newDigest(): WrittenRowsDigest;
  measure(options: { signal: AbortSignal }): Promise<TargetMeasure>;
};

export type TargetOutcome = {
  state: "unchanged" | "rerun-repairs" | "partial";
  statement: string;
};
