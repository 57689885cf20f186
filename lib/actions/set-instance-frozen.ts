"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import * as instanceActions from "@/lib/scheduling/instance-actions";
import { schedulerNow } from "@/lib/scheduling/scheduler-clock";
import { instanceFreezeInputSchema } from "@/lib/schemas/instance";

/** Freeze or Unfreeze one instance. Operating production instances is DataWorks' O&M work (deploy permission). */
export const setInstanceFrozen = authedAction("deploy", instanceFreezeInputSchema, async (input, { user, workspace }) => {
  const act = { workspaceId: workspace.id, instanceId: input.instanceId, by: user.username, now: schedulerNow() };
  await instanceActions.setInstanceFrozen({ ...act, frozen: input.frozen });
  revalidatePath("/operation-center", "layout");
});
