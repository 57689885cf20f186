"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import { saveSmtpSettings as storeSmtpSettings } from "@/lib/data/smtp-settings";
import { smtpSettingsFormSchema } from "@/lib/schemas/alert-rule";

/** Workspace settings > SMTP: workspace administrators only (the password is the workspace's). */
export const saveSmtpSettings = authedAction("manageMembers", smtpSettingsFormSchema, async (form, { workspace, user }) => {
  await storeSmtpSettings({ workspaceId: workspace.id, form, user: user.username });
  revalidatePath("/workspace-settings");
});
