"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import { requestRunStop } from "@/lib/data/runs";
import { runIdInputSchema } from "@/lib/schemas/run";

/** Stops a run: a queued run is cancelled at once; a running one within a few seconds (status stays `running` until its worker ends it). */
export const stopRun = authedAction("run", runIdInputSchema, async ({ runId }, { user, workspace }) => {
  const result = await requestRunStop(workspace.id, runId, user.username);
  revalidatePath("/runs");
  return result;
});
