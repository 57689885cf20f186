import "server-only";
import { db } from "@/lib/db";

// Failed logins within this window count against a user name or an address.
const windowMs = 15 * 60 * 1000;
const freeFailures = 3;
const lockoutFailures = 10;

/**
 * How long a caller must wait before the next attempt counts: no delay for the first
 * few failures, then a delay that doubles (1 s, 2 s, 4 s ... capped at 30 s), and after
 * `lockoutFailures` failures no attempt is taken until the window has passed.
 */
export async function loginDelay(username: string, address: string): Promise<{ waitMs: number; locked: boolean }> {
  const since = new Date(Date.now() - windowMs);
  const [byUser, byAddress] = await Promise.all([
    db.loginAttempt.count({ where: { username, createdAt: { gt: since } } }),
    db.loginAttempt.count({ where: { address, createdAt: { gt: since } } }),
  ]);
  const failures = Math.max(byUser, byAddress);
  if (failures >= lockoutFailures) return { waitMs: windowMs, locked: true };
  if (failures < freeFailures) return { waitMs: 0, locked: false };
  return { waitMs: Math.min(30_000, 1000 * 2 ** (failures - freeFailures)), locked: false };
}

export async function recordFailedLogin(username: string, address: string): Promise<void> {
  await db.loginAttempt.create({ data: { username, address } });
}

export async function clearFailedLogins(username: string): Promise<void> {
  await db.loginAttempt.deleteMany({ where: { username } });
}
