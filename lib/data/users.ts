import "server-only";
import { db } from "@/lib/db";
import { generatePassword, hashPassword, verifyPassword } from "@/lib/auth/password";
import { ConsoleError, isUniqueViolation } from "@/lib/console-error";
import type { CreateUserForm } from "@/lib/schemas/user-admin";

export type UserView = { id: string; username: string; displayName: string; isAdmin: boolean; mustChangePassword: boolean };

const userFields = { id: true, username: true, displayName: true, isAdmin: true, mustChangePassword: true } as const;

export async function findUserById(id: string): Promise<UserView | null> {
  return db.user.findUnique({ where: { id }, select: userFields });
}

/** Returns the user when the password matches, else null (same answer for an unknown user). */
export async function checkCredentials(username: string, password: string): Promise<UserView | null> {
  const user = await db.user.findUnique({ where: { username } });
  if (!user) {
    // Spend the same time as a real check so timing does not reveal which users exist.
    await verifyPassword(password, dummyHash);
    return null;
  }
  if (!(await verifyPassword(password, user.passwordHash))) return null;
  // A disabled user is refused like a wrong password, after the same work.
  if (user.disabled) return null;
  return { id: user.id, username: user.username, displayName: user.displayName, isAdmin: user.isAdmin, mustChangePassword: user.mustChangePassword };
}

const dummyHash =
  "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

export async function createUser(input: {
  username: string;
  displayName: string;
  password: string;
  isAdmin: boolean;
  /** The password was made up for the user (not chosen by them): the first login replaces it. */
  mustChangePassword?: boolean;
}): Promise<UserView> {
  return db.user.create({
    data: {
      username: input.username,
      displayName: input.displayName,
      isAdmin: input.isAdmin,
      mustChangePassword: input.mustChangePassword ?? false,
      passwordHash: await hashPassword(input.password),
    },
    select: userFields,
  });
}

export async function changePassword(input: {
  userId: string;
  currentPassword: string;
  newPassword: string;
  keepSessionTokenHash?: string;
}): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: input.userId } });
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash))) return false;
  await db.$transaction([
    db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(input.newPassword), mustChangePassword: false } }),
    // A new password ends every other session of the user.
    db.session.deleteMany({
      where: { userId: user.id, NOT: input.keepSessionTokenHash ? { tokenHash: input.keepSessionTokenHash } : undefined },
    }),
  ]);
  return true;
}

export async function countUsers(): Promise<number> {
  return db.user.count();
}

export type UserListEntry = UserView & { disabled: boolean; createdAt: Date; workspaces: number };

/** Every user, for the Users page (console administrators). */
export async function listUsers(): Promise<UserListEntry[]> {
  const users = await db.user.findMany({
    orderBy: { username: "asc" },
    select: { ...userFields, disabled: true, createdAt: true, _count: { select: { memberships: true } } },
  });
  return users.map(({ _count, ...user }) => ({ ...user, workspaces: _count.memberships }));
}

/**
 * An administrator creates a user with a first password (typed, or generated and shown
 * once); the user must choose their own at the first login.
 */
export async function createUserAccount(form: CreateUserForm): Promise<{ user: UserView; password: string }> {
  const password = form.password || generatePassword();
  try {
    const created = await db.user.create({
      data: {
        username: form.username,
        displayName: form.displayName || form.username,
        isAdmin: form.isAdmin,
        mustChangePassword: true,
        passwordHash: await hashPassword(password),
      },
      select: userFields,
    });
    return { user: created, password };
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConsoleError("NAME_TAKEN", `A user named "${form.username}" already exists.`, "username");
    throw error;
  }
}

/** Disabling ends the user's sessions at once; an administrator cannot disable themselves. */
export async function setUserDisabled(input: { userId: string; disabled: boolean; actingUserId: string }): Promise<void> {
  if (input.disabled && input.userId === input.actingUserId) {
    throw new ConsoleError("INVALID", "You cannot disable your own account. Ask another administrator.");
  }
  await db.$transaction(async (tx) => {
    const updated = await tx.user.updateMany({ where: { id: input.userId }, data: { disabled: input.disabled } });
    if (updated.count === 0) throw new ConsoleError("NOT_FOUND", "This user does not exist.");
    if (input.disabled) await tx.session.deleteMany({ where: { userId: input.userId } });
  });
}

/** A new generated password, shown once to the administrator; the user must change it at the next login. */
export async function resetUserPassword(userId: string): Promise<{ username: string; password: string }> {
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { username: true } });
    if (!user) throw new ConsoleError("NOT_FOUND", "This user does not exist.");
    await tx.user.update({ where: { id: userId }, data: { passwordHash, mustChangePassword: true } });
    await tx.session.deleteMany({ where: { userId } });
    return { username: user.username, password };
  });
}
