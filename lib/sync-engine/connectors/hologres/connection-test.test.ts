import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quoteIdentifier } from "../../sql-identifier";
import { createTestDatabase } from "../../testing/postgres-test-database";
import { privilegeWarning, testHologresConnection, type UserPrivileges } from "./connection-test";

const confined: UserPrivileges = { user: "sync", superuser: false, createRole: false, replication: false, serverRoles: [], otherDatabases: [] };

describe("the privilege warning", () => {
  it("is null for a user confined to its database", () => {
    expect(privilegeWarning(confined)).toBeNull();
  });

  it("says the issue's words and the reasons", () => {
    expect(privilegeWarning({ ...confined, user: "postgres", superuser: true, otherDatabases: ["synclane", "postgres"] })).toBe(
      "This user can do anything on the server: Pre-SQL, Query and Create Table run with its rights (postgres is a superuser; can also connect to databases synclane, postgres).",
    );
    expect(privilegeWarning({ ...confined, serverRoles: ["pg_execute_server_program"], createRole: true, replication: true })).toBe(
      "This user can do anything on the server: Pre-SQL, Query and Create Table run with its rights (sync is a member of pg_execute_server_program; may create roles and grant them rights (CREATEROLE); may stream every database's changes (REPLICATION)).",
    );
  });

  it("names at most ten other databases", () => {
    const otherDatabases = Array.from({ length: 13 }, (_, i) => `db${String(i).padStart(2, "0")}`);
    expect(privilegeWarning({ ...confined, otherDatabases })).toContain("databases db00, db01, db02, db03, db04, db05, db06, db07, db08, db09 and 3 more).");
  });
});

// Roles are server-wide: these have unique names and are dropped afterwards.
const suffix = randomUUID().slice(0, 8);
const roles = { plain: `synclane_probe_plain_${suffix}`, files: `synclane_probe_files_${suffix}`, creator: `synclane_probe_creator_${suffix}` };
let db: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  db = await createTestDatabase(`probe_${suffix}`);
  await db.client.query(`CREATE ROLE ${quoteIdentifier(roles.plain)} LOGIN`);
  await db.client.query(`CREATE ROLE ${quoteIdentifier(roles.files)} LOGIN IN ROLE pg_read_server_files, pg_write_server_files`);
  await db.client.query(`CREATE ROLE ${quoteIdentifier(roles.creator)} LOGIN CREATEROLE`);
});

afterAll(async () => {
  if (!db) return;
  for (const role of Object.values(roles)) await db.client.query(`DROP ROLE IF EXISTS ${quoteIdentifier(role)}`);
  await db.drop();
});

describe("Test connectivity of a Hologres data source", () => {
  it("warns when the user is a superuser, naming the other databases it reaches", async () => {
    const result = await testHologresConnection(db.config);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warning).toMatch(/^This user can do anything on the server: Pre-SQL, Query and Create Table run with its rights \(/);
    expect(result.warning).toContain(`${db.config.user} is a superuser; can also connect to databases `);
    expect(result.warning).not.toContain(db.config.database);
  });

  it("warns about the server's file roles and CREATEROLE, not calling such users superusers", async () => {
    const files = await testHologresConnection({ ...db.config, user: roles.files });
    expect(files.ok && files.warning).toContain(`${roles.files} is a member of pg_read_server_files, pg_write_server_files`);
    expect(files.ok && files.warning).not.toContain("superuser");
    const creator = await testHologresConnection({ ...db.config, user: roles.creator });
    expect(creator.ok && creator.warning).toContain("may create roles and grant them rights (CREATEROLE)");
  });

  it("warns about a plain user only for the other databases it may connect to", async () => {
    const plain = await testHologresConnection({ ...db.config, user: roles.plain });
    expect(plain.ok).toBe(true);
    if (!plain.ok) return;
    // PostgreSQL lets every role connect to every database unless CONNECT is revoked from PUBLIC.
    expect(plain.warning).toMatch(new RegExp(`\\(${roles.plain} can also connect to databases [^;]+\\)\\.$`));
  });
});
