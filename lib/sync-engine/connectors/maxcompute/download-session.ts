import { MaxComputeError } from "./maxcompute-error";
import type { MaxComputeValue } from "./maxcompute-value";
import type { MaxComputeColumn } from "./maxcompute-client";
import { sleep, type SignedHttpClient } from "./signed-http-client";
import { CopyTextBufferPool, TunnelCopyTextDecoder, type CopyTextBatch } from "./tunnel-copy-text-decoder";
import { TunnelRecordDecoder } from "./tunnel-record-decoder";

export type ReadRowsOptions = {
  start: number;
  count: number;
  /** Rows per yielded batch (default 4096: large enough to amortize per-batch work in the
   * writer, small enough that a batch of wide rows stays a few MB). */
  batchSize?: number;
  signal?: AbortSignal;
  /** Told each retry, with its reason (`Reader: retry 1/5 of rows ...`). */
  log?: (line: string) => void;
};

/** What opening a download session again gives: a new id for the same rows. */
export type RenewedDownload = { id: string; recordCount: number };

export type DownloadSession = {
  /** The session's id: a new one after the service forgot the first (see `reopen`). */
  readonly id: string;
  recordCount: number;
  columns: MaxComputeColumn[];
  /**
   * Streams rows [start, start + count) in batches; a broken read resumes after the last row
   * yielded, on a new download session when the service no longer knows this one.
   */
  readRows(options: ReadRowsOptions): AsyncIterable<MaxComputeValue[][]>;
  /**
   * The same rows as PostgreSQL COPY text (the bytes `CopyTextEncoder` gives for them), in
   * batches of at least `batchSize` rows except the last; for fast-mode writes.
   */
  readCopyText(options: ReadRowsOptions): AsyncIterable<CopyTextBatch>;
};

/** One read of a row range: decodes body chunks and hands out batches of what it decoded. */
type RangeDecoder<B> = {
  push(chunk: Buffer): void;
  finish(): void;
  readonly recordCount: number;
  readonly pendingRows: number;
  /** Up to `max` pending rows (the copy-text decoder hands out all it has). */
  take(max: number): { batch: B; rows: number };
};

function rowRangeDecoder(columns: MaxComputeColumn[]): RangeDecoder<MaxComputeValue[][]> {
  const decoder = new TunnelRecordDecoder({ columns });
  let rows: MaxComputeValue[][] = [];
  return {
    push: (chunk) => decoder.push(chunk, rows),
    finish: () => decoder.finish(rows),
    get recordCount() {
      return decoder.recordCount;
    },
    get pendingRows() {
      return rows.length;
    },
    take(max) {
      const batch = rows.length <= max ? rows : rows.slice(0, max);
      rows = rows.length <= max ? [] : rows.slice(max);
      return { batch, rows: batch.length };
    },
  };
}

function copyTextRangeDecoder(columns: MaxComputeColumn[], pool: CopyTextBufferPool): RangeDecoder<CopyTextBatch> {
  const decoder = new TunnelCopyTextDecoder({ columns, pool });
  return {
    push: (chunk) => decoder.pushChunk(chunk),
    finish: () => decoder.endStream(),
    get recordCount() {
      return decoder.recordCount;
    },
    get pendingRows() {
      return decoder.pendingRows;
    },
    take() {
      const batch = decoder.take()!;
      return { batch, rows: batch.rowCount };
    },
  };
}

/** Tunnel protocol headers sent on every download request (values as the Go SDK sends them). */
export const TUNNEL_HEADERS = {
  "x-odps-tunnel-version": "5",
  "odps-tunnel-date-transform": "v1",
};

/** Attempts of one row-range read without a row coming through: the first and 5 retries,
 * waiting 0.5, 1, 2, 4 and 8 s (15.5 s in all), long enough for a service to restart. */
const MAX_ATTEMPTS = 6;
const retryDelayMs = (attempt: number): number => Math.min(8000, 500 * 2 ** (attempt - 1));

/**
 * The service no longer knows the download session: it expired, or the service restarted
 * (the local one keeps sessions in memory). MaxCompute answers `NoSuchDownload`.
 */
function isSessionGone(error: unknown): boolean {
  if (!(error instanceof MaxComputeError)) return false;
  return error.serviceCode === "NoSuchDownload" || (error.status === 404 && /download session/i.test(error.message)) || /session .*expired/i.test(error.message);
}

