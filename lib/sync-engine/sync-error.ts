/**
 * The one error type the sync engine throws. Codes form a closed set so that the console
 * can map each one to UI text in one place; messages say what to fix and never carry a
 * secret (passwords, AccessKey secrets) or a stack trace.
 */
export const SYNC_ERROR_CODES = [
  "INVALID_JOB_SPEC",
  "UNRESOLVED_PARAMETER",
  "INVALID_PARAMETER",
  "DATASOURCE_NOT_FOUND",
  "DATASOURCE_TYPE_MISMATCH",
  "UNSUPPORTED_STEP_TYPE",
  "SOURCE_AUTH_FAILED",
  "SOURCE_UNREACHABLE",
  "SOURCE_READ_FAILED",
  "SOURCE_PROJECT_NOT_FOUND",
  "SOURCE_TABLE_NOT_FOUND",
  "SOURCE_COLUMN_NOT_FOUND",
  "SOURCE_PARTITION_NOT_FOUND",
  "SOURCE_TYPE_UNSUPPORTED",
  "SOURCE_CHANGED",
  "SOURCE_QUERY_INVALID",
  "SOURCE_SPLIT_PK_INVALID",
  "SOURCE_CONNECTION_LOST",
  "TARGET_AUTH_FAILED",
  "TARGET_DATABASE_NOT_FOUND",
  "TARGET_UNREACHABLE",
  "TARGET_TIMEOUT",
  "TARGET_TABLE_NOT_FOUND",
  "TARGET_COLUMN_NOT_FOUND",
  "TARGET_TYPE_MISMATCH",
  "TARGET_PARTITION_INVALID",
  "IDENTIFIER_TOO_LONG",
  "TARGET_WRITE_FAILED",
  "TARGET_CONNECTION_LOST",
  "COLUMN_COUNT_MISMATCH",
  "PRE_SQL_FAILED",
  "POST_SQL_FAILED",
  "DIRTY_LIMIT_EXCEEDED",
  "VERIFICATION_FAILED",
  "CANCELLED",
  "INTERNAL",
] as const;

export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

export class SyncError extends Error {
  readonly code: SyncErrorCode;
  /** Extra facts for the UI (column names, parameter name); never secrets. */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: SyncErrorCode, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "SyncError";
    this.code = code;
    this.details = options?.details;
  }
}

export function isSyncError(error: unknown): error is SyncError {
  return error instanceof SyncError;
}

/** Wraps anything thrown into a SyncError, keeping SyncErrors as they are. */
export function toSyncError(error: unknown, fallbackCode: SyncErrorCode, context: string): SyncError {
  if (error instanceof SyncError) return error;
  if (isAbortError(error)) return new SyncError("CANCELLED", "The run was cancelled.");
  const message = error instanceof Error ? error.message : String(error);
  // Errors from other layers (for example the MaxCompute client) may carry their own codes.
  const foreignCode = typeof (error as { code?: unknown })?.code === "string" ? (error as { code: string }).code : undefined;
  const mapped = foreignCode && (SYNC_ERROR_CODES as readonly string[]).includes(foreignCode) ? (foreignCode as SyncErrorCode) : fallbackCode;
  return new SyncError(mapped, `${context}: ${message}`, { cause: error });
}

export function isAbortError(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === "AbortError" || (error as { code?: unknown }).code === "ABORT_ERR" || (error instanceof SyncError && error.code === "CANCELLED"))
  );
}
