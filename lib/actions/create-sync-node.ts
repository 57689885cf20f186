"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import { createSyncNode as insertSyncNode } from "@/lib/data/workflows";
import { createSyncNodeFormSchema } from "@/lib/schemas/workflow";

export const createSyncNode = authedAction("edit", createSyncNodeFormSchema, async (form, { user, workspace }) => {
  const created = await insertSyncNode(workspace.id, form, user.username);
  revalidatePath("/workflows", "layout");
  return created;
});
