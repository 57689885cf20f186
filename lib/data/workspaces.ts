import "server-only";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/console-error";
import { lockObjectName, nameTakenError } from "@/lib/data/object-names";
import type { WorkspaceRole } from "@/lib/auth/roles";
import { bindDefaultResourceGroup } from "@/lib/data/resource-groups";
import { serverTimeZone, workspaceTimeZone } from "@/lib/scheduling/instance-parameters";
import { workspaceSchedulingDefaultsSchema, type WorkspaceSchedulingDefaults } from "@/lib/scheduling/node-scheduling";
import type { WorkspaceSchedulingForm } from "@/lib/schemas/workspace";

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

/**
 * The user's role in a workspace: console administrators administer every workspace;
 * others have their membership's role, or none (null) when they are not members.
 */
export async function findWorkspaceRole(
  user: { id: string; isAdmin: boolean },
  workspaceId: string,
): Promise<WorkspaceRole | null> {
  if (user.isAdmin) return "administrator";
  const membership = await db.workspaceMember.findUnique({
    where: { workspaceId_userId: { workspaceId, userId: user.id } },
    select: { role: true },
  });
  return membership?.role ?? null;
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
  /** The role the members get; the workspace's administrators by default. */
  role?: WorkspaceRole;
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
      create: { workspaceId: workspace.id, userId, role: input.role ?? "administrator" },
    });
  }
  return workspace;
}

export async function createWorkspace(form: { name: string; displayName: string; mode: "basic" | "standard"; description: string }, creatorId: string) {
  let workspace: WorkspaceView;
  try {
    workspace = await db.$transaction(async (tx) => {
      await lockObjectName(tx, { scope: "workspace", name: form.name });
      const [clash] = await tx.$queryRaw<{ name: string }[]>`SELECT name FROM "Workspace" WHERE lower(name) = lower(${form.name}) LIMIT 1`;
      if (clash) throw nameTakenError({ kind: "workspace", wanted: form.name, existing: clash.name });
      return tx.workspace.create({
        data: { ...form, members: { create: { userId: creatorId, role: "administrator" } } },
        select: workspaceFields,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTakenError({ kind: "workspace", wanted: form.name, existing: form.name });
    throw error;
  }
  await bindDefaultResourceGroup(workspace.id);
  return workspace;
}

export type WorkspaceSchedulingSettings = WorkspaceSchedulingForm & { serverTimeZone: string };

/** The workspace's Scheduling Settings as the form shows them (the server's time zone when none is set). */
export async function getWorkspaceScheduling(workspaceId: string): Promise<WorkspaceSchedulingSettings> {
  const workspace = await db.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { periodicScheduling: true, schedulingTimeZone: true, schedulingDefaults: true },
  });
  const parsed = workspaceSchedulingDefaultsSchema.safeParse(workspace.schedulingDefaults ?? {});
  const defaults = parsed.success ? parsed.data : workspaceSchedulingDefaultsSchema.parse({});
  return {
    periodicScheduling: workspace.periodicScheduling,
    timeZone: workspaceTimeZone(workspace),
    rerun: defaults.rerun,
    autoRerun: defaults.autoRerun,
    dailyTime: defaults.dailyTime ?? "",
    serverTimeZone: serverTimeZone(),
  };
}

export async function updateWorkspaceScheduling(workspaceId: string, form: WorkspaceSchedulingForm): Promise<void> {
  const defaults: WorkspaceSchedulingDefaults = {
    rerun: form.rerun,
    autoRerun: form.rerun === "allDenied" ? null : form.autoRerun,
    ...(form.dailyTime ? { dailyTime: form.dailyTime } : {}),
  };
  await db.workspace.update({
    where: { id: workspaceId },
    data: { periodicScheduling: form.periodicScheduling, schedulingTimeZone: form.timeZone, schedulingDefaults: defaults },
  });
}
