"use server";
import { revalidatePath } from "next/cache";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { renameWorkflow as storeWorkflow } from "@/lib/data/workflows";
import type { ActionResult } from "@/lib/schemas/common";
import { workflowFormSchema } from "@/lib/schemas/workflow";
import { failure } from "./action-result";

export async function renameWorkflow(id: string, input: unknown): Promise<ActionResult> {
  try {
    const { workspace } = await requireConsoleContext();
    await storeWorkflow(workspace.id, String(id), workflowFormSchema.parse(input));
    revalidatePath("/workflows", "layout");
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}
