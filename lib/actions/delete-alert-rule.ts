"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import { deleteAlertRule as removeAlertRule } from "@/lib/data/alert-rules";
import { idInputSchema } from "@/lib/schemas/common";

export const deleteAlertRule = authedAction("deploy", idInputSchema, async ({ id }, { workspace }) => {
  await removeAlertRule({ workspaceId: workspace.id, id });
  revalidatePath("/alerts", "layout");
});
