"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import * as instanceActions from "@/lib/scheduling/instance-actions";
import { schedulerNow } from "@/lib/scheduling/scheduler-clock";
import { instanceIdInputSchema } from "@/lib/schemas/instance";

/** Stop: the instance fails with "Stopped by <user>" and its current run is stopped. Operating production instances is DataWorks' O&M work (deploy permission). */
export const stopInstance = authedAction("deploy", instanceIdInputSchema, async ({ instanceId }, { user, workspace }) => {
  await instanceActions.stopInstance({ workspaceId: workspace.id, instanceId, by: user.username, now: schedulerNow() });
  revalidatePath("/operation-center", "layout");
});
