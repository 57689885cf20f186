import "server-only";
import { z } from "zod";
import { ConsoleError } from "@/lib/console-error";
import { isMaxComputeError } from "@/lib/sync-engine/connectors/maxcompute";
import { SyncError } from "@/lib/sync-engine/sync-error";
import { fieldErrorsOf, type ActionResult } from "@/lib/schemas/common";

/** Next.js control flow (redirect, notFound) travels as errors with a digest; it must go on. */
export function isNextControlFlow(error: unknown): boolean {
  return Boolean(error && typeof error === "object" && "digest" in error && typeof (error as { digest: unknown }).digest === "string" && /^NEXT_/.test((error as { digest: string }).digest));
}

/**
 * Turns what an action threw into the result its form shows: field errors for invalid
 * input, the message of console and connector errors (they say what to do and never carry
 * secrets), and a generic line for anything else, whose details stay in the server log.
 */
export function failure(error: unknown): Extract<ActionResult, { ok: false }> {
  if (error instanceof z.ZodError) {
    return { ok: false, message: "Some fields need attention.", fieldErrors: fieldErrorsOf(error) };
  }
  if (error instanceof ConsoleError) {
    return {
      ok: false,
      message: error.message,
      fieldErrors: error.field ? { [error.field]: [error.message] } : undefined,
    };
  }
  if (isMaxComputeError(error) || error instanceof SyncError) return { ok: false, message: error.message };
  if (isNextControlFlow(error)) throw error;
  console.error(error);
  return { ok: false, message: "Something went wrong on the server. The details are in the server log." };
}
