"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import * as instanceActions from "@/lib/scheduling/instance-actions";
import { nodeFreezeInputSchema } from "@/lib/schemas/instance";

/** Freeze or Unfreeze a deployed node: instances generated from now on are frozen (O&M work, deploy permission). */
export const setNodeFrozen = authedAction("deploy", nodeFreezeInputSchema, async ({ nodeId, frozen }, { workspace }) => {
  await instanceActions.setNodeFrozen({ workspaceId: workspace.id, nodeId, frozen });
  revalidatePath("/operation-center", "layout");
});
