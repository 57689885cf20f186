"use server";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import { addMember as insertMember } from "@/lib/data/members";
import { addMemberFormSchema } from "@/lib/schemas/user-admin";

export const addMember = authedAction("manageMembers", addMemberFormSchema, async (form, { workspace }) => {
  await insertMember({ workspaceId: workspace.id, ...form });
  revalidatePath("/members");
});
