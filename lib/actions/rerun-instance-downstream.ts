"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import * as instanceActions from "@/lib/scheduling/instance-actions";
import { schedulerNow } from "@/lib/scheduling/scheduler-clock";
import { instanceIdInputSchema } from "@/lib/schemas/instance";

/** Rerun Downstream: the instance reruns and its same-cycle descendants run again after their parents. O&M work (deploy permission), as Rerun. */
export const rerunInstanceDownstream = authedAction("deploy", instanceIdInputSchema, async ({ instanceId }, { user, workspace }) => {
  const result = await instanceActions.rerunInstanceDownstream({ workspaceId: workspace.id, instanceId, by: user.username, now: schedulerNow() });
  revalidatePath("/operation-center", "layout");
  return result;
});
