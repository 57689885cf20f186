import { from as copyFrom } from "pg-copy-streams";
import type { CopyTextBatch, RowValue } from "../connector-types";
import type { ChannelConnection } from "./channel-connection";
import { CopyTextEncoder, splitCopyLines } from "./copy-text-encoder";
import { COPY_LINES, isDataError, isRetryableConflict, settleFailedBatch } from "./dirty-row-isolation";
import { StagingRoute, copySql, mergeSql } from "./staging-merge";
import type { WritePlan } from "./write-plan";

/** A COPY batch also ends at this many bytes, so that a batch of wide rows stays a few MB per channel. */
const COPY_BATCH_BYTES = 16 * 1024 * 1024;
/** Lines replayed after a refusal are grouped into messages of about this size. */
const REPLAY_MESSAGE_BYTES = 256 * 1024;

type CopyStream = ReturnType<typeof copyFrom>;

/** The server refused the rows (a key already there, a value, a deadlock with another channel), not the connection or the table. */
function refusedRows(error: unknown): boolean {
  return isDataError(error) || isRetryableConflict(error);
}

/**
 * Fast mode: rows stream as COPY text into one `COPY ... FROM STDIN` per batch, each chunk
 * sent as it fills, at most one write outstanding. The encoded chunks are kept until the
 * batch succeeds, so a refused batch can be split, or a batch whose connection was lost sent
 * again, without re-reading or re-encoding.
 */
export class CopyBatchWriter {
  private readonly encoder: CopyTextEncoder;
  private readonly route: StagingRoute;
  private chunks: Buffer[] = [];
  /** Releases of the reader's batches whose last bytes are in the open COPY batch. */
  private releases: Array<() => void> = [];
  private batchRows = 0;
  private batchBytes = 0;
  private copy: CopyStream | null = null;
  private copyError: unknown = null;
  private copyFinished: Promise<void> | null = null;

  constructor(private readonly conn: ChannelConnection) {
    this.encoder = new CopyTextEncoder({ dateColumns: conn.plan.dateColumns });
    this.route = new StagingRoute(conn.plan);
  }

  private get plan(): WritePlan {
    return this.conn.plan;
  }

  private async startCopy(): Promise<void> {
    await this.conn.beginAttempt();
    const copy = this.conn.client.query(copyFrom(copySql(this.plan, this.route.into)));
    this.copy = copy;
    this.copyError = null;
    this.copyFinished = new Promise<void>((resolve) => {
      copy.on("finish", () => resolve());
      copy.on("error", (error) => {
        this.copyError = error;
        resolve();
      });
    });
  }

  /**
   * Sends one chunk, at most one write outstanding. After a server error, or a lost
   * connection, the rest of the batch is only kept: the batch's end settles it.
   */
  private async sendChunk(chunk: Buffer): Promise<void> {
    await this.conn.context.acquireBytes(chunk.length);
    this.conn.context.signal.throwIfAborted();
    this.chunks.push(chunk);
    this.batchBytes += chunk.length;
    if (this.copyError) return;
    try {
      if (!this.copy) await this.startCopy();
      if (this.copyError) return;
      const copy = this.copy!;
      await Promise.race([new Promise<void>((resolve) => copy.write(chunk, () => resolve())), this.copyFinished]);
    } catch (error) {
      // BEGIN on a connection that is gone, or a write into a COPY whose connection closed
      // (the COPY's own error, when it came first, says more).
      this.copyError ??= error;
    }
  }

