"use server";
import { revalidatePath } from "next/cache";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { createSyncNode as insertSyncNode } from "@/lib/data/workflows";
import type { ActionResult } from "@/lib/schemas/common";
import { createSyncNodeFormSchema } from "@/lib/schemas/workflow";
import { failure } from "./action-result";

export async function createSyncNode(input: unknown): Promise<ActionResult<{ id: string }>> {
  try {
    const { user, workspace } = await requireConsoleContext();
    const created = await insertSyncNode(workspace.id, createSyncNodeFormSchema.parse(input), user.username);
    revalidatePath("/workflows", "layout");
    return { ok: true, data: created };
  } catch (error) {
    return failure(error);
  }
}
