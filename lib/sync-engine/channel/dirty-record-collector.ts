import { SyncError } from "../sync-error";
import type { DirtyRecord } from "../connectors/connector-types";

/** Dirty records kept per run; the count goes on beyond it. */
export const MAX_KEPT_DIRTY_RECORDS = 1_000;

/**
 * Counts refused rows, keeps the first 1,000 with their column and reason, and fails the
 * run as soon as the count passes the limit (`null`: no limit; 0: none allowed).
 */
export class DirtyRecordCollector {
  count = 0;
  bytes = 0;
  readonly kept: DirtyRecord[] = [];

  constructor(
    private readonly limit: number | null,
    private readonly onDirtyRecord?: (record: DirtyRecord, index: number) => void,
  ) {}

  add(record: DirtyRecord): void {
    this.count += 1;
    this.bytes += Object.values(record.values).reduce((sum, v) => sum + (v === null ? 0 : Buffer.byteLength(v)), 0);
    if (this.kept.length < MAX_KEPT_DIRTY_RECORDS) this.kept.push(record);
    this.onDirtyRecord?.(record, this.count);
    if (this.limit !== null && this.count > this.limit) {
      throw new SyncError(
        "DIRTY_LIMIT_EXCEEDED",
        `Dirty records exceeded the limit: ${this.count} refused rows, ${this.limit} allowed (setting.errorLimit.record). ` +
          `First refusal${record.column ? ` in column "${record.column}"` : ""}: ${this.kept[0]?.reason ?? record.reason}`,
        { details: { count: this.count, limit: this.limit } },
      );
    }
  }
}
