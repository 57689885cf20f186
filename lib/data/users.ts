import "server-only";
import { db } from "@/lib/db";
import { hashPassword, verifyPassword } from "@/lib/auth/password";

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
}): Promise<UserView> {
  return db.user.create({
    data: {
      username: input.username,
      displayName: input.displayName,
      isAdmin: input.isAdmin,
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
