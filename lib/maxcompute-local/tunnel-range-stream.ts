import type { DuckDBDataChunk, DuckDBVector } from "@duckdb/node-api";
import type { LocalMaxComputeCatalog, LocalTable } from "./local-maxcompute-catalog";
import type { StorageKind } from "./storage-value";
import { TunnelRecordEncoder } from "./tunnel-record-encoder";

/**
 * Streams rows [start, start + count) of one partition as a Tunnel record stream: DuckDB
 * data chunks (2048 rows) -> encoder -> 64 KiB pieces handed to `write`, which returns a
 * promise when the consumer needs to catch up (HTTP backpressure). Only one DuckDB chunk
 * and one encoder buffer are in memory at a time.
 *
 * Speed: cells go from DuckDB's vector memory straight into the encoder (integers as
 * 32-bit halves, doubles as their 8 bytes, short strings copied from DuckDB's inline
 * string slots), so no JS value is built for most cells. This reads fields that
 * @duckdb/node-api keeps private (`items`, `dataView`, `validity.data`); when a version
 * lacks them the slower public `getItem` path takes over.
 */
export async function streamRowRange({
  catalog,
  table,
  spec,
  start,
  count,
  columnIndexes,
  write,
  signal,
}: {
  catalog: LocalMaxComputeCatalog;
  table: LocalTable;
  spec: string;
  start: number;
  count: number;
  columnIndexes: number[];
  write: (bytes: Buffer) => Promise<void> | void;
  signal?: AbortSignal;
}): Promise<number> {
  const compiled = catalog.compiledColumns(table);
  const selected = columnIndexes.map((i) => ({ ...compiled[i], type: table.columns[i].type }));
  const encoder = new TunnelRecordEncoder(selected.map((c) => ({ name: c.name, type: c.type })));
  if (count > 0 && selected.length > 0) {
    const connection = await catalog.connect();
    let pendingChunk: Promise<unknown> | undefined;
    try {
      // Reading every column in table order: copy the records encoded when the rows were
      // stored (a range read is then a scan and a memcpy per row).
      const wholeRecords =
        table.recordBlocks === true && columnIndexes.length === table.columns.length && columnIndexes.every((c, i) => c === i);
      // Strings are selected as BLOB (encode() = the UTF-8 bytes, no escape processing) so
      // their bytes can be copied without decoding them into JS strings and back.
      const select = selected.map((c) => (c.kind === "VARCHAR" ? `encode(${c.physical})` : c.physical)).join(", ");
      // No ORDER BY: DuckDB keeps insertion order (preserve_insertion_order), and _seq was
      // assigned in insertion order, so the scan returns the range in order without a sort
      // that would have to see the whole range first.
      const sql = wholeRecords
        ? `SELECT _first, _count, _recs, _ends, _crcs FROM "b_${table.name}" WHERE _pt = $1 AND _first + _count > $2 AND _first < $3 ORDER BY _first`
        : `SELECT ${select} FROM "t_${table.name}" WHERE _pt = $1 AND _seq >= $2 AND _seq < $3`;
      const result = await connection.stream(sql, [spec, BigInt(start), BigInt(start + count)]);
      const kinds = selected.map((c) => c.kind);
      // The next chunk is requested before the current one is encoded, so DuckDB scans
      // (on its own thread) while JS encodes.
      // A prefetched chunk nobody awaits (after an abort) must not become an unhandled rejection.
      const prefetch = () => {
        const next = result.fetchChunk();
        next.catch(() => undefined);
        return next;
      };
      let pending = prefetch();
      pendingChunk = pending;
      for (;;) {
        if (signal?.aborted) break;
        const chunk = await pending;
        if (!chunk || chunk.rowCount === 0) break;
        pending = prefetch();
        pendingChunk = pending;
        const rows = chunk.rowCount;
        if (wholeRecords) {
          // One DuckDB chunk can hold a whole split's blocks (tens of MB): they go to the socket
          // block by block as they come out of DuckDB, not copied once more into the encoder
          // (that copy and its fresh buffers were a third of the service's CPU).
          const blocks = recordBlocks(chunk);
          for (let b = 0; b < rows; b++) {
            const bytes = blocks.records(encoder, b, start, start + count);
            if (bytes) await write(bytes);
          }
          continue;
        }
        const access = kinds.map((kind, i) => columnAccess(kind, chunk.getColumnVector(i)));
        encodeChunk(encoder, access, rows);
        const bytes = encoder.takeBytes();
        if (bytes) await write(bytes);
      }
    } finally {
      // A chunk still being fetched on DuckDB's thread must land before its connection closes.
      await pendingChunk?.catch(() => undefined);
      connection.closeSync();
    }
  }
  await write(encoder.finish());
  return encoder.recordCount;
}

type Internals = {
  items?: ArrayLike<number> & { buffer: ArrayBufferLike; byteOffset: number; byteLength: number };
  dataView?: DataView;
  validity?: { data?: { buffer: ArrayBufferLike; byteOffset: number; byteLength: number } | null; offset?: number };
  getItemBytes?: (index: number) => Uint8Array | null;
};

// How a column's cells are read in the hot loop (small ints so the switch stays cheap).
const SMALL_INT = 0;
const INT64 = 1;
const FIXED64 = 2;
const FIXED32 = 7;
const BYTES = 3;
const BOOL = 4;
const GENERIC = 5;
const GENERIC_JSON = 6;

type ColumnAccess = {
  op: number;
  /** Validity bitmap bytes, null when every cell is valid. */
  bits: Uint8Array | null;
  ints: ArrayLike<number>;
  bytes: Uint8Array;
  words: Uint32Array;
  vector: DuckDBVector;
  getItemBytes: ((index: number) => Uint8Array | null) | null;
};

