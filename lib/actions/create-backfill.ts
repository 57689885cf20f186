"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import * as backfills from "@/lib/scheduling/backfill";
import { schedulerNow } from "@/lib/scheduling/scheduler-clock";
import { createBackfillInputSchema } from "@/lib/schemas/backfill";

/** Data Backfill: runs a deployed node for past (or future) business dates. Operating production is DataWorks' O&M work (deploy permission). */
export const createBackfill = authedAction("deploy", createBackfillInputSchema, async ({ nodeId, request, excludedNodeIds }, { user, workspace }) => {
  const created = await backfills.createBackfill({ workspaceId: workspace.id, nodeId, request, excludedNodeIds, by: user.username, now: schedulerNow() });
  revalidatePath("/operation-center", "layout");
  return created;
});
