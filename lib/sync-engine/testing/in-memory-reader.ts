import type { RowValue, SourceColumn, SourceReader, Split } from "../connectors/connector-types";
import { defaultConnectorRegistry, type ConnectorRegistry } from "../connectors";

/** Test helper: a reader over rows in memory, split in ranges like a download session. */
export function createInMemoryReader(options: {
  columns: SourceColumn[];
  rows: RowValue[][] | ((index: number) => RowValue[]);
  rowCount?: number;
  rowsPerSplit?: number;
  /** Delay per yielded batch, to make a run slow enough to cancel. */
  delayMs?: number;
}): SourceReader {
  const total = Array.isArray(options.rows) ? options.rows.length : options.rowCount ?? 0;
  const rowAt = (i: number): RowValue[] => (Array.isArray(options.rows) ? [...options.rows[i]!] : options.rows(i));
  const perSplit = options.rowsPerSplit ?? 1000;
  type RangeSplit = Split & { start: number; count: number };
  return {
    async plan() {
      const splits: RangeSplit[] = [];
      for (let start = 0; start < total; start += perSplit) {
        const count = Math.min(perSplit, total - start);
        splits.push({ id: splits.length, label: `rows ${start}-${start + count - 1}`, recordCount: count, start, count });
      }
      return { columns: options.columns, splits, totalRecords: total, logLines: [`Reader: ${total} rows in memory.`] };
    },
    async *read(split, { signal, batchSize }) {
      const { start, count } = split as RangeSplit;
      for (let offset = 0; offset < count; offset += batchSize) {
        signal.throwIfAborted();
        if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
        const batch: RowValue[][] = [];
        for (let i = offset; i < Math.min(count, offset + batchSize); i++) batch.push(rowAt(start + i));
        yield batch;
      }
    },
    async close() {},
  };
}

/** The default registry with the odps reader replaced by `reader`. */
export function registryWithReader(reader: SourceReader): ConnectorRegistry {
  return { ...defaultConnectorRegistry, readers: { odps: { dataSourceTypes: ["odps"], create: () => reader } } };
}
