import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { findSessionUser } from "@/lib/data/sessions";
import { createUser } from "@/lib/data/users";
import { logIn, type LoginClock } from "./login";

// Every test has its own user names and addresses: the throttle counts per name and address.
const prefix = `login_${randomUUID().slice(0, 8)}`;
let serial = 0;
const unique = (what: string) => `${prefix}_${what}_${(serial += 1)}`;

/** A clock that records the waits it is asked for instead of waiting. */
function recordingClock(now = () => new Date()) {
  const waits: number[] = [];
  const clock: LoginClock = { now, sleep: async (ms) => void waits.push(ms) };
  return { clock, waits };
}

async function newUser(password = "right-password") {
  const username = unique("user");
  await createUser({ username, displayName: "U", password, isAdmin: false });
  return username;
}

const outcome = (attempt: Promise<unknown>) =>
  attempt.then(
    () => "logged in" as const,
    (error: Error) => (/Too many failed logins/.test(error.message) ? ("refused" as const) : error.message === "Wrong user name or password." ? ("wrong" as const) : error),
  );

const attemptsOf = (where: { username?: string; address?: string }) =>
  db.loginAttempt.findMany({ where, select: { outcome: true } }).then((rows) => rows.map((row) => row.outcome).sort());

afterAll(async () => {
  await db.user.deleteMany({ where: { username: { startsWith: prefix } } });
  await db.loginAttempt.deleteMany({ where: { OR: [{ username: { startsWith: prefix } }, { address: { startsWith: prefix } }] } });
  await db.$disconnect();
});

