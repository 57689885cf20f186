"use server";
import { revalidatePath } from "next/cache";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { updateResourceGroup as saveResourceGroup } from "@/lib/data/resource-groups";
import type { ActionResult } from "@/lib/schemas/common";
import { updateResourceGroupFormSchema } from "@/lib/schemas/resource-group";
import { failure } from "./action-result";

/** Changes a group's slots or description; running runs keep going, new claims follow the new slots. */
export async function updateResourceGroup(input: unknown): Promise<ActionResult> {
  try {
    await requireConsoleContext();
    const form = updateResourceGroupFormSchema.parse(input);
    await saveResourceGroup(form);
    revalidatePath("/resource-groups");
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}
