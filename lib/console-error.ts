/** An error the console shows as it is: the message says what happened and what to do. */
export type ConsoleErrorCode =
  | "NOT_FOUND"
  | "NAME_TAKEN"
  /** A save based on a version older than the newest (someone else saved in between). */
  | "CONFLICT"
  | "IN_USE"
  | "NOT_EMPTY"
  | "INVALID"
  | "FORBIDDEN"
  | "TOO_MANY_ATTEMPTS"
  | "CONFIG_ERROR";

export class ConsoleError extends Error {
  constructor(
    readonly code: ConsoleErrorCode,
    message: string,
    /** The form field the error belongs to, when there is one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = "ConsoleError";
  }
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}
