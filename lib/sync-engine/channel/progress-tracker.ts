/** Counters of a run as the console shows them. */
export type RunProgress = {
  stage: "preparing" | "running" | "committing" | "finished";
  recordsRead: number;
  bytesRead: number;
  recordsWritten: number;
  bytesWritten: number;
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
  totalRecords: number | null = null;
  splitsDone = 0;
  splitsTotal = 0;
  stage: RunProgress["stage"] = "preparing";
  private lastSample = { at: performance.now(), bytes: 0, records: 0 };
  private rate = { bytesPerSecond: 0, recordsPerSecond: 0 };
  readonly startedAt = performance.now();

  constructor(private readonly dirty: () => { count: number; bytes: number }) {}

  /** Updates the speed from the counters since the previous sample. */
  sample(): void {
    const now = performance.now();
    const seconds = (now - this.lastSample.at) / 1000;
    if (seconds <= 0) return;
    this.rate = {
      bytesPerSecond: (this.bytesWritten - this.lastSample.bytes) / seconds,
      recordsPerSecond: (this.recordsWritten - this.lastSample.records) / seconds,
    };
    this.lastSample = { at: now, bytes: this.bytesWritten, records: this.recordsWritten };
  }

  snapshot(): RunProgress {
    const dirty = this.dirty();
    const handled = this.recordsWritten + dirty.count;
    const percent =
      this.totalRecords === null ? null : this.totalRecords === 0 ? (this.stage === "finished" ? 100 : 0) : Math.min(100, (handled / this.totalRecords) * 100);
    return {
      stage: this.stage,
      recordsRead: this.recordsRead,
      bytesRead: Math.max(this.bytesRead, this.bytesWritten + dirty.bytes),
      recordsWritten: this.recordsWritten,
      bytesWritten: this.bytesWritten,
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

/** The DataX line users read every few seconds. */
export function formatProgressLine(progress: RunProgress): string {
  return (
    `Total ${progress.recordsWritten + progress.dirtyRecords} records, ${progress.bytesWritten + progress.dirtyBytes} bytes | ` +
    `Speed ${formatBytes(progress.bytesPerSecond)}/s, ${Math.round(progress.recordsPerSecond)} records/s | ` +
    `Error ${progress.dirtyRecords} records, ${progress.dirtyBytes} bytes | ` +
    `Percentage ${progress.percent === null ? "-" : progress.percent.toFixed(2)}%`
  );
}
