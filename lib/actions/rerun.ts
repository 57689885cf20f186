"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import { queueRerun } from "@/lib/data/runs";
import { runIdInputSchema } from "@/lib/schemas/run";

/** Queues a new run with the ended run's spec snapshot, parameters and bizdate. */
export const rerun = authedAction("run", runIdInputSchema, async ({ runId }, { user, workspace }) => {
  const queued = await queueRerun(workspace.id, runId, user.username);
  revalidatePath("/runs");
  return queued;
});
