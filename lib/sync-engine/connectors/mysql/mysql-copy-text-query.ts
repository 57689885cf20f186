import type mysql from "mysql2";
import type { CopyTextBatch } from "../../copy-text/copy-text-batch";
import type { MysqlCopyTextEncoder, MysqlResultField, MysqlRowPacket } from "./mysql-copy-text-encoder";

/** A batch of COPY text and the split key of its last row (null without a key). */
export type KeyedCopyTextBatch = { batch: CopyTextBatch; lastKey: bigint | null };

/** A batch also ends at this many bytes of COPY text, so that wide rows keep batches small. */
const BATCH_BYTES = 1024 * 1024;
/** Batches ready ahead of the consumer before the socket is paused. */
const QUEUED_BATCHES = 2;

type RowPacket = MysqlRowPacket & { isEOF(): boolean };
type RowState = (this: QueryCommand, packet: RowPacket, connection: unknown) => unknown;
/** mysql2's Query command: a state machine whose `row` state takes each row packet. */
type QueryCommand = { row: RowState; on(event: string, listener: (...args: never[]) => void): void };

/**
 * Runs one query and yields its rows as COPY text. mysql2 still does the protocol (auth,
 * packets, errors, flow control); only its row parser is bypassed: the query's `row` state
 * (mysql2 3.x `Query.prototype.row`, which the `fieldsEOF` state enters as `this.row`) is
 * replaced on this one query by one that hands each row packet to the encoder, so no JS
 * value is made per cell. The socket is paused while `QUEUED_BATCHES` batches wait.
 */
export async function* queryCopyText(options: {
  connection: mysql.Connection;
  sql: string;
  values: unknown[];
  encoder: MysqlCopyTextEncoder;
  batchSize: number;
  keyIndex: number | null;
  signal: AbortSignal;
}): AsyncGenerator<KeyedCopyTextBatch> {
  const { connection, encoder, batchSize, keyIndex, signal } = options;
  const queue: KeyedCopyTextBatch[] = [];
  let ended = false;
  let failure: unknown = null;
  let paused = false;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };
  const fail = (error: unknown): void => {
    failure ??= error;
    notify();
  };

  const query = connection.query({ sql: options.sql, values: options.values }) as unknown as QueryCommand;
  const driverRow = (Object.getPrototypeOf(query) as QueryCommand).row;
  if (typeof driverRow !== "function") throw new Error("mysql2's Query has no row state: the COPY text path needs mysql2 3.x.");
  const row: RowState = function (packet, driverConnection) {
    // The end of the rows (or of a result set): mysql2's own state handles it.
    if (packet.isEOF()) return driverRow.call(this, packet, driverConnection);
    if (failure) return row;
    try {
      encoder.appendRow(packet);
      if (encoder.rowCount >= batchSize || encoder.pendingBytes >= BATCH_BYTES) {
        const lastKey = keyIndex === null ? null : encoder.keyOf(packet, keyIndex);
        queue.push({ batch: encoder.takeBatch()!, lastKey });
        if (queue.length >= QUEUED_BATCHES && !paused) {
          paused = true;
          connection.pause();
        }
        notify();
      }
    } catch (error) {
      fail(error);
      connection.destroy();
    }
    return row;
  };
  query.row = row;
  // A mysql2 that no longer enters `this.row` would parse and emit the rows itself: fail
  // loudly rather than hand on a split without them.
  query.on("result", () => {
    fail(new Error("mysql2 parsed a row itself: the MySQL COPY text path needs mysql2 3.x, whose fieldsEOF state enters the query's own row state."));
    connection.destroy();
  });
  query.on("fields", (fields: MysqlResultField[]) => encoder.prepare(fields));
  query.on("error", (error: unknown) => fail(error));
  query.on("end", () => {
    // After an error the rows since the last batch are dropped: a retry reads them again from its key.
    const last = failure ? null : encoder.takeBatch();
    if (last) queue.push({ batch: last, lastKey: null });
    ended = true;
    notify();
  });
  // A dropped connection is reported on the connection, not on the query; a cancel may
  // destroy the connection without either saying so.
  const onConnectionError = (error: unknown): void => fail(error);
  connection.on("error", onConnectionError);
  const onAbort = (): void => fail(signal.reason);
  signal.addEventListener("abort", onAbort, { once: true });

  try {
    for (;;) {
      const next = queue.shift();
      if (next) {
        if (paused && queue.length < QUEUED_BATCHES - 1) {
          paused = false;
          connection.resume();
        }
        yield next;
        continue;
      }
      if (failure) throw failure;
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    connection.removeListener("error", onConnectionError);
    encoder.close();
  }
}
