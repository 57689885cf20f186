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
};

export type DownloadSession = {
  id: string;
  recordCount: number;
  columns: MaxComputeColumn[];
  /** Streams rows [start, start + count) in batches; a broken read resumes after the last row yielded. */
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

const MAX_ATTEMPTS = 5;

export function createDownloadSession({
  http,
  tunnelEndpoint,
  project,
  table,
  partition,
  id,
  recordCount,
  columns,
}: {
  http: SignedHttpClient;
  tunnelEndpoint: string;
  project: string;
  table: string;
  partition?: string;
  id: string;
  recordCount: number;
  columns: MaxComputeColumn[];
}): DownloadSession {
  // Validates the column types now, so an unsupported type fails when the session opens.
  new TunnelRecordDecoder({ columns });
  const copyTextBuffers = new CopyTextBufferPool();

  async function* readRange<B>(
    { start, count, batchSize = 4096, signal }: ReadRowsOptions,
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
    while (delivered < count) {
      const decoder = openDecoder();
      const rangeStart = start + delivered;
      const rangeCount = count - delivered;
      try {
        const query: [string, string][] = [
          ["downloadid", id],
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
        const retryable =
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
        // Rows decoded but not yet yielded are dropped and read again from `delivered`.
        await sleep(Math.min(5000, 200 * 2 ** (attempt - 1)), signal);
      }
    }
  }

  return {
    id,
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
