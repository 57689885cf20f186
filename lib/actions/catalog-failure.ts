import "server-only";
import { z } from "zod";
import { ConsoleError } from "@/lib/console-error";
import { catalogErrorMessage } from "@/lib/catalog/catalog-errors";
import type { ActionResult } from "@/lib/schemas/common";
import { failure } from "./action-result";

/** Like failure(), but connector errors (which already say what to do) pass through. */
export function catalogFailure(error: unknown): Extract<ActionResult, { ok: false }> {
  if (error instanceof z.ZodError || error instanceof ConsoleError) return failure(error);
  if (error && typeof error === "object" && "digest" in error) throw error;
  return { ok: false, message: catalogErrorMessage(error).message };
}
