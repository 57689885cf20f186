"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import { updateResourceGroup as saveResourceGroup } from "@/lib/data/resource-groups";
import { updateResourceGroupFormSchema } from "@/lib/schemas/resource-group";

/** Changes a group's slots, description or workspaces; running runs keep going, new claims follow the new slots. */
export const updateResourceGroup = authedAction("consoleAdmin", updateResourceGroupFormSchema, async (form) => {
  await saveResourceGroup(form);
  revalidatePath("/resource-groups");
});
