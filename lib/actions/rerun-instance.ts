"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import * as instanceActions from "@/lib/scheduling/instance-actions";
import { schedulerNow } from "@/lib/scheduling/scheduler-clock";
import { instanceIdInputSchema } from "@/lib/schemas/instance";

/** Rerun: a succeeded or failed instance waits for the scheduler again, as the node's Rerun property allows. Operating production instances is DataWorks' O&M work (deploy permission). */
export const rerunInstance = authedAction("deploy", instanceIdInputSchema, async ({ instanceId }, { user, workspace }) => {
  await instanceActions.rerunInstance({ workspaceId: workspace.id, instanceId, by: user.username, now: schedulerNow() });
  revalidatePath("/operation-center", "layout");
});
