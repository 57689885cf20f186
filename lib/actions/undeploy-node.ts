"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import { undeployNode as takeOutOfProduction } from "@/lib/data/node-versions";
import { undeployNodeInputSchema } from "@/lib/schemas/instance";

/** Auto Triggered Nodes > Undeploy: the node leaves production (O&M work, deploy permission). */
export const undeployNode = authedAction("deploy", undeployNodeInputSchema, async ({ nodeId }, { user, workspace }) => {
  const result = await takeOutOfProduction({ workspaceId: workspace.id, nodeId, undeployedBy: user.username });
  revalidatePath("/operation-center", "layout");
  revalidatePath("/deploy");
  revalidatePath("/workflows", "layout");
  return result;
});
