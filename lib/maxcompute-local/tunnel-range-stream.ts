import type { DuckDBVector } from "@duckdb/node-api";
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
    try {
      // Strings are selected as BLOB (encode() = the UTF-8 bytes, no escape processing) so
      // their bytes can be copied without decoding them into JS strings and back.
      const select = selected.map((c) => (c.kind === "VARCHAR" ? `encode(${c.physical})` : c.physical)).join(", ");
      // No ORDER BY: DuckDB keeps insertion order (preserve_insertion_order), and _seq was
      // assigned in insertion order, so the scan returns the range in order without a sort
      // that would have to see the whole range first.
      const sql = `SELECT ${select} FROM "t_${table.name}" WHERE _pt = $1 AND _seq >= $2 AND _seq < $3`;
      const result = await connection.stream(sql, [spec, BigInt(start), BigInt(start + count)]);
      const kinds = selected.map((c) => c.kind);
      for (;;) {
        if (signal?.aborted) break;
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const rows = chunk.rowCount;
        const writers = kinds.map((kind, i) => cellWriter(encoder, i, kind, chunk.getColumnVector(i)));
        const columns = writers.length;
        for (let r = 0; r < rows; r++) {
          encoder.beginRow();
          for (let c = 0; c < columns; c++) writers[c](r);
          encoder.endRow();
        }
        const bytes = encoder.takeBytes();
        if (bytes) await write(bytes);
      }
    } finally {
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

/** A function writing cell `r` of one column (nothing when NULL). */
function cellWriter(encoder: TunnelRecordEncoder, index: number, kind: StorageKind, vector: DuckDBVector): (r: number) => void {
  const internals = vector as unknown as Internals;
  const validityData = internals.validity?.data;
  const fastValidity = internals.validity !== undefined && (internals.validity.offset ?? 0) === 0;
  const bits = validityData ? new Uint8Array(validityData.buffer, validityData.byteOffset, validityData.byteLength) : null;
  const valid = bits ? (r: number) => ((bits[r >> 3] >> (r & 7)) & 1) === 1 : () => true;
  const items = internals.items;
  const generic = (r: number) => {
    const value = vector.getItem(r);
    if (value === null) return;
    if (kind === "JSON") encoder.writeField(index, JSON.parse(value as string));
    else encoder.writeField(index, value);
  };
  if (!fastValidity) return generic;

  switch (kind) {
    case "TINYINT":
    case "SMALLINT":
    case "INTEGER": {
      if (!items) return generic;
      return (r) => {
        if (valid(r)) encoder.writeIntField(index, items[r]);
      };
    }
    case "BIGINT": {
      if (!items) return generic;
      const halves = new Int32Array(items.buffer, items.byteOffset, items.byteLength / 4);
      return (r) => {
        if (valid(r)) encoder.writeInt64Field(index, halves[2 * r], halves[2 * r + 1]);
      };
    }
    case "DOUBLE":
    case "FLOAT": {
      if (!items) return generic;
      const bytes = new Uint8Array(items.buffer, items.byteOffset, items.byteLength);
      const width = kind === "DOUBLE" ? 8 : 4;
      return (r) => {
        if (valid(r)) encoder.writeFixedField(index, bytes, r * width, width);
      };
    }
    case "VARCHAR":
    case "BLOB": {
      const view = internals.dataView;
      const getItemBytes = internals.getItemBytes?.bind(vector);
      if (!view || !getItemBytes) return generic;
      const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
      if (view.byteOffset % 4 !== 0) return generic;
      const words = new Uint32Array(view.buffer, view.byteOffset, view.byteLength >> 2);
      // DuckDB string_t: 4-byte length, then up to 12 bytes inline, else a prefix and a pointer.
      return (r) => {
        if (bits !== null && ((bits[r >> 3] >> (r & 7)) & 1) === 0) return;
        const length = words[r * 4];
        if (length <= 12) encoder.writeBytesField(index, bytes, r * 16 + 4, length);
        else {
          const data = getItemBytes(r)!;
          encoder.writeBytesField(index, data, 0, data.length);
        }
      };
    }
    case "BOOLEAN": {
      const view = internals.dataView;
      if (!view) return generic;
      return (r) => {
        if (valid(r)) encoder.writeBoolField(index, view.getUint8(r) !== 0);
      };
    }
    default:
      return generic;
  }
}
