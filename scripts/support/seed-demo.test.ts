import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { checkCredentials } from "@/lib/data/users";
import { firstAdminPasswordNotice } from "./local-state";
import { ensureAdminUser } from "./seed-demo";

const dir = mkdtempSync(path.join(tmpdir(), "synclane-admin-"));
const username = `admin_${randomUUID().slice(0, 8)}`;

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await db.user.deleteMany({ where: { username: { startsWith: username } } });
  await db.$disconnect();
});

// Finding 10: the generated first password was printed to the log.
describe("the administrator's first password", () => {
  it("goes to a file only its owner can read, and what npm start prints does not contain it", async () => {
    // A file left by an earlier set-up, readable by everyone, is replaced, not reused.
    writeFileSync(path.join(dir, "admin-password.txt"), "old\n", { mode: 0o644 });
    const admin = await ensureAdminUser({ username, stateDir: dir });
    expect(admin.passwordFile).toBe(path.join(dir, "admin-password.txt"));
    expect(statSync(admin.passwordFile!).mode & 0o777).toBe(0o600);

    const text = readFileSync(admin.passwordFile!, "utf8");
    expect(text).toMatch(/FIRST password/);
    const password = text.split("\n")[2];
    expect(await checkCredentials(username, password)).toMatchObject({ username });

    const printed = firstAdminPasswordNotice(admin.passwordFile!, path.dirname(dir));
    expect(printed).toContain(`${path.basename(dir)}/admin-password.txt`);
    expect(printed).toContain("readable only by you");
    expect(printed).not.toContain(password);
    expect(JSON.stringify(admin)).not.toContain(password);
  });

  it("writes no file when the password comes from SYNCLANE_ADMIN_PASSWORD, or the administrator exists", async () => {
    const other = mkdtempSync(path.join(tmpdir(), "synclane-admin-"));
    try {
      expect((await ensureAdminUser({ username: `${username}_env`, password: "from-the-environment", stateDir: other })).passwordFile).toBeNull();
      expect((await ensureAdminUser({ username, stateDir: other })).passwordFile).toBeNull();
      expect(() => statSync(path.join(other, "admin-password.txt"))).toThrow();
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
