"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import { deleteWorkflow as removeWorkflow } from "@/lib/data/workflows";
import { idInputSchema } from "@/lib/schemas/common";

export const deleteWorkflow = authedAction("edit", idInputSchema, async ({ id }, { workspace }) => {
  await removeWorkflow(workspace.id, id);
  revalidatePath("/workflows", "layout");
});
