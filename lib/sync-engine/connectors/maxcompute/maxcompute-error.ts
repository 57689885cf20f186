/** The closed set of failures the MaxCompute connector reports. */
export type MaxComputeErrorCode =
  | "AUTH_FAILED"
  | "PROJECT_NOT_FOUND"
  | "TABLE_NOT_FOUND"
  | "PARTITION_NOT_FOUND"
  | "ENDPOINT_UNREACHABLE"
  | "TIMEOUT"
  | "CHECKSUM_MISMATCH"
  | "UNSUPPORTED_TYPE"
  | "BAD_REQUEST"
  | "SERVER_ERROR"
  /** The table or partition changed while it was being read (a new session counts other rows). */
  | "SOURCE_CHANGED";

export type MaxComputeErrorDetails = {
  /** HTTP status of the response that failed, when there was one. */
  status?: number;
  /** The service's own error code (`NoSuchTable`, `SignatureNotMatch`, ...). */
  serviceCode?: string;
  requestId?: string;
  /** True when repeating the same request may succeed (network trouble, 5xx). */
  retryable?: boolean;
  cause?: unknown;
};

/**
 * A MaxCompute failure with a code the engine and the console map to user text.
 * Messages name the thing that failed (project, table, partition, AccessKey ID) and say
 * what to do; they never contain the AccessKey secret.
 */
export class MaxComputeError extends Error {
  readonly code: MaxComputeErrorCode;
  readonly status?: number;
  readonly serviceCode?: string;
  readonly requestId?: string;
  readonly retryable: boolean;

  constructor(code: MaxComputeErrorCode, message: string, details: MaxComputeErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "MaxComputeError";
    this.code = code;
    this.status = details.status;
    this.serviceCode = details.serviceCode;
    this.requestId = details.requestId;
    this.retryable = details.retryable ?? false;
  }
}

export function isMaxComputeError(error: unknown): error is MaxComputeError {
  return error instanceof MaxComputeError;
}
