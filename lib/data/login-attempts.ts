import "server-only";
import { createHash } from "node:crypto";
import { loginThrottle, loginThrottleDecision } from "@/lib/auth/login-throttle";
import { db } from "@/lib/db";

/**
 * Login attempts, counted and recorded atomically.
 *
 * An attempt is admitted inside one transaction that holds two advisory locks, one on the
 * user name and one on the address: it counts the attempts inside the window (finished
 * failures and `pending` attempts of requests still in flight), decides from the counts,
 * and inserts itself as `pending` before the locks go. So forty parallel guesses are
 * decided one after the other, each seeing the ones before it, however fast they arrive.
 * The password is checked after the transaction (and after the wait it decided); the
 * attempt then becomes `failed`, or, on success, is deleted.
 *
 * Lock order is always user name, then address, so two transactions cannot wait on each
 * other. The two-key form of the lock (namespace, hash) keeps these keys apart from the
 * single-key advisory locks the workers and the test set-up take.
 */
const usernameLockSpace = 0x4c6f6755; // "LogU"
const addressLockSpace = 0x4c6f6741; // "LogA"
const lockKey = (value: string) => createHash("sha256").update(value).digest().readInt32BE(0);

export type LoginAdmission = { locked: true } | { locked: false; attemptId: string; waitMs: number };

export async function admitLoginAttempt(input: { username: string; address: string; now: Date }): Promise<LoginAdmission> {
  const { username, address, now } = input;
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${usernameLockSpace}::int, ${lockKey(username)}::int)`;
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${addressLockSpace}::int, ${lockKey(address)}::int)`;
      const inWindow = { createdAt: { gt: new Date(now.getTime() - loginThrottle.windowMs) } };
      const byUsername = await tx.loginAttempt.count({ where: { username, ...inWindow } });
      const byAddress = await tx.loginAttempt.count({ where: { address, ...inWindow } });
      const byUsernameAndAddress = await tx.loginAttempt.count({ where: { username, address, ...inWindow } });
      const decision = loginThrottleDecision({ byUsername, byAddress, byUsernameAndAddress });
      // A refused attempt is not recorded: no password was checked, and a flood of refusals
      // would only grow the table.
      if (decision.locked) return { locked: true };
      const attempt = await tx.loginAttempt.create({ data: { username, address, createdAt: now }, select: { id: true } });
      return { locked: false, attemptId: attempt.id, waitMs: decision.waitMs };
    },
    // Parallel logins queue on the locks for a few milliseconds each; Prisma's default
    // 2 s wait for a connection is too short for a burst.
    { maxWait: 15_000, timeout: 15_000 },
  );
}

export async function markLoginAttemptFailed(attemptId: string): Promise<void> {
  await db.loginAttempt.updateMany({ where: { id: attemptId, outcome: "pending" }, data: { outcome: "failed" } });
}

/**
 * After a successful login: deletes the attempt itself and the earlier finished failures
 * of the same user name from the same address (the person who knows the password made
 * them). Attempts still pending belong to other requests in flight and stay; so do the
 * failures of this user name from other addresses and of other user names.
 */
export async function forgetLoginFailures(input: { attemptId: string; username: string; address: string; admittedAt: Date }): Promise<void> {
  await db.loginAttempt.deleteMany({
    where: {
      OR: [
        { id: input.attemptId },
        { username: input.username, address: input.address, outcome: "failed", createdAt: { lte: input.admittedAt } },
      ],
    },
  });
}
