import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { findSessionUser } from "@/lib/data/sessions";
import { createUser } from "@/lib/data/users";
import { logIn } from "./login";

const username = `user_${randomUUID().slice(0, 8)}`;
const address = `test-${randomUUID()}`;

afterAll(async () => {
  await db.user.deleteMany({ where: { username } });
  await db.loginAttempt.deleteMany({ where: { username } });
  await db.$disconnect();
});

describe("logging in", () => {
  it("opens a session stored as a hash of its token", async () => {
    await createUser({ username, displayName: "U", password: "right-password", isAdmin: false });
    const { session, user } = await logIn({ username, password: "right-password", address });
    expect((await findSessionUser(session.token))?.id).toBe(user.id);
    expect(await db.session.count({ where: { tokenHash: session.token } })).toBe(0);
  });

  it("refuses a wrong password and slows down repeated failures", async () => {
    for (let i = 0; i < 3; i += 1) {
      await expect(logIn({ username, password: "wrong", address })).rejects.toThrow("Wrong user name or password.");
    }
    // The fourth failure inside the window waits before it is even checked.
    const started = Date.now();
    await expect(logIn({ username, password: "wrong", address })).rejects.toThrow("Wrong user name or password.");
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("locks the user name after ten failures in the window", async () => {
    const since = new Date();
    await db.loginAttempt.createMany({ data: Array.from({ length: 10 }, () => ({ username, address, createdAt: since })) });
    await expect(logIn({ username, password: "right-password", address })).rejects.toThrow(/Too many failed logins/);
  });
});
