"use server";
import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/authed-action";
import { workspaceCookieName } from "@/lib/auth/current-user";
import { ConsoleError } from "@/lib/console-error";
import { findWorkspaceForUser } from "@/lib/data/workspaces";
import { idInputSchema } from "@/lib/schemas/common";

export const switchWorkspace = authedAction("signedIn", idInputSchema, async ({ id }, { user }) => {
  const workspace = await findWorkspaceForUser(user, id);
  if (!workspace) throw new ConsoleError("NOT_FOUND", "You are not a member of that workspace.");
  (await cookies()).set(workspaceCookieName, workspace.id, { httpOnly: true, sameSite: "lax", path: "/" });
  revalidatePath("/", "layout");
});
