"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import * as instanceActions from "@/lib/scheduling/instance-actions";
import { schedulerNow } from "@/lib/scheduling/scheduler-clock";
import { instanceIdInputSchema } from "@/lib/schemas/instance";

/** Set to Succeeded: any state but Running becomes succeeded, so what waits on it may go on. Operating production instances is DataWorks' O&M work (deploy permission). */
export const setInstanceSucceeded = authedAction("deploy", instanceIdInputSchema, async ({ instanceId }, { user, workspace }) => {
  await instanceActions.setInstanceSucceeded({ workspaceId: workspace.id, instanceId, by: user.username, now: schedulerNow() });
  revalidatePath("/operation-center", "layout");
});
