"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import * as backfills from "@/lib/scheduling/backfill";
import { schedulerNow } from "@/lib/scheduling/scheduler-clock";
import { backfillIdInputSchema } from "@/lib/schemas/backfill";

/** Stop all: stops a backfill's running instances and fails those not started. */
export const stopBackfill = authedAction("deploy", backfillIdInputSchema, async ({ backfillId }, { user, workspace }) => {
  await backfills.stopBackfill({ workspaceId: workspace.id, backfillId, by: user.username, now: schedulerNow() });
  revalidatePath("/operation-center", "layout");
});
