"use server";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { describeWorkflowContents } from "@/lib/data/workflows";
import type { ActionResult } from "@/lib/schemas/common";
import { failure } from "./action-result";

/** What deleting a workflow would remove, for the confirmation dialog. */
export async function describeWorkflow(id: string): Promise<ActionResult<{ name: string; nodes: number; runs: number }>> {
  try {
    const { workspace } = await requireConsoleContext();
    return { ok: true, data: await describeWorkflowContents(workspace.id, String(id)) };
  } catch (error) {
    return failure(error);
  }
}
