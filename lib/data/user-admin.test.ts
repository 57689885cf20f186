// Users and members as administrators manage them, against real PostgreSQL.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { addMember, changeMembership, listMembers } from "./members";
import { createSession, findSessionUser } from "./sessions";
import { changePassword, checkCredentials, createUserAccount, resetUserPassword, setUserDisabled } from "./users";
import { ensureWorkspace, findWorkspaceRole } from "./workspaces";

const suffix = randomUUID().slice(0, 8);
const userIds: string[] = [];
let workspaceId = "";

async function newUser(name: string, password = "") {
  const { user, password: first } = await createUserAccount({ username: `${name}_${suffix}`, displayName: "", isAdmin: false, password });
  userIds.push(user.id);
  return { ...user, password: first };
}

beforeAll(async () => {
  workspaceId = (await ensureWorkspace({ name: `members_${suffix}`, displayName: "Members", mode: "basic", memberIds: [] })).id;
});

afterAll(async () => {
  await db.workspace.deleteMany({ where: { id: workspaceId } });
  await db.user.deleteMany({ where: { id: { in: userIds } } });
  await db.$disconnect();
});

describe("users managed by an administrator", () => {
  it("a new user signs in with the first password and must change it", async () => {
    const user = await newUser("alice");
    expect(user.password.length).toBeGreaterThanOrEqual(12);
    const signedIn = await checkCredentials(user.username, user.password);
    expect(signedIn?.mustChangePassword).toBe(true);
    expect(await changePassword({ userId: user.id, currentPassword: user.password, newPassword: "alice-own-password" })).toBe(true);
    expect((await checkCredentials(user.username, "alice-own-password"))?.mustChangePassword).toBe(false);
  });

  it("a disabled user is signed out at once and cannot sign in", async () => {
    const admin = await newUser("admin_x", "admin-password-1");
    const user = await newUser("bob", "bob-password-12");
    const { token } = await createSession(user.id);
    expect(await findSessionUser(token)).not.toBeNull();
    await setUserDisabled({ userId: user.id, disabled: true, actingUserId: admin.id });
    expect(await findSessionUser(token)).toBeNull();
    expect(await checkCredentials(user.username, "bob-password-12")).toBeNull();
    await expect(setUserDisabled({ userId: admin.id, disabled: true, actingUserId: admin.id })).rejects.toThrow(/your own account/);
  });

  it("a reset password replaces the old one, ends sessions, and must be changed", async () => {
    const user = await newUser("carol", "carol-password-1");
    await changePassword({ userId: user.id, currentPassword: "carol-password-1", newPassword: "carol-password-2" });
    const { token } = await createSession(user.id);
    const reset = await resetUserPassword(user.id);
    expect(await findSessionUser(token)).toBeNull();
    expect(await checkCredentials(user.username, "carol-password-2")).toBeNull();
    expect((await checkCredentials(user.username, reset.password))?.mustChangePassword).toBe(true);
  });
});

describe("workspace members", () => {
  it("get the role they are added with, and the last Workspace Administrator stays", async () => {
    const dana = await newUser("dana", "dana-password-1");
    const erin = await newUser("erin", "erin-password-1");
    await addMember({ workspaceId, username: dana.username, role: "administrator" });
    await addMember({ workspaceId, username: erin.username, role: "visitor" });
    await expect(addMember({ workspaceId, username: erin.username, role: "developer" })).rejects.toThrow(/already a member/);
    await expect(addMember({ workspaceId, username: `nobody_${suffix}`, role: "developer" })).rejects.toThrow(/no user/);
    expect(await findWorkspaceRole({ id: erin.id, isAdmin: false }, workspaceId)).toBe("visitor");

    await expect(changeMembership({ workspaceId, userId: dana.id, role: "developer" })).rejects.toThrow(/last Workspace Administrator/);
    await expect(changeMembership({ workspaceId, userId: dana.id, role: null })).rejects.toThrow(/last Workspace Administrator/);
    await changeMembership({ workspaceId, userId: erin.id, role: "administrator" });
    await changeMembership({ workspaceId, userId: dana.id, role: null });
    expect((await listMembers(workspaceId)).map((member) => [member.username, member.role])).toEqual([[erin.username, "administrator"]]);
    expect(await findWorkspaceRole({ id: dana.id, isAdmin: false }, workspaceId)).toBeNull();
  });
});
