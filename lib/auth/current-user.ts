import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { WorkspaceRole } from "@/lib/auth/roles";
import { findSessionUser } from "@/lib/data/sessions";
import type { UserView } from "@/lib/data/users";
import { findWorkspaceForUser, findWorkspaceRole, listWorkspacesForUser, type WorkspaceView } from "@/lib/data/workspaces";

export const sessionCookieName = "synclane_session";
export const workspaceCookieName = "synclane_workspace";

export const getCurrentUser = cache(async (): Promise<UserView | null> => {
  const token = (await cookies()).get(sessionCookieName)?.value;
  return token ? findSessionUser(token) : null;
});

/** The signed-in user, or a redirect to the login page. Every page and action calls it. */
export async function requireUser(): Promise<UserView> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  return user;
}

export type ConsoleContext = { user: UserView; workspace: WorkspaceView; workspaces: WorkspaceView[]; role: WorkspaceRole };

/** The workspace chosen in the header's switcher (or the first one), with the user's role in it. */
async function chooseWorkspace(user: UserView): Promise<{ workspace: WorkspaceView; workspaces: WorkspaceView[]; role: WorkspaceRole } | null> {
  const workspaces = await listWorkspacesForUser(user);
  const chosen = (await cookies()).get(workspaceCookieName)?.value;
  const workspace = (chosen ? await findWorkspaceForUser(user, chosen) : null) ?? workspaces[0] ?? null;
  if (!workspace) return null;
  const role = await findWorkspaceRole(user, workspace.id);
  return role ? { workspace, workspaces, role } : null;
}

/** The user, the workspace chosen in the header's switcher and the user's role in it. */
export const requireConsoleContext = cache(async (): Promise<ConsoleContext> => {
  const user = await requireUser();
  // A password an administrator set (new user, reset) is replaced before anything else.
  if (user.mustChangePassword) redirect("/password-change");
  const chosen = await chooseWorkspace(user);
  if (!chosen) redirect("/no-workspace");
  return { user, ...chosen };
});

/** The console context, or null when nobody is signed in or the user has no workspace. */
export const findConsoleContext = cache(async (): Promise<ConsoleContext | null> => {
  const user = await getCurrentUser();
  if (!user) return null;
  const chosen = await chooseWorkspace(user);
  return chosen ? { user, ...chosen } : null;
});
