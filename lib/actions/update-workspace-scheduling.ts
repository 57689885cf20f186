"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import { updateWorkspaceScheduling as storeSettings } from "@/lib/data/workspaces";
import { workspaceSchedulingFormSchema } from "@/lib/schemas/workspace";

/** Workspaces > Scheduling Settings of the current workspace (its administrators only). */
export const updateWorkspaceScheduling = authedAction("manageSettings", workspaceSchedulingFormSchema, async (form, { workspace }) => {
  await storeSettings(workspace.id, form);
  revalidatePath("/workspaces");
});
