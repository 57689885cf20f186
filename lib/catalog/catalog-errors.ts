import { ConsoleError } from "@/lib/console-error";
import { isMaxComputeError } from "@/lib/sync-engine/connectors/maxcompute";
import { SyncError } from "@/lib/sync-engine/sync-error";

/** Connector errors already say what to do; anything else stays in the server log. */
export function catalogErrorMessage(error: unknown): { status: number; message: string } {
  if (error instanceof ConsoleError) return { status: error.code === "NOT_FOUND" ? 404 : 400, message: error.message };
  if (isMaxComputeError(error)) return { status: 502, message: error.message };
  if (error instanceof SyncError) return { status: 502, message: error.message };
  console.error(error);
  return { status: 500, message: "The server could not read the catalog. The details are in the server log." };
}
