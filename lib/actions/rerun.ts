"use server";
import { revalidatePath } from "next/cache";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { queueRerun } from "@/lib/data/runs";
import type { ActionResult } from "@/lib/schemas/common";
import { runIdInputSchema } from "@/lib/schemas/run";
import { failure } from "./action-result";

/** Queues a new run with the ended run's spec snapshot, parameters and bizdate. */
export async function rerun(input: { runId: string }): Promise<ActionResult<{ runId: string }>> {
  try {
    const { user, workspace } = await requireConsoleContext();
    const { runId } = runIdInputSchema.parse(input);
    const queued = await queueRerun(workspace.id, runId, user.username);
    revalidatePath("/runs");
    return { ok: true, data: queued };
  } catch (error) {
    return failure(error);
  }
}
