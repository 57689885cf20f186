"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import { saveAlertRule as storeAlertRule } from "@/lib/data/alert-rules";
import { alertRuleFormSchema } from "@/lib/schemas/alert-rule";

/** Creates a rule (no id) or changes one; O&M and administrators, as in DataWorks' Operation Center. */
export const saveAlertRule = authedAction("deploy", alertRuleFormSchema, async (form, { workspace, user }) => {
  const saved = await storeAlertRule({ workspaceId: workspace.id, form, user: user.username });
  revalidatePath("/alerts", "layout");
  return saved;
});