export function createDownloadSession({
  http,
  tunnelEndpoint,
  project,
  table,
  partition,
  id,
  recordCount,
  columns,
  reopen,
}: {
  http: SignedHttpClient;
  tunnelEndpoint: string;
  project: string;
  table: string;
  partition?: string;
  id: string;
  recordCount: number;
  columns: MaxComputeColumn[];
  /** Opens a download session of the same table and partition again. */
  reopen?: (options: { signal?: AbortSignal }) => Promise<RenewedDownload>;
}): DownloadSession {
  // Validates the column types now, so an unsupported type fails when the session opens.
  new TunnelRecordDecoder({ columns });
  const copyTextBuffers = new CopyTextBufferPool();
  const what = `table ${table}${partition ? ` partition ${partition}` : ""}`;
  let currentId = id;
  // One reopening at a time: the reads of every split share the session and its new id.
  let renewing: Promise<void> | null = null;

  async function renew(staleId: string, { signal, log }: { signal?: AbortSignal; log?: (line: string) => void }): Promise<void> {
    if (currentId !== staleId) return;
    if (!reopen) throw new MaxComputeError("BAD_REQUEST", `Download session ${staleId} of ${what} no longer exists and cannot be opened again here.`);
    renewing ??= (async () => {
      const fresh = await reopen({ signal });
      if (fresh.recordCount !== recordCount) {
        throw new MaxComputeError(
          "SOURCE_CHANGED",
          `${what} changed during the run: a new download session has ${fresh.recordCount.toLocaleString("en-US")} records, the run's had ${recordCount.toLocaleString("en-US")}, so the rows still to read are not the ones the run started with. Rerun the job once the table stops changing.`,
        );
      }
      currentId = fresh.id;
      log?.(`Reader: opened download session ${fresh.id} of ${what} in place of ${staleId}: ${recordCount.toLocaleString("en-US")} records, as before.`);
    })().finally(() => {
      renewing = null;
    });
    await renewing;
  }

  async function* readRange<B>(
    { start, count, batchSize = 4096, signal, log }: ReadRowsOptions,
    openDecoder: () => RangeDecoder<B>,
  ): AsyncGenerator<B> {
    if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || start + count > recordCount) {
      throw new MaxComputeError(
        "BAD_REQUEST",
        `Row range (${start}, ${count}) is outside download session ${id} of table ${table}${partition ? ` partition ${partition}` : ""}, which has ${recordCount} rows.`,
      );
    }
    let delivered = 0;
    let attempt = 0;
    // The id the service said it no longer knows, until a new session replaces it.
    let staleId: string | null = null;
    let sessionId = currentId;
    while (delivered < count) {
      const decoder = openDecoder();
      const rangeStart = start + delivered;
      const rangeCount = count - delivered;
      try {
        if (staleId !== null) {
          await renew(staleId, { signal, log });
          staleId = null;
        }
        sessionId = currentId;
        const query: [string, string][] = [
          ["downloadid", sessionId],
          ["data", ""],
          ["rowrange", `(${rangeStart},${rangeCount})`],
          ["columns", columns.map((c) => c.name).join(",")],
        ];
        if (partition) query.push(["partition", partition]);
        const response = await http.open({
          method: "GET",
          endpoint: tunnelEndpoint,
          path: `/projects/${project}/tables/${table}`,
          query,
          headers: TUNNEL_HEADERS,
          signal,
        });
        try {
          for await (const chunk of response) {
            decoder.push(chunk as Buffer);
            while (decoder.pendingRows >= batchSize) {
              const { batch, rows } = decoder.take(batchSize);
              delivered += rows;
              attempt = 0;
              yield batch;
            }
          }
        } finally {
          response.destroy();
        }
        decoder.finish();
        if (decoder.recordCount !== rangeCount) {
          throw new MaxComputeError(
            "SERVER_ERROR",
            `Tunnel returned ${decoder.recordCount} rows for the row range (${rangeStart}, ${rangeCount}) of table ${table}; retrying.`,
            { retryable: true },
          );
        }
        while (decoder.pendingRows > 0) {
          const { batch, rows } = decoder.take(batchSize);
          delivered += rows;
          yield batch;
        }
      } catch (error) {
        if (signal?.aborted) throw error;
        const gone = staleId === null && isSessionGone(error);
        const retryable =
          gone ||
          (error instanceof MaxComputeError && error.retryable) ||
          (!(error instanceof MaxComputeError) && isNetworkError(error));
        attempt++;
        if (!retryable || attempt >= MAX_ATTEMPTS) {
          if (error instanceof MaxComputeError) throw error;
          throw new MaxComputeError(
            "ENDPOINT_UNREACHABLE",
            `Reading rows ${rangeStart}..${start + count - 1} of table ${table} failed after ${attempt} attempts: ${(error as Error).message}.`,
            { cause: error },
          );
        }
        const range = `rows ${start}-${start + count - 1} of ${what} (continuing at row ${rangeStart})`;
        // A response cut off mid-body says only "aborted": say where it happened.
        const reason = (error instanceof MaxComputeError ? error.message : `the response from MaxCompute broke off (${(error as Error).message})`).replace(/\.{2,}$/, ".");
        // Rows decoded but not yet yielded are dropped and read again from `delivered`.
        if (gone) {
          // A new session is opened at once: the service answered, so it is up.
          staleId = sessionId;
          log?.(`Reader: retry ${attempt}/${MAX_ATTEMPTS - 1} of ${range} on a new download session after: ${reason}`);
        } else {
          const delay = retryDelayMs(attempt);
          log?.(`Reader: retry ${attempt}/${MAX_ATTEMPTS - 1} of ${range} in ${delay / 1000} s after: ${reason}`);
          await sleep(delay, signal);
        }
      }
    }
  }

  return {
    get id() {
      return currentId;
    },
    recordCount,
    columns,
    readRows: (options) => readRange(options, () => rowRangeDecoder(columns)),
    readCopyText: (options) => readRange(options, () => copyTextRangeDecoder(columns, copyTextBuffers)),
  };
}

function isNetworkError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code ?? "";
  return (
    ["ECONNRESET", "EPIPE", "ETIMEDOUT", "ECONNREFUSED", "ERR_STREAM_PREMATURE_CLOSE"].includes(code) ||
    /aborted|socket hang up|premature/i.test((error as Error)?.message ?? "")
  );
}
