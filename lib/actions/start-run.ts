"use server";
import { revalidatePath } from "next/cache";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { queueRun } from "@/lib/data/runs";
import type { ActionResult } from "@/lib/schemas/common";
import { startRunInputSchema, type StartRunInput } from "@/lib/schemas/run";
import { failure } from "./action-result";

/**
 * Queues a run of a node on its resource group (or `default`). The node's job spec is
 * validated and every parameter it uses must resolve (bizdate defaults to yesterday); an
 * unresolved one is refused with a field error `parameters.<name>`. Nothing runs here.
 */
export async function startRun(input: StartRunInput): Promise<ActionResult<{ runId: string }>> {
  try {
    const { user, workspace } = await requireConsoleContext();
    const { nodeId, parameters } = startRunInputSchema.parse(input);
    const queued = await queueRun({ workspaceId: workspace.id, nodeId, parameters, triggeredBy: user.username });
    revalidatePath("/runs");
    return { ok: true, data: queued };
  } catch (error) {
    return failure(error);
  }
}
