"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import { renameWorkflow as storeWorkflow } from "@/lib/data/workflows";
import { renameWorkflowInputSchema } from "@/lib/schemas/workflow";

export const renameWorkflow = authedAction("edit", renameWorkflowInputSchema, async ({ id, ...form }, { workspace }) => {
  await storeWorkflow(workspace.id, id, form);
  revalidatePath("/workflows", "layout");
});
