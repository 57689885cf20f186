import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { findSessionUser } from "@/lib/data/sessions";
import type { UserView } from "@/lib/data/users";
import { findWorkspaceForUser, listWorkspacesForUser, type WorkspaceView } from "@/lib/data/workspaces";

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

export type ConsoleContext = { user: UserView; workspace: WorkspaceView; workspaces: WorkspaceView[] };

/** The user and the workspace chosen in the header's switcher. */
export const requireConsoleContext = cache(async (): Promise<ConsoleContext> => {
  const user = await requireUser();
  const workspaces = await listWorkspacesForUser(user);
  const chosen = (await cookies()).get(workspaceCookieName)?.value;
  const workspace =
    (chosen ? await findWorkspaceForUser(user, chosen) : null) ?? workspaces[0] ?? null;
  if (!workspace) redirect("/no-workspace");
  return { user, workspace, workspaces };
});

/** For route handlers: the console context, or null when nobody is signed in (answer 401). */
export async function getApiContext(): Promise<{ user: UserView; workspace: WorkspaceView } | null> {
  const user = await getCurrentUser();
  if (!user) return null;
  const chosen = (await cookies()).get(workspaceCookieName)?.value;
  const workspace = (chosen ? await findWorkspaceForUser(user, chosen) : null) ?? (await listWorkspacesForUser(user))[0];
  return workspace ? { user, workspace } : null;
}
