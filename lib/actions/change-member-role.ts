"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import { changeMembership } from "@/lib/data/members";
import { changeMemberRoleSchema } from "@/lib/schemas/user-admin";

export const changeMemberRole = authedAction("manageMembers", changeMemberRoleSchema, async ({ userId, role }, { workspace }) => {
  await changeMembership({ workspaceId: workspace.id, userId, role });
  revalidatePath("/members");
});
