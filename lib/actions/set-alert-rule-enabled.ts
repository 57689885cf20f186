"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authedAction } from "@/lib/auth/authed-action";
import { setAlertRuleEnabled as storeEnabled } from "@/lib/data/alert-rules";
import { idInputSchema } from "@/lib/schemas/common";

export const setAlertRuleEnabled = authedAction("deploy", idInputSchema.extend({ enabled: z.boolean() }), async ({ id, enabled }, { workspace }) => {
  await storeEnabled({ workspaceId: workspace.id, id, enabled });
  revalidatePath("/alerts", "layout");
});
