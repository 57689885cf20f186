"use client";
import { createContext, useContext, type ReactNode } from "react";
import type { WorkspacePermission } from "@/lib/auth/roles";

export type Permissions = Record<WorkspacePermission, boolean> & { consoleAdmin: boolean };

const PermissionsContext = createContext<Permissions | null>(null);

/** What the signed-in user may do in the current workspace, for hiding what they cannot use. */
export function PermissionsProvider({ value, children }: { value: Permissions; children: ReactNode }) {
  return <PermissionsContext.Provider value={value}>{children}</PermissionsContext.Provider>;
}

/**
 * The current user's permissions. Pages hide buttons a role cannot use; the server checks
 * every action and route again, so this is a courtesy, never the guard.
 */
export function usePermissions(): Permissions {
  const permissions = useContext(PermissionsContext);
  if (!permissions) throw new Error("usePermissions needs the console layout's PermissionsProvider.");
  return permissions;
}
