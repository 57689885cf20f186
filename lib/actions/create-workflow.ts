"use server";
import { revalidatePath } from "next/cache";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { createWorkflow as insertWorkflow } from "@/lib/data/workflows";
import type { ActionResult } from "@/lib/schemas/common";
import { workflowFormSchema } from "@/lib/schemas/workflow";
import { failure } from "./action-result";

export async function createWorkflow(input: unknown): Promise<ActionResult<{ id: string }>> {
  try {
    const { workspace } = await requireConsoleContext();
    const created = await insertWorkflow(workspace.id, workflowFormSchema.parse(input));
    revalidatePath("/workflows", "layout");
    return { ok: true, data: created };
  } catch (error) {
    return failure(error);
  }
}
