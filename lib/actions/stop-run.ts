"use server";
import { revalidatePath } from "next/cache";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { requestRunStop } from "@/lib/data/runs";
import type { ActionResult } from "@/lib/schemas/common";
import { runIdInputSchema, type RunStatusName } from "@/lib/schemas/run";
import { failure } from "./action-result";

/** Stops a run: a queued run is cancelled at once; a running one within a few seconds (status stays `running` until its worker ends it). */
export async function stopRun(input: { runId: string }): Promise<ActionResult<{ status: RunStatusName }>> {
  try {
    const { user, workspace } = await requireConsoleContext();
    const { runId } = runIdInputSchema.parse(input);
    const result = await requestRunStop(workspace.id, runId, user.username);
    revalidatePath("/runs");
    return { ok: true, data: result };
  } catch (error) {
    return failure(error);
  }
}
