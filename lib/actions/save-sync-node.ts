"use server";
import { revalidatePath } from "next/cache";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { saveSyncNode as storeSyncNode } from "@/lib/data/workflows";
import type { ActionResult } from "@/lib/schemas/common";
import { saveSyncNodeSchema } from "@/lib/schemas/sync-node";
import { failure } from "./action-result";

export async function saveSyncNode(input: unknown): Promise<ActionResult<{ version: number }>> {
  try {
    const { user, workspace } = await requireConsoleContext();
    const form = saveSyncNodeSchema.parse(input);
    const saved = await storeSyncNode(workspace.id, form, user.username);
    revalidatePath(`/workflows/nodes/${form.nodeId}`);
    return { ok: true, data: saved };
  } catch (error) {
    return failure(error);
  }
}
