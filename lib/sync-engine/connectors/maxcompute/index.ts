export {
  createMaxComputeClient,
  type MaxComputeClient,
  type MaxComputeConfig,
  type MaxComputeColumn,
  type MaxComputeTableSchema,
  type MaxComputeTableSummary,
  type OpenDownloadSessionOptions,
} from "./maxcompute-client";
export { type DownloadSession, type ReadRowsOptions } from "./download-session";
export { MaxComputeError, isMaxComputeError, type MaxComputeErrorCode } from "./maxcompute-error";
export { type MaxComputeValue, type MaxComputeTimestamp, formatEpochDay, toJson as maxComputeValueToJson, formatTimestamp } from "./maxcompute-value";
export {
  type PartitionSpec,
  parsePartitionSpec,
  parsePartitionPairs,
  partitionSpecFromValues,
  formatPartitionSpec,
  partitionValueProblem,
  tunnelPartitionParameter,
  PARTITION_VALUE_MAX_BYTES,
} from "./partition-spec";
export { compilePartitionFilter, resolvePartitionFilters } from "./partition-filter";
export { parseColumnType, formatColumnType, normalizeColumnTypeText, type ColumnType } from "./column-type";
export { TunnelRecordDecoder } from "./tunnel-record-decoder";
export { TunnelCopyTextDecoder, type CopyTextBatch } from "./tunnel-copy-text-decoder";