  async write(rows: RowValue[][]): Promise<void> {
    const width = this.plan.paddedWidth;
    const appended = this.plan.appendedValues;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      for (let a = 0; a < appended.length; a++) row.push(appended[a]!);
      this.encoder.appendRow(row, width);
      if (this.encoder.isChunkFull) await this.sendChunk(this.encoder.takeChunk()!);
      this.batchRows += 1;
      if (this.batchRows >= this.plan.batchRows || this.batchBytes >= COPY_BATCH_BYTES) await this.finishBatch();
    }
  }

  /** Rows already COPY text: sent as they are, cut at line ends where a batch ends. */
  async writeCopyText({ rowCount, bytes, release }: CopyTextBatch): Promise<void> {
    const pending = this.encoder.takeChunk();
    if (pending) await this.sendChunk(pending);
    let offset = 0;
    let remaining = rowCount;
    while (remaining > 0) {
      const room = this.plan.batchRows - this.batchRows;
      let take = remaining;
      let end = bytes.length;
      if (remaining > room) {
        take = room;
        end = offset;
        for (let i = 0; i < room; i++) end = bytes.indexOf(0x0a, end) + 1;
      }
      await this.sendChunk(bytes.subarray(offset, end));
      this.batchRows += take;
      offset = end;
      remaining -= take;
      // The reader's buffer may be reused once the last COPY batch holding its bytes is done.
      if (remaining === 0 && release) this.releases.push(release);
      if (this.batchRows >= this.plan.batchRows || this.batchBytes >= COPY_BATCH_BYTES) await this.finishBatch();
    }
  }

  /** Ends the open batch: the COPY completes (and is merged), or the batch is settled row by row. */
  async finishBatch(): Promise<void> {
    const last = this.encoder.takeChunk();
    if (last) await this.sendChunk(last);
    if (this.batchRows === 0) return;
    const rows = this.batchRows;
    const bytes = this.batchBytes;
    const chunks = this.chunks;
    const releases = this.releases;
    this.chunks = [];
    this.releases = [];
    this.batchRows = 0;
    this.batchBytes = 0;
    const batch = this.conn.session.nextBatchNumber();
    const copy = this.copy;
    const into = this.route.into;
    this.copy = null;
    let error = this.copyError;
    try {
      if (!error && copy) {
        copy.end();
        await this.copyFinished;
        error = this.copyError;
      }
      if (!error && into === "staging") await this.conn.client.query(mergeSql(this.plan));
      if (!error) await this.conn.endAttempt(true);
    } catch (endError) {
      error = this.copyError ?? endError;
    }
    this.copyError = null;
    if (error) await this.conn.abandonAttempt(error);
    let lines: Buffer[] | null = null;
    if (error && this.route.trying && refusedRows(error)) {
      // Straight into the table was refused: the same batch again the way it always worked.
      this.route.useStaging();
      this.conn.context.log(`Writer: batch #${batch} was refused straight into the table (SQLSTATE ${(error as { code: string }).code}); this channel merges through its staging table from now on.`);
      lines = splitCopyLines(chunks);
      try {
        await this.copyLines(lines, "staging");
        error = null;
      } catch (stagingError) {
        error = stagingError;
      }
    }
    if (!error) {
      this.conn.reportBatch(rows, bytes);
    } else {
      await settleFailedBatch(this.conn, { batch, error, items: lines ?? splitCopyLines(chunks), kind: COPY_LINES, bytes, attempt: (part) => this.attemptLines(part) });
    }
    // Only now are the kept bytes no longer needed; a batch that failed the run keeps them (to the GC).
    for (const done of releases) done();
  }

  /** One attempt at some lines, the way the channel writes now (straight in first, when that is allowed). */
  private async attemptLines(lines: Buffer[]): Promise<void> {
    if (this.route.trying) {
      try {
        await this.copyLines(lines, "target");
        return;
      } catch (error) {
        if (!refusedRows(error)) throw error;
        this.route.useStaging();
      }
    }
    await this.copyLines(lines, this.route.into);
  }

  /** One attempt: COPY these lines (and merge them when staging), all or nothing. */
  private async copyLines(lines: Buffer[], into: "target" | "staging"): Promise<void> {
    await this.conn.beginAttempt();
    let copyFailure: unknown = null;
    try {
      const copy = this.conn.client.query(copyFrom(copySql(this.plan, into)));
      const done = new Promise<void>((resolve, reject) => {
        copy.on("finish", () => resolve());
        copy.on("error", (error) => {
          copyFailure ??= error;
          reject(error);
        });
      });
      done.catch(() => {});
      let group: Buffer[] = [];
      let size = 0;
      const flush = async (): Promise<void> => {
        if (group.length === 0) return;
        const data = group.length === 1 ? group[0]! : Buffer.concat(group, size);
        group = [];
        size = 0;
        await Promise.race([new Promise<void>((resolve) => copy.write(data, () => resolve())), done]);
      };
      for (const line of lines) {
        group.push(line);
        size += line.length;
        if (size >= REPLAY_MESSAGE_BYTES) await flush();
      }
      await flush();
      copy.end();
      await done;
      if (into === "staging") await this.conn.client.query(mergeSql(this.plan));
    } catch (error) {
      // A write into a COPY whose connection closed throws a TypeError of its own; the COPY's error says what happened.
      const cause = copyFailure ?? error;
      await this.conn.abandonAttempt(cause);
      throw cause;
    }
    await this.conn.endAttempt(true);
  }

  /** The run is being rolled back: the COPY in flight dies with the connection. */
  discard(): void {
    this.copy = null;
  }
}
