"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import { changeMembership } from "@/lib/data/members";
import { removeMemberSchema } from "@/lib/schemas/user-admin";

export const removeMember = authedAction("manageMembers", removeMemberSchema, async ({ userId }, { workspace }) => {
  await changeMembership({ workspaceId: workspace.id, userId, role: null });
  revalidatePath("/members");
});
