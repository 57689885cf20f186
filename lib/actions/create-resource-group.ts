"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import { createResourceGroup as insertResourceGroup } from "@/lib/data/resource-groups";
import { createResourceGroupFormSchema } from "@/lib/schemas/resource-group";

/** Console administrators create resource groups and choose the workspaces that may use them. */
export const createResourceGroup = authedAction("consoleAdmin", createResourceGroupFormSchema, async (form) => {
  const created = await insertResourceGroup(form);
  revalidatePath("/resource-groups");
  return created;
});
