import { SyncError, type SyncErrorCode } from "../../sync-error";
import type { ReaderColumnExpression } from "../connector";
import type { OdpsReaderParameter } from "./odps-reader-parameter";
import type { CopyTextBatch, ReaderContext, ReaderPlan, RowValue, SourceColumn, SourceReader, Split } from "../connector-types";
import {
  createMaxComputeClient,
  isMaxComputeError,
  type DownloadSession,
  type MaxComputeClient,
  type MaxComputeConfig,
  type MaxComputeTableSchema,
  type PartitionSpec,
} from "./index";

export type { ReaderColumnExpression };

export type OdpsSplit = Split & {
  session: DownloadSession;
  start: number;
  count: number;
  partition: PartitionSpec | null;
};

type ColumnSource = { kind: "column"; index: number } | { kind: "partition"; name: string } | { kind: "constant"; value: string };

/** Rows per split: enough splits (about 4 per channel) to keep every channel busy, not so
 * many that per-request overhead shows; bounded so one split is a few seconds of work. */
export function rowsPerSplit(totalRows: number, concurrency: number): number {
  const target = Math.ceil(totalRows / Math.max(1, concurrency * 4));
  return Math.max(10_000, Math.min(500_000, target));
}

const MAX_CODES: Record<string, SyncErrorCode> = {
  AUTH_FAILED: "SOURCE_AUTH_FAILED",
  PROJECT_NOT_FOUND: "SOURCE_PROJECT_NOT_FOUND",
  TABLE_NOT_FOUND: "SOURCE_TABLE_NOT_FOUND",
  PARTITION_NOT_FOUND: "SOURCE_PARTITION_NOT_FOUND",
  ENDPOINT_UNREACHABLE: "SOURCE_UNREACHABLE",
  TIMEOUT: "SOURCE_UNREACHABLE",
  UNSUPPORTED_TYPE: "SOURCE_TYPE_UNSUPPORTED",
  SOURCE_CHANGED: "SOURCE_CHANGED",
};

/** Maps the MaxCompute client's errors onto the engine's codes, keeping its message. */
export function toSourceError(error: unknown): unknown {
  if (isMaxComputeError(error)) return new SyncError(MAX_CODES[error.code] ?? "SOURCE_READ_FAILED", `MaxCompute: ${error.message}`, { cause: error });
  return error;
}

export function createOdpsReader(options: {
  config: MaxComputeConfig;
  parameter: OdpsReaderParameter;
  columns: ReaderColumnExpression[];
  /** For tests: a client other than the HTTP one. */
  client?: MaxComputeClient;
}): SourceReader<OdpsSplit> {
  const { parameter } = options;
  const client = options.client ?? createMaxComputeClient(options.config);
  let sources: ColumnSource[] = [];
  let identity = false;

  return {
    async plan(context: ReaderContext): Promise<ReaderPlan<OdpsSplit>> {
      try {
        return await plan(context);
      } catch (error) {
        throw toSourceError(error);
      }
    },

    async *read(split, { signal, batchSize, log }): AsyncIterable<RowValue[][]> {
      const rows = split.session.readRows({ start: split.start, count: split.count, batchSize, signal, log });
      try {
        if (identity) {
          yield* rows;
          return;
        }
        const partitionValues = new Map(split.partition?.values ?? []);
        const width = sources.length;
        for await (const batch of rows) {
          const out: RowValue[][] = new Array(batch.length);
          for (let r = 0; r < batch.length; r++) {
            const row = batch[r]!;
            const projected: RowValue[] = new Array(width);
            for (let i = 0; i < width; i++) {
              const source = sources[i]!;
              projected[i] = source.kind === "column" ? row[source.index]! : source.kind === "constant" ? source.value : (partitionValues.get(source.name) ?? null);
            }
            out[r] = projected;
          }
          yield out;
        }
      } catch (error) {
        throw toSourceError(error);
      }
    },

    // COPY text straight from the record bytes needs the rows as downloaded: no constants,
    // no partition values, no reordering.
    readsCopyText: () => identity,

    async *readCopyText(split, { signal, batchSize, log }): AsyncIterable<CopyTextBatch> {
      try {
        yield* split.session.readCopyText({ start: split.start, count: split.count, batchSize, signal, log });
      } catch (error) {
        throw toSourceError(error);
      }
    },

    async close(): Promise<void> {
      client.close();
    },
  };

  async function plan(context: ReaderContext): Promise<ReaderPlan<OdpsSplit>> {
    const logLines: string[] = [];
    const schema = await client.getTable(parameter.table, { signal: context.signal });
    const { columns, downloadColumns } = classifyColumns(schema, options.columns);
    sources = columns.map((c) => c.source);
    identity = columns.every((c, i) => c.source.kind === "column" && c.source.index === i) && downloadColumns.length === columns.length;

    let partitions: Array<PartitionSpec | null> = [null];
    if (schema.partitionColumns.length > 0) {
      const filters = normalizeFilters(parameter.partition);
      if (filters.length === 0) {
        throw new SyncError(
          "SOURCE_PARTITION_NOT_FOUND",
          `Table ${parameter.table} is partitioned by ${schema.partitionColumns.map((c) => c.name).join(", ")}: set the reader's partition (for example ${schema.partitionColumns[0]!.name}=\${bizdate}, or * for all partitions).`,
        );
      }
      let resolved: PartitionSpec[] = [];
      try {
        resolved = await client.resolvePartitions(parameter.table, filters, { signal: context.signal });
      } catch (error) {
        if (!(parameter.successOnNoPartition && isMaxComputeError(error) && error.code === "PARTITION_NOT_FOUND")) throw error;
      }
      if (resolved.length === 0 && !parameter.successOnNoPartition) {
        throw new SyncError("SOURCE_PARTITION_NOT_FOUND", `No partition of ${parameter.table} matches ${filters.join(" or ")}: check the filter and the business date.`);
      }
      partitions = resolved;
      logLines.push(`Reader: ${resolved.length} partition${resolved.length === 1 ? "" : "s"} of ${parameter.table} match ${filters.join(", ")}${resolved.length > 0 ? `: ${resolved.slice(0, 10).map((p) => p.text).join("; ")}${resolved.length > 10 ? "; ..." : ""}` : ""}.`);
    } else if (normalizeFilters(parameter.partition).some((f) => f !== "*")) {
      throw new SyncError("SOURCE_PARTITION_NOT_FOUND", `Table ${parameter.table} is not partitioned: clear the reader's partition.`);
    }

    // Open one download session per partition (a few at a time) to learn the row counts.
    const sessions: Array<{ partition: PartitionSpec | null; session: DownloadSession }> = new Array(partitions.length);
    let nextIndex = 0;
    const openNext = async (): Promise<void> => {
      while (nextIndex < partitions.length) {
        const i = nextIndex++;
        const partition = partitions[i]!;
        const session = await client.openDownloadSession({
          table: parameter.table,
          partition: partition?.text,
          columns: downloadColumns,
          signal: context.signal,
        });
        sessions[i] = { partition, session };
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, partitions.length) }, openNext));
    const totalRecords = sessions.reduce((sum, s) => sum + s.session.recordCount, 0);
    const perSplit = rowsPerSplit(totalRecords, context.concurrency);
    const splits: OdpsSplit[] = [];
    for (const { partition, session } of sessions) {
      for (let start = 0; start < session.recordCount; start += perSplit) {
        const count = Math.min(perSplit, session.recordCount - start);
        splits.push({
          id: splits.length,
          label: `${partition ? `${partition.text} ` : ""}rows ${start}-${start + count - 1}`,
          recordCount: count,
          session,
          start,
          count,
          partition,
        });
      }
    }
    logLines.push(`Reader: ${sessions.length} download session${sessions.length === 1 ? "" : "s"}, ${totalRecords} records, ${splits.length} split${splits.length === 1 ? "" : "s"} of up to ${perSplit} rows.`);
    return { columns: columns.map((c) => c.column), splits, totalRecords, logLines };
  }
}

