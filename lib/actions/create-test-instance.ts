"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import * as instanceActions from "@/lib/scheduling/instance-actions";
import { schedulerNow } from "@/lib/scheduling/scheduler-clock";
import { testInstanceInputSchema } from "@/lib/schemas/instance";

/**
 * Test: a test instance of a deployed node for a chosen business date, started now. Whoever
 * may run nodes may test them (DataWorks lets developers test in Operation Center).
 */
export const createTestInstance = authedAction("run", testInstanceInputSchema, async ({ nodeId, bizdate }, { user, workspace }) => {
  const created = await instanceActions.createTestInstance({ workspaceId: workspace.id, nodeId, bizdate, by: user.username, now: schedulerNow() });
  revalidatePath("/operation-center", "layout");
  return created;
});
