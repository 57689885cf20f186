// DataWorks' workspace roles and what each may do. Shared by the server (every action and
// route checks a permission through lib/auth/authed-action.ts) and the pages (which hide
// buttons a role cannot use; hiding is a courtesy, the server check is the guard).

export const workspaceRoles = ["administrator", "developer", "operations", "visitor"] as const;
export type WorkspaceRole = (typeof workspaceRoles)[number];

export const roleLabels: Record<WorkspaceRole, string> = {
  administrator: "Workspace Administrator",
  developer: "Developer",
  operations: "O&M",
  visitor: "Visitor",
};

export const roleDescriptions: Record<WorkspaceRole, string> = {
  administrator: "Everything in the workspace, including its members.",
  developer: "Create and edit data sources, workflows and nodes; run them; query.",
  operations: "Run, stop and rerun nodes; query; deploy and operate instances.",
  visitor: "Read only: sees nodes, runs and data sources, changes nothing.",
};

/**
 * What a member may do in a workspace. Console administrators (User.isAdmin) are
 * workspace administrators everywhere; users, workspaces and resource groups are
 * managed by console administrators only (see `consoleAdmin` in authed-action.ts).
 */
export const workspacePermissions = {
  /** See the workspace's pages: data sources, nodes, runs, resource groups. */
  read: ["administrator", "developer", "operations", "visitor"],
  /** Create, change and delete data sources, workflows and nodes; Create Table; test connectivity. */
  edit: ["administrator", "developer"],
  /** Start, stop and rerun runs. */
  run: ["administrator", "developer", "operations"],
  /** Run read-only SQL on the Query page. */
  query: ["administrator", "developer", "operations"],
  /** Deploy committed versions and operate scheduled instances. */
  deploy: ["administrator", "operations"],
  /** Add members, change their roles, remove them. */
  manageMembers: ["administrator"],
  /** Change the workspace's settings (Scheduling Settings: periodic scheduling, time zone, defaults). */
  manageSettings: ["administrator"],
} as const satisfies Record<string, readonly WorkspaceRole[]>;
export type WorkspacePermission = keyof typeof workspacePermissions;

export const permissionLabels: Record<WorkspacePermission, string> = {
  read: "see this workspace",
  edit: "change data sources, workflows and nodes",
  run: "run, stop or rerun nodes",
  query: "run queries",
  deploy: "deploy or operate instances",
  manageMembers: "manage the workspace's members",
  manageSettings: "change the workspace's settings",
};

export function roleCan(role: WorkspaceRole, permission: WorkspacePermission): boolean {
  return (workspacePermissions[permission] as readonly WorkspaceRole[]).includes(role);
}

/** The permissions of a role, for pages that hide what the role cannot use. */
export function permissionsOf(role: WorkspaceRole): Record<WorkspacePermission, boolean> {
  return Object.fromEntries(
    (Object.keys(workspacePermissions) as WorkspacePermission[]).map((permission) => [permission, roleCan(role, permission)]),
  ) as Record<WorkspacePermission, boolean>;
}
