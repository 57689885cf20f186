import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import type { UserView } from "./users";

export const sessionLifetimeMs = 7 * 24 * 3600 * 1000;

export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createSession(userId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + sessionLifetimeMs);
  await db.session.create({ data: { userId, tokenHash: hashSessionToken(token), expiresAt } });
  return { token, expiresAt };
}

export async function findSessionUser(token: string): Promise<UserView | null> {
  const session = await db.session.findUnique({
    where: { tokenHash: hashSessionToken(token) },
    include: { user: { select: { id: true, username: true, displayName: true, isAdmin: true, mustChangePassword: true, disabled: true } } },
  });
  // A disabled user's sessions are deleted when they are disabled; the check here also
  // covers a session created in the same instant.
  if (!session || session.expiresAt < new Date() || session.user.disabled) return null;
  const { id, username, displayName, isAdmin, mustChangePassword } = session.user;
  return { id, username, displayName, isAdmin, mustChangePassword };
}

export async function deleteSession(token: string): Promise<void> {
  await db.session.deleteMany({ where: { tokenHash: hashSessionToken(token) } });
}
