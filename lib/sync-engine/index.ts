/** The sync engine's public API for the console, the workers and the CLI. */
export { runJob, resolveJob, formatRunSummary, type RunJobOptions, type RunReport, type RunStatus, type RunLogLine, type ResolvedJob } from "./runner";
export type { RunProgress } from "./channel/progress-tracker";
export { formatProgressLine } from "./channel/progress-tracker";
export { MAX_KEPT_DIRTY_RECORDS } from "./channel/dirty-record-collector";
export {
  jobSpecSchema,
  parseJobSpec,
  safeParseJobSpec,
  dirtyRecordLimit,
  listJobSpecParameters,
  formatJsonPath,
  type JobSpec,
  type JobSpecInput,
  type JobSpecIssue,
  type JobSpecParseResult,
  type SpecParameter,
  type WriteMode,
  type ConflictMode,
} from "./job-spec";
export {
  resolveSchedulingParameters,
  createParameterResolver,
  listParameterReferences,
  parseNodeArguments,
  type SchedulingContext,
  type ParameterReference,
} from "./scheduling-parameters";
export { SyncError, SYNC_ERROR_CODES, isSyncError, type SyncErrorCode } from "./sync-error";
export { quoteIdentifier, quoteQualifiedName, parseQualifiedName } from "./sql-identifier";
export { defaultConnectorRegistry, type DataSourceConfig, type ConnectorRegistry, type DirtyRecord } from "./connectors";
