"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import { queueRun } from "@/lib/data/runs";
import { startRunInputSchema } from "@/lib/schemas/run";

/**
 * Queues a run of a node on its resource group (or `default`). The node's job spec is
 * validated and every parameter it uses must resolve (bizdate defaults to yesterday); an
 * unresolved one is refused with a field error `parameters.<name>`. Nothing runs here.
 */
export const startRun = authedAction("run", startRunInputSchema, async ({ nodeId, parameters }, { user, workspace }) => {
  const queued = await queueRun({ workspaceId: workspace.id, nodeId, parameters, triggeredBy: user.username });
  revalidatePath("/runs");
  return queued;
});
