import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { ConsoleError } from "@/lib/console-error";
import { admitLoginAttempt, forgetLoginFailures, markLoginAttemptFailed } from "@/lib/data/login-attempts";
import { createSession } from "@/lib/data/sessions";
import { checkCredentials } from "@/lib/data/users";

/** Time as the login throttle sees it; tests pass their own so they never really wait. */
export type LoginClock = { now: () => Date; sleep: (ms: number) => Promise<unknown> };

const realClock: LoginClock = { now: () => new Date(), sleep: (ms) => sleep(ms) };

/**
 * Checks a login and opens a session. Failures slow the next attempts for the same user
 * name or from the same address down, and lock one address out of one user name (or a
 * guessing address out of all); lib/auth/login-throttle.ts has the numbers.
 */
export async function logIn(input: { username: string; password: string; address: string }, clock: LoginClock = realClock) {
  const admittedAt = clock.now();
  const admission = await admitLoginAttempt({ username: input.username, address: input.address, now: admittedAt });
  if (admission.locked) {
    throw new ConsoleError(
      "TOO_MANY_ATTEMPTS",
      "Too many failed logins from your address. Wait 15 minutes and try again, or ask an administrator.",
    );
  }
  await clock.sleep(admission.waitMs);
  const user = await checkCredentials(input.username, input.password);
  if (!user) {
    await markLoginAttemptFailed(admission.attemptId);
    throw new ConsoleError("INVALID", "Wrong user name or password.", "password");
  }
  await forgetLoginFailures({ attemptId: admission.attemptId, username: input.username, address: input.address, admittedAt });
  return { user, session: await createSession(user.id) };
}