describe("logging in", () => {
  it("opens a session stored as a hash of its token", async () => {
    const username = await newUser();
    const { clock } = recordingClock();
    const { session, user } = await logIn({ username, password: "right-password", address: unique("addr") }, clock);
    expect((await findSessionUser(session.token))?.id).toBe(user.id);
    expect(await db.session.count({ where: { tokenHash: session.token } })).toBe(0);
  });

  it("checks five failures at once, then waits twice as long each time, then locks the address out of the user name", async () => {
    const username = await newUser();
    const address = unique("addr");
    const { clock, waits } = recordingClock();
    const results = [];
    for (let i = 0; i < 11; i += 1) results.push(await outcome(logIn({ username, password: "wrong", address }, clock)));
    expect(results).toEqual([...Array(10).fill("wrong"), "refused"]);
    expect(waits).toEqual([0, 0, 0, 0, 0, 1000, 2000, 4000, 8000, 16_000]);
  });

  // Finding 5: the failures were counted before any of them was recorded.
  it("forty wrong passwords sent at once are decided one after the other: ten are checked, with growing waits, thirty refused", async () => {
    const username = await newUser();
    const address = unique("addr");
    const { clock, waits } = recordingClock();
    const results = await Promise.all(Array.from({ length: 40 }, () => outcome(logIn({ username, password: "wrong", address }, clock))));
    expect(results.filter((result) => result === "wrong")).toHaveLength(10);
    expect(results.filter((result) => result === "refused")).toHaveLength(30);
    expect(waits.sort((a, b) => a - b)).toEqual([0, 0, 0, 0, 0, 1000, 2000, 4000, 8000, 16_000]);
    expect(await attemptsOf({ username })).toEqual(Array(10).fill("failed"));
  });

  // Finding 5: the right password, sent among wrong ones, logged in and deleted their failures.
  it("39 wrong passwords and the right one sent together: the right one is refused and every failure is kept", async () => {
    const username = await newUser();
    const address = unique("addr");
    const { clock } = recordingClock();
    // The right one is sent last. Admission is a transaction on a pooled connection
    // (10 connections, handed out in request order), so it is decided after at least 30
    // of the wrong ones, by which time the ten that are admitted are pending or failed.
    const attempts = Array.from({ length: 39 }, () => logIn({ username, password: "wrong", address }, clock));
    attempts.push(logIn({ username, password: "right-password", address }, clock));
    const results = await Promise.all(attempts.map(outcome));
    expect(results.at(-1)).toBe("refused");
    expect(results.filter((result) => result === "wrong")).toHaveLength(10);
    expect(await attemptsOf({ username })).toEqual(Array(10).fill("failed"));
  });

  // Finding 6: ten failures for a user name from rotating addresses locked it out everywhere.
  it("failures for a user name from many addresses slow it down but do not lock it out from another address", async () => {
    const username = await newUser();
    const { clock, waits } = recordingClock();
    for (let i = 0; i < 10; i += 1) {
      expect(await outcome(logIn({ username, password: "wrong", address: unique("rotating") }, clock))).toBe("wrong");
    }
    waits.length = 0;
    await expect(logIn({ username, password: "right-password", address: unique("fresh") }, clock)).resolves.toMatchObject({ user: { username } });
    // Ten failures of the name: 2^5 s, capped at 30 s.
    expect(waits).toEqual([30_000]);
  });

  // Finding 6: the lock was per user name, so a stranger could lock the administrator out.
  it("ten failures from one address lock that address out of the user name, and only that address", async () => {
    const username = await newUser();
    const stranger = unique("stranger");
    const { clock } = recordingClock();
    for (let i = 0; i < 10; i += 1) await outcome(logIn({ username, password: "wrong", address: stranger }, clock));
    expect(await outcome(logIn({ username, password: "right-password", address: stranger }, clock))).toBe("refused");
    expect(await outcome(logIn({ username, password: "right-password", address: unique("owner") }, clock))).toBe("logged in");
  });

  it("an address guessing across user names is slowed down after five failures and locked out after fifty", async () => {
    const address = unique("guesser");
    const createdAt = new Date();
    await db.loginAttempt.createMany({
      data: Array.from({ length: 5 }, () => ({ username: unique("guessed"), address, outcome: "failed" as const, createdAt })),
    });
    const { clock, waits } = recordingClock();
    expect(await outcome(logIn({ username: await newUser(), password: "wrong", address }, clock))).toBe("wrong");
    expect(waits).toEqual([1000]);
    await db.loginAttempt.createMany({
      data: Array.from({ length: 44 }, () => ({ username: unique("guessed"), address, outcome: "failed" as const, createdAt })),
    });
    expect(await outcome(logIn({ username: await newUser(), password: "right-password", address }, clock))).toBe("refused");
  });

  it("a success forgets its own earlier failures from its address, and keeps attempts in flight and failures from elsewhere", async () => {
    const username = await newUser();
    const address = unique("addr");
    const elsewhere = unique("elsewhere");
    const earlier = new Date(Date.now() - 60_000);
    await db.loginAttempt.createMany({
      data: [
        { username, address, outcome: "failed", createdAt: earlier },
        { username, address, outcome: "failed", createdAt: earlier },
        { username, address, outcome: "pending", createdAt: earlier },
        { username, address: elsewhere, outcome: "failed", createdAt: earlier },
      ],
    });
    const { clock } = recordingClock();
    await logIn({ username, password: "right-password", address }, clock);
    expect(await attemptsOf({ username, address })).toEqual(["pending"]);
    expect(await attemptsOf({ username, address: elsewhere })).toEqual(["failed"]);
  });

  it("failures older than fifteen minutes no longer count", async () => {
    const username = await newUser();
    const address = unique("addr");
    const sixteenMinutesAgo = new Date(Date.now() - 16 * 60 * 1000);
    await db.loginAttempt.createMany({ data: Array.from({ length: 10 }, () => ({ username, address, outcome: "failed" as const, createdAt: sixteenMinutesAgo })) });
    const { clock, waits } = recordingClock();
    expect(await outcome(logIn({ username, password: "right-password", address }, clock))).toBe("logged in");
    expect(waits).toEqual([0]);
  });
});
