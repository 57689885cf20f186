"use server";
import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import { workspaceCookieName } from "@/lib/auth/current-user";
import { createWorkspace as insertWorkspace } from "@/lib/data/workspaces";
import { workspaceFormSchema } from "@/lib/schemas/workspace";

/** Creates a workspace (console administrators only) and switches to it. */
export const createWorkspace = authedAction("consoleAdmin", workspaceFormSchema, async (form, { user }) => {
  const created = await insertWorkspace(form, user.id);
  (await cookies()).set(workspaceCookieName, created.id, { httpOnly: true, sameSite: "lax", path: "/" });
  revalidatePath("/", "layout");
  return { id: created.id };
});
