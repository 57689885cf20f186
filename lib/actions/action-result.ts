import "server-only";
import { z } from "zod";
import { ConsoleError } from "@/lib/console-error";
import { fieldErrorsOf, type ActionResult } from "@/lib/schemas/common";

/** Turns what an action threw into the result its form shows. Unknown errors stay on the server. */
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
  // Rethrow Next.js control flow (redirect, notFound).
  if (error && typeof error === "object" && "digest" in error) throw error;
  console.error(error);
  return { ok: false, message: "Something went wrong on the server. The details are in the server log." };
}
