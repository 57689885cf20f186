"use server";
import { revalidatePath } from "next/cache";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { createResourceGroup as insertResourceGroup } from "@/lib/data/resource-groups";
import type { ActionResult } from "@/lib/schemas/common";
import { createResourceGroupFormSchema } from "@/lib/schemas/resource-group";
import { failure } from "./action-result";

export async function createResourceGroup(input: unknown): Promise<ActionResult<{ id: string }>> {
  try {
    await requireConsoleContext();
    const form = createResourceGroupFormSchema.parse(input);
    const created = await insertResourceGroup(form);
    revalidatePath("/resource-groups");
    return { ok: true, data: created };
  } catch (error) {
    return failure(error);
  }
}
