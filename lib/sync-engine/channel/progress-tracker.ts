/** Counters of a run as the console shows them. */
export type RunProgress = {
  stage: "preparing" | "running" | "committing" | "finished";
  recordsRead: number;
  bytesRead: number;
  /** Rows committed in the target: they stay whatever happens to the run. */
  recordsWritten: number;
  bytesWritten: number;
  /**
   * Rows sent inside a transaction still open (a target without a primary key holds one
   * transaction per channel for the whole run): written at commit, undone by a failure.
   */
  recordsUncommitted: number;
  bytesUncommitted: number;
  dirtyRecords: number;
  dirtyBytes: number;
  /** Over the last sampling interval. */
  bytesPerSecond: number;
  recordsPerSecond: number;
  /** 0-100 from the download sessions' record counts; null when the total is unknown. */
  percent: number | null;
  totalRecords: number | null;
  splitsDone: number;
  splitsTotal: number;
  elapsedMs: number;
};

export class ProgressTracker {
  recordsRead = 0;
  bytesRead = 0;
  recordsWritten = 0;
  bytesWritten = 0;
  recordsUncommitted = 0;
  bytesUncommitted = 0;
  totalRecords: number | null = null;
  splitsDone = 0;
  splitsTotal = 0;
  stage: RunProgress["stage"] = "preparing";
  private lastSample = { at: performance.now(), bytes: 0, records: 0 };
  private rate = { bytesPerSecond: 0, recordsPerSecond: 0 };
  readonly startedAt = performance.now();

  constructor(private readonly dirty: () => { count: number; bytes: number }) {}

  /** Rows handed to the target, committed or not: what the speed and the percentage count. */
  get recordsSent(): number {
    return this.recordsWritten + this.recordsUncommitted;
  }

  get bytesSent(): number {
    return this.bytesWritten + this.bytesUncommitted;
  }

  /** Rows of an open transaction that its commit made written. */
  commit(records: number, bytes: number): void {
    this.recordsUncommitted -= records;
    this.bytesUncommitted -= bytes;
    this.recordsWritten += records;
    this.bytesWritten += bytes;
  }

  /** Updates the speed from the counters since the previous sample. */
  sample(): void {
    const now = performance.now();
    const seconds = (now - this.lastSample.at) / 1000;
    if (seconds <= 0) return;
    this.rate = {
      bytesPerSecond: (this.bytesSent - this.lastSample.bytes) / seconds,
      recordsPerSecond: (this.recordsSent - this.lastSample.records) / seconds,
    };
    this.lastSample = { at: now, bytes: this.bytesSent, records: this.recordsSent };
  }

  snapshot(): RunProgress {
    const dirty = this.dirty();
    const handled = this.recordsSent + dirty.count;
    const percent =
      this.totalRecords === null ? null : this.totalRecords === 0 ? (this.stage === "finished" ? 100 : 0) : Math.min(100, (handled / this.totalRecords) * 100);
    return {
      stage: this.stage,
      recordsRead: this.recordsRead,
      bytesRead: Math.max(this.bytesRead, this.bytesSent + dirty.bytes),
      recordsWritten: this.recordsWritten,
      bytesWritten: this.bytesWritten,
      recordsUncommitted: this.recordsUncommitted,
      bytesUncommitted: this.bytesUncommitted,
      dirtyRecords: dirty.count,
      dirtyBytes: dirty.bytes,
      bytesPerSecond: this.rate.bytesPerSecond,
      recordsPerSecond: this.rate.recordsPerSecond,
      percent,
      totalRecords: this.totalRecords,
      splitsDone: this.splitsDone,
      splitsTotal: this.splitsTotal,
      elapsedMs: performance.now() - this.startedAt,
    };
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024 / 1024).toFixed(2)}GB`;
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(2)}MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(2)}KB`;
  return `${Math.round(bytes)}B`;
}

/** The DataX line users read every few seconds: its total counts every row handled, committed or not. */
export function formatProgressLine(progress: RunProgress): string {
  const records = progress.recordsWritten + progress.recordsUncommitted + progress.dirtyRecords;
  const bytes = progress.bytesWritten + progress.bytesUncommitted + progress.dirtyBytes;
  return (
    `Total ${records} records, ${bytes} bytes | ` +
    `Speed ${formatBytes(progress.bytesPerSecond)}/s, ${Math.round(progress.recordsPerSecond)} records/s | ` +
    `Error ${progress.dirtyRecords} records, ${progress.dirtyBytes} bytes | ` +
    `Percentage ${progress.percent === null ? "-" : progress.percent.toFixed(2)}%`
  );
}
