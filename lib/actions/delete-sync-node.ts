"use server";
import { revalidatePath } from "next/cache";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { deleteSyncNode as removeSyncNode } from "@/lib/data/workflows";
import type { ActionResult } from "@/lib/schemas/common";
import { failure } from "./action-result";

export async function deleteSyncNode(id: string): Promise<ActionResult> {
  try {
    const { workspace } = await requireConsoleContext();
    await removeSyncNode(workspace.id, String(id));
    revalidatePath("/workflows", "layout");
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}
