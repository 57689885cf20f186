"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import { saveSyncNode as storeSyncNode } from "@/lib/data/workflows";
import { saveSyncNodeSchema } from "@/lib/schemas/sync-node";

export const saveSyncNode = authedAction("edit", saveSyncNodeSchema, async (form, { user, workspace }) => {
  const saved = await storeSyncNode(workspace.id, form, user.username);
  revalidatePath(`/workflows/nodes/${form.nodeId}`);
  return saved;
});
