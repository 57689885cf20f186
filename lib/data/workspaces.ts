import "server-only";
import { db } from "@/lib/db";
import { ConsoleError } from "@/lib/console-error";

export type WorkspaceView = {
  id: string;
  name: string;
  displayName: string;
  mode: "basic" | "standard";
  description: string;
};

const workspaceFields = { id: true, name: true, displayName: true, mode: true, description: true } as const;

export async function listWorkspacesForUser(user: { id: string; isAdmin: boolean }): Promise<WorkspaceView[]> {
  return db.workspace.findMany({
    where: user.isAdmin ? {} : { members: { some: { userId: user.id } } },
    select: workspaceFields,
    orderBy: { name: "asc" },
  });
}

export async function findWorkspaceForUser(
  user: { id: string; isAdmin: boolean },
  workspaceId: string,
): Promise<WorkspaceView | null> {
  return db.workspace.findFirst({
    where: { id: workspaceId, ...(user.isAdmin ? {} : { members: { some: { userId: user.id } } }) },
    select: workspaceFields,
  });
}

export async function findWorkspaceByName(name: string): Promise<WorkspaceView | null> {
  return db.workspace.findUnique({ where: { name }, select: workspaceFields });
}

export async function ensureWorkspace(input: {
  name: string;
  displayName: string;
  mode: "basic" | "standard";
  description?: string;
  memberIds: string[];
}): Promise<WorkspaceView> {
  const workspace = await db.workspace.upsert({
    where: { name: input.name },
    update: {},
    create: {
      name: input.name,
      displayName: input.displayName,
      mode: input.mode,
      description: input.description ?? "",
    },
    select: workspaceFields,
  });
  for (const userId of input.memberIds) {
    await db.workspaceMember.upsert({
      where: { workspaceId_userId: { workspaceId: workspace.id, userId } },
      update: {},
      create: { workspaceId: workspace.id, userId },
    });
  }
  return workspace;
}

export async function createWorkspace(form: { name: string; displayName: string; mode: "basic" | "standard"; description: string }, creatorId: string) {
  const existing = await db.workspace.findUnique({ where: { name: form.name } });
  if (existing) throw new ConsoleError("NAME_TAKEN", `A workspace named "${form.name}" already exists. Choose another name.`, "name");
  return db.workspace.create({
    data: { ...form, members: { create: { userId: creatorId } } },
    select: workspaceFields,
  });
}
