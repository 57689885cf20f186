import { setTimeout as sleep } from "node:timers/promises";
import { from as copyFrom } from "pg-copy-streams";
import { quoteIdentifier, quoteQualifiedName } from "../../sql-identifier";
import type { DirtyRecord } from "../connector-types";
import type { ChannelConnection } from "./channel-connection";
import { decodeCopyLine } from "./copy-text-encoder";
import { redact } from "./hologres-config";

/**
 * Finding the rows a server refused. A batch is an array of items, one per row: COPY lines
 * (fast mode) or rows of values (SQL mode); `attempt` writes some items all or nothing, and
 * `items` says what an item holds.
 */
export type BatchItems<T> = {
  /** The row's values as text, in the plan's column order (for the dirty record). */
  texts(item: T): Array<string | null>;
  /** The bytes a row counts for. */
  bytes(item: T): number;
  /** Whether a refusal names no column, so a refused row is replayed through COPY to find it (INSERT). */
  probeColumn: boolean;
};

export const COPY_LINES: BatchItems<Buffer> = { texts: decodeCopyLine, bytes: (line) => line.length, probeColumn: false };

/** SQLSTATE classes that mean "this row's data", not "this connection or table": 22 data exception,
 * 23 integrity constraint, 21 cardinality (a key twice in one batch), 42804 datatype mismatch. */
export function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== "string") return false;
  return code.startsWith("22") || code.startsWith("23") || code.startsWith("21") || code === "42804";
}

export function isRetryableConflict(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === "40P01" || code === "40001";
}

/** Which writer column the server blamed: the error's column field, or COPY's context line. */
export function blamedColumn(error: unknown, columns: string[]): string | null {
  const e = error as { column?: string; where?: string; message?: string };
  if (e.column && columns.includes(e.column)) return e.column;
  const where = /column (\S+?)(?::|$|,)/.exec(e.where ?? "");
  if (where && columns.includes(where[1]!)) return where[1]!;
  const detail = /column "([^"]+)"/.exec(e.message ?? "");
  if (detail && columns.includes(detail[1]!)) return detail[1]!;
  return null;
}

/** A row of parameter texts counts its texts' bytes, a separator each, and 2 for a NULL. */
export function textBytes(texts: ReadonlyArray<string | null>): number {
  let bytes = 0;
  for (const v of texts) bytes += (v === null ? 2 : Buffer.byteLength(v)) + 1;
  return bytes;
}

/**
 * A batch whose attempt failed: written again on a new connection when the connection was
 * lost, else (or when the repeat is refused for its data) split to find the dirty rows.
 */
export async function settleFailedBatch<T>(
  conn: ChannelConnection,
  options: { batch: number; error: unknown; items: T[]; kind: BatchItems<T>; bytes: number; attempt: (items: T[]) => Promise<void> },
): Promise<void> {
  const { batch, items, kind, attempt } = options;
  let error = options.error;
  if (conn.lostConnection(error)) {
    try {
      await conn.repeatOnNewConnection({ batch, rows: items.length, error, attempt: () => attempt(items) });
      conn.reportBatch(items.length, options.bytes);
      return;
    } catch (repeatError) {
      if (!isDataError(repeatError)) throw conn.fatal(repeatError);
      error = repeatError;
    }
  }
  await isolateFailure(conn, error, items, kind, (part) => conn.withReconnect(batch, part.length, () => attempt(part)));
}

/**
 * A refused batch is split in halves until single rows remain (DataX retries row by row;
 * halving finds the same rows with far fewer round trips). Clean parts are written; a
 * single refused row is a dirty record. Errors that are not about the data (connection,
 * missing table, permissions) fail the run instead of turning every row dirty.
 */
export async function isolateFailure<T>(conn: ChannelConnection, error: unknown, items: T[], kind: BatchItems<T>, attempt: (items: T[]) => Promise<void>): Promise<void> {
  if (!isDataError(error) && !isRetryableConflict(error)) throw conn.fatal(error);
  if (items.length === 1 && isDataError(error)) {
    await reportDirtyItem(conn, kind, items[0]!, error);
    return;
  }
  const queue: T[][] = items.length > 1 ? [items.slice(0, items.length >> 1), items.slice(items.length >> 1)] : [items];
  while (queue.length > 0) {
    conn.context.signal.throwIfAborted();
    const part = queue.shift()!;
    try {
      await withConflictRetry(conn.context.signal, () => attempt(part));
      conn.reportBatch(part.length, part.reduce((s, item) => s + kind.bytes(item), 0));
    } catch (partError) {
      if (!isDataError(partError)) throw conn.fatal(partError);
      if (part.length === 1) await reportDirtyItem(conn, kind, part[0]!, partError);
      else queue.unshift(part.slice(0, part.length >> 1), part.slice(part.length >> 1));
    }
  }
}

/** A deadlock or serialization failure between channels: the same attempt again, a little later. */
async function withConflictRetry(signal: AbortSignal, run: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!isRetryableConflict(error) || attempt >= 5) throw error;
      await sleep(50 * attempt, undefined, { signal });
    }
  }
}

/** One row as a COPY text line. */
export function copyLineOf(texts: Array<string | null>): Buffer {
  return Buffer.from(texts.map((t) => (t === null ? "\\N" : t.replace(/[\\\n\r\t]/g, (c) => ({ "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" })[c]!))).join("\t") + "\n");
}

/**
 * INSERT errors do not say which column refused a value ("value too long for type
 * character varying(5)"); COPY's context line does. On PostgreSQL the refused row is
 * replayed through COPY in a savepoint that is always rolled back, to name the column.
 */
export async function probeColumn(conn: ChannelConnection, texts: Array<string | null>): Promise<string | null> {
  const { plan, client } = conn;
  if (plan.server.flavour !== "postgres") return null;
  const held = plan.transactionMode === "held";
  try {
    await client.query(held ? "SAVEPOINT synclane_probe" : "BEGIN");
    const copy = client.query(copyFrom(`COPY ${quoteQualifiedName(plan.target)} (${plan.columns.map(quoteIdentifier).join(", ")}) FROM STDIN`));
    const outcome = new Promise<unknown>((resolve) => {
      copy.on("finish", () => resolve(null));
      copy.on("error", (e) => resolve(e));
    });
    copy.end(copyLineOf(texts));
    const error = await outcome;
    await client.query(held ? "ROLLBACK TO SAVEPOINT synclane_probe; RELEASE SAVEPOINT synclane_probe" : "ROLLBACK");
    return error ? blamedColumn(error, plan.columns) : null;
  } catch {
    return null;
  }
}

async function reportDirtyItem<T>(conn: ChannelConnection, kind: BatchItems<T>, item: T, error: unknown): Promise<void> {
  const { plan } = conn;
  const texts = kind.texts(item);
  const values: Record<string, string | null> = {};
  plan.columns.forEach((column, i) => {
    values[column] = texts[i] ?? null;
  });
  const err = error as { message?: string; code?: string };
  let column = blamedColumn(error, plan.columns);
  if (column === null && kind.probeColumn) column = await probeColumn(conn, texts);
  const record: DirtyRecord = {
    column,
    reason: redact(err.message ?? String(error), conn.config),
    sqlState: typeof err.code === "string" ? err.code : null,
    values,
  };
  conn.context.reportDirty(record);
}
