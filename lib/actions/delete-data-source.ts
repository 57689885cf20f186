"use server";
import { revalidatePath } from "next/cache";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { deleteDataSource as removeDataSource } from "@/lib/data/data-sources";
import type { ActionResult } from "@/lib/schemas/common";
import { failure } from "./action-result";

export async function deleteDataSource(id: string): Promise<ActionResult> {
  try {
    const { workspace } = await requireConsoleContext();
    await removeDataSource(workspace.id, String(id));
    revalidatePath("/data-sources");
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}