const EMPTY_BYTES = new Uint8Array(0);
const EMPTY_WORDS = new Uint32Array(0);

/** Views over one DuckDB vector's memory for the encoder loop. */
function columnAccess(kind: StorageKind, vector: DuckDBVector): ColumnAccess {
  const internals = vector as unknown as Internals;
  const access: ColumnAccess = {
    op: kind === "JSON" ? GENERIC_JSON : GENERIC,
    bits: null,
    ints: EMPTY_BYTES,
    bytes: EMPTY_BYTES,
    words: EMPTY_WORDS,
    vector,
    getItemBytes: null,
  };
  const validity = internals.validity;
  if (!validity || (validity.offset ?? 0) !== 0 || kind === "JSON" || kind === "HUGEINT") return access;
  const data = validity.data;
  const bits = data ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
  const items = internals.items;
  const view = internals.dataView;
  switch (kind) {
    case "TINYINT":
    case "SMALLINT":
    case "INTEGER":
      if (items) Object.assign(access, { op: SMALL_INT, bits, ints: items });
      break;
    case "BIGINT":
      if (items) Object.assign(access, { op: INT64, bits, ints: new Int32Array(items.buffer, items.byteOffset, items.byteLength >> 2) });
      break;
    case "DOUBLE":
    case "FLOAT":
      // The IEEE bits as 32-bit words: written and checksummed without touching a float.
      if (items) {
        Object.assign(access, {
          op: kind === "DOUBLE" ? FIXED64 : FIXED32,
          bits,
          ints: new Int32Array(items.buffer, items.byteOffset, items.byteLength >> 2),
        });
      }
      break;
    case "VARCHAR":
    case "BLOB":
      if (view && internals.getItemBytes && view.byteOffset % 4 === 0) {
        Object.assign(access, {
          op: BYTES,
          bits,
          bytes: new Uint8Array(view.buffer, view.byteOffset, view.byteLength),
          words: new Uint32Array(view.buffer, view.byteOffset, view.byteLength >> 2),
          getItemBytes: internals.getItemBytes.bind(vector),
        });
      }
      break;
    case "BOOLEAN":
      if (view) Object.assign(access, { op: BOOL, bits, bytes: new Uint8Array(view.buffer, view.byteOffset, view.byteLength) });
      break;
  }
  return access;
}

/** The stored records of rows [start, end) in a chunk of record blocks, counted by the encoder. */
function recordBlocks(chunk: DuckDBDataChunk): { records(encoder: TunnelRecordEncoder, block: number, start: number, end: number): Buffer | null } {
  const firsts = chunk.getColumnVector(0);
  const counts = chunk.getColumnVector(1);
  const blobs = [2, 3, 4].map((i) => chunk.getColumnVector(i) as unknown as { getItemBytes(i: number): Uint8Array | null });
  return {
    records(encoder, b, start, end) {
      const first = Number(firsts.getItem(b));
      const blockCount = Number(counts.getItem(b));
      const from = Math.max(0, start - first);
      const to = Math.min(blockCount, end - first);
      if (to <= from) return null;
      const recs = blobs[0].getItemBytes(b)!;
      // Copies, so the uint32 views are aligned whatever the blob's offset.
      const ends = new Uint32Array(Uint8Array.prototype.slice.call(blobs[1].getItemBytes(b)!).buffer);
      const crcs = new Uint32Array(Uint8Array.prototype.slice.call(blobs[2].getItemBytes(b)!).buffer);
      encoder.countEncodedRecords(crcs.subarray(from, to));
      const offset = from === 0 ? 0 : ends[from - 1];
      return Buffer.from(recs.buffer, recs.byteOffset + offset, ends[to - 1] - offset);
    },
  };
}

/**
 * Encodes one DuckDB chunk row by row. One loop with a switch per cell (rather than a
 * closure per column) keeps every encoder call monomorphic, so V8 inlines them.
 */
function encodeChunk(encoder: TunnelRecordEncoder, columns: ColumnAccess[], rows: number): void {
  const count = columns.length;
  for (let r = 0; r < rows; r++) {
    encoder.beginRow();
    for (let c = 0; c < count; c++) {
      const col = columns[c];
      const bits = col.bits;
      if (bits !== null && ((bits[r >> 3] >> (r & 7)) & 1) === 0) continue;
      switch (col.op) {
        case SMALL_INT:
          encoder.writeIntField(c, col.ints[r]);
          break;
        case INT64:
          encoder.writeInt64Field(c, col.ints[2 * r], col.ints[2 * r + 1]);
          break;
        case FIXED64:
          encoder.writeFixed64Field(c, col.ints[2 * r], col.ints[2 * r + 1]);
          break;
        case FIXED32:
          encoder.writeFixed32Field(c, col.ints[r]);
          break;
        case BYTES: {
          // DuckDB string_t: 4-byte length, then up to 12 bytes inline, else a prefix and a pointer.
          const length = col.words[r * 4];
          if (length <= 12) encoder.writeBytesField(c, col.bytes, r * 16 + 4, length);
          else {
            const data = col.getItemBytes!(r)!;
            encoder.writeBytesField(c, data, 0, data.length);
          }
          break;
        }
        case BOOL:
          encoder.writeBoolField(c, col.bytes[r] !== 0);
          break;
        default: {
          const value = col.vector.getItem(r);
          if (value !== null) encoder.writeField(c, col.op === GENERIC_JSON ? JSON.parse(value as string) : value);
        }
      }
    }
    encoder.endRow();
  }
}