function normalizeFilters(partition: string | string[] | undefined): string[] {
  if (partition === undefined) return [];
  return (Array.isArray(partition) ? partition : [partition]).map((f) => f.trim()).filter((f) => f.length > 0);
}

function classifyColumns(
  schema: MaxComputeTableSchema,
  expressions: ReaderColumnExpression[],
): { columns: Array<{ column: SourceColumn; source: ColumnSource }>; downloadColumns: string[] } {
  const expanded: ReaderColumnExpression[] =
    expressions.length === 1 && expressions[0]!.text === "*" && !expressions[0]!.fromParameter
      ? schema.columns.map((c) => ({ text: c.name, fromParameter: false }))
      : expressions;
  const downloadColumns: string[] = [];
  const missing: string[] = [];
  const columns: Array<{ column: SourceColumn; source: ColumnSource }> = [];
  for (const expression of expanded) {
    const text = expression.text;
    if (expression.fromParameter) {
      columns.push({ column: { name: text, type: "string", kind: "constant" }, source: { kind: "constant", value: text } });
      continue;
    }
    const quoted = /^'(.*)'$/s.exec(text);
    if (quoted) {
      const value = quoted[1]!.replace(/''/g, "'");
      columns.push({ column: { name: text, type: "string", kind: "constant" }, source: { kind: "constant", value } });
      continue;
    }
    const lower = text.toLowerCase();
    const column = schema.columns.find((c) => c.name.toLowerCase() === lower);
    if (column) {
      let index = downloadColumns.indexOf(column.name);
      if (index < 0) {
        index = downloadColumns.length;
        downloadColumns.push(column.name);
      }
      columns.push({ column: { name: column.name, type: column.type, kind: "column" }, source: { kind: "column", index } });
      continue;
    }
    const partition = schema.partitionColumns.find((c) => c.name.toLowerCase() === lower);
    if (partition) {
      columns.push({ column: { name: partition.name, type: partition.type, kind: "partition" }, source: { kind: "partition", name: partition.name } });
      continue;
    }
    missing.push(text);
  }
  if (missing.length > 0) {
    throw new SyncError(
      "SOURCE_COLUMN_NOT_FOUND",
      `Reader column${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")} ${missing.length > 1 ? "are" : "is"} not in ${schema.name} (columns: ${schema.columns.map((c) => c.name).join(", ")}${schema.partitionColumns.length > 0 ? `; partition columns: ${schema.partitionColumns.map((c) => c.name).join(", ")}` : ""}). Write constants in single quotes ('abc').`,
      { details: { columns: missing } },
    );
  }
  // The Tunnel needs at least one column even when the job maps only constants and partition columns.
  if (downloadColumns.length === 0 && schema.columns[0]) downloadColumns.push(schema.columns[0].name);
  return { columns, downloadColumns };
}
