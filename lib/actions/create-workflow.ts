"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import { createWorkflow as insertWorkflow } from "@/lib/data/workflows";
import { workflowFormSchema } from "@/lib/schemas/workflow";

export const createWorkflow = authedAction("edit", workflowFormSchema, async (form, { workspace }) => {
  const created = await insertWorkflow(workspace.id, form);
  revalidatePath("/workflows", "layout");
  return created;
});
