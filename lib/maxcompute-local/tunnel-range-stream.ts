import type { LocalMaxComputeCatalog, LocalTable } from "./local-maxcompute-catalog";
import { TunnelRecordEncoder } from "./tunnel-record-encoder";

/**
 * Streams rows [start, start + count) of one partition as a Tunnel record stream: DuckDB
 * data chunks (2048 rows) -> encoder -> 64 KiB pieces handed to `write`, which returns a
 * promise when the consumer needs to catch up (HTTP backpressure). Only one DuckDB chunk
 * and one encoder buffer are in memory at a time.
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
  const selected = columnIndexes.map((i) => compiled[i]);
  const encoder = new TunnelRecordEncoder(selected.map((c) => ({ name: c.name, type: table.columns[compiled.indexOf(c)].type })));
  if (count > 0 && selected.length > 0) {
    const connection = await catalog.connect();
    try {
      // No ORDER BY: DuckDB keeps insertion order (preserve_insertion_order), and _seq was
      // assigned in insertion order, so the scan already returns the range in order
      // without a sort that would have to see the whole range first.
      const sql = `SELECT ${selected.map((c) => c.physical).join(", ")} FROM "t_${table.name}" WHERE _pt = $1 AND _seq >= $2 AND _seq < $3`;
      const result = await connection.stream(sql, [spec, BigInt(start), BigInt(start + count)]);
      const kinds = selected.map((c) => c.kind);
      const row: unknown[] = new Array(selected.length);
      for (;;) {
        if (signal?.aborted) break;
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const vectors = kinds.map((_, i) => chunk.getColumnVector(i));
        const rows = chunk.rowCount;
        for (let r = 0; r < rows; r++) {
          for (let c = 0; c < vectors.length; c++) {
            const kind = kinds[c];
            if (kind === "BLOB") {
              row[c] = (vectors[c] as unknown as { getItemBytes(i: number): Uint8Array | null }).getItemBytes(r);
            } else if (kind === "JSON") {
              const text = vectors[c].getItem(r) as string | null;
              row[c] = text === null ? null : JSON.parse(text);
            } else {
              row[c] = vectors[c].getItem(r);
            }
          }
          encoder.writeRow(row);
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
