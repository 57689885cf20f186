import "server-only";
import { ConsoleError } from "@/lib/console-error";
import { clearFailedLogins, loginDelay, recordFailedLogin } from "@/lib/data/login-attempts";
import { createSession } from "@/lib/data/sessions";
import { checkCredentials } from "@/lib/data/users";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Checks a login and opens a session. Repeated failures for a user name or an address
 * slow the next attempts down, then refuse them for a while.
 */
export async function logIn(input: { username: string; password: string; address: string }) {
  const { waitMs, locked } = await loginDelay(input.username, input.address);
  if (locked) {
    throw new ConsoleError(
      "TOO_MANY_ATTEMPTS",
      "Too many failed logins. Wait 15 minutes and try again, or ask an administrator.",
    );
  }
  await sleep(waitMs);
  const user = await checkCredentials(input.username, input.password);
  if (!user) {
    await recordFailedLogin(input.username, input.address);
    throw new ConsoleError("INVALID", "Wrong user name or password.", "password");
  }
  await clearFailedLogins(input.username);
  return { user, session: await createSession(user.id) };
}
