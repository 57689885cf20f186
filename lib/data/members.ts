import "server-only";
import { db } from "@/lib/db";
import type { WorkspaceRole } from "@/lib/auth/roles";
import { ConsoleError } from "@/lib/console-error";

export type MemberView = {
  userId: string;
  username: string;
  displayName: string;
  role: WorkspaceRole;
  /** Console administrators administer every workspace whatever their membership says. */
  consoleAdmin: boolean;
  disabled: boolean;
  since: Date;
};

export async function listMembers(workspaceId: string): Promise<MemberView[]> {
  const members = await db.workspaceMember.findMany({
    where: { workspaceId },
    select: { role: true, createdAt: true, user: { select: { id: true, username: true, displayName: true, isAdmin: true, disabled: true } } },
    orderBy: { user: { username: "asc" } },
  });
  return members.map(({ role, createdAt, user }) => ({
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    role,
    consoleAdmin: user.isAdmin,
    disabled: user.disabled,
    since: createdAt,
  }));
}

/** Users who are not members yet, for the Add member picker. */
export async function listNonMembers(workspaceId: string): Promise<{ username: string; displayName: string }[]> {
  return db.user.findMany({
    where: { memberships: { none: { workspaceId } }, disabled: false },
    select: { username: true, displayName: true },
    orderBy: { username: "asc" },
  });
}

export async function addMember(input: { workspaceId: string; username: string; role: WorkspaceRole }): Promise<void> {
  const user = await db.user.findUnique({ where: { username: input.username }, select: { id: true } });
  if (!user) throw new ConsoleError("NOT_FOUND", `There is no user "${input.username}". A console administrator creates users on the Users page.`, "username");
  const existing = await db.workspaceMember.findUnique({ where: { workspaceId_userId: { workspaceId: input.workspaceId, userId: user.id } } });
  if (existing) throw new ConsoleError("NAME_TAKEN", `${input.username} is already a member; change their role in the list.`, "username");
  await db.workspaceMember.create({ data: { workspaceId: input.workspaceId, userId: user.id, role: input.role } });
}

/**
 * Changes a member's role, or removes the member (`role: null`). A workspace keeps at least
 * one Workspace Administrator among its members, so it never ends up managed by nobody;
 * the check and the change happen under a lock of the workspace's row.
 */
export async function changeMembership(input: { workspaceId: string; userId: string; role: WorkspaceRole | null }): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Workspace" WHERE id = ${input.workspaceId} FOR UPDATE`;
    const member = await tx.workspaceMember.findUnique({
      where: { workspaceId_userId: { workspaceId: input.workspaceId, userId: input.userId } },
      select: { role: true },
    });
    if (!member) throw new ConsoleError("NOT_FOUND", "This user is not a member of the workspace.");
    if (member.role === "administrator" && input.role !== "administrator") {
      const administrators = await tx.workspaceMember.count({ where: { workspaceId: input.workspaceId, role: "administrator" } });
      if (administrators <= 1) {
        throw new ConsoleError("INVALID", "This is the workspace's last Workspace Administrator. Make another member administrator first.");
      }
    }
    const where = { workspaceId_userId: { workspaceId: input.workspaceId, userId: input.userId } };
    if (input.role) await tx.workspaceMember.update({ where, data: { role: input.role } });
    else await tx.workspaceMember.delete({ where });
  });
}
