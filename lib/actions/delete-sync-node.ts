"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import { deleteSyncNode as removeSyncNode } from "@/lib/data/workflows";
import { idInputSchema } from "@/lib/schemas/common";

export const deleteSyncNode = authedAction("edit", idInputSchema, async ({ id }, { workspace }) => {
  await removeSyncNode(workspace.id, id);
  revalidatePath("/workflows", "layout");
});
