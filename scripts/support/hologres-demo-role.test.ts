// The demo's Hologres login against real PostgreSQL: what a member's Pre-SQL could do
// with it. Before, `npm start` registered the cluster's superuser, and a Pre-SQL of
// `COPY (SELECT 1) TO PROGRAM '...'` ran a command on the server.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quoteIdentifier } from "../../lib/sync-engine/sql-identifier";
import { probePrivileges } from "../../lib/sync-engine/connectors/hologres/connection-test";
import { ensureHologresDemoRole, type HologresDemoLogin } from "./hologres-demo-role";

const suffix = randomUUID().slice(0, 8);
const holoDatabase = `synclane_test_holo_role_${suffix}`;
const consoleDatabase = `synclane_test_console_${suffix}`;
const base = "postgresql://postgres@127.0.0.1:5432";
const stateDir = mkdtempSync(path.join(tmpdir(), "synclane-role-"));
let login: HologresDemoLogin;

async function asAdmin<T>(database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: `${base}/${database}` });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function asDemoLogin<T>(database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ ...login, database });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await asAdmin("postgres", async (client) => {
    await client.query(`CREATE DATABASE ${quoteIdentifier(holoDatabase)}`);
    await client.query(`CREATE DATABASE ${quoteIdentifier(consoleDatabase)}`);
  });
  // A table an earlier start made as the superuser: it must move to the role.
  await asAdmin(holoDatabase, (client) => client.query("CREATE TABLE public.made_before (id int)"));
  login = await ensureHologresDemoRole({ holoUrl: `${base}/${holoDatabase}`, consoleUrl: `${base}/${consoleDatabase}`, stateDir });
});

afterAll(async () => {
  await asAdmin("postgres", async (client) => {
    for (const name of [holoDatabase, consoleDatabase]) await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
    await client.query(`DROP ROLE IF EXISTS ${quoteIdentifier(holoDatabase)}`);
  });
  rmSync(stateDir, { recursive: true, force: true });
});

describe("the demo Hologres login", () => {
  it("is a role of its own, not a superuser", async () => {
    expect(login.user).toBe(holoDatabase);
    expect(login.password.length).toBeGreaterThanOrEqual(20);
    const role = await asAdmin("postgres", async (client) => (await client.query("SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = $1", [login.user])).rows[0]);
    expect(role).toEqual({ rolsuper: false, rolcreatedb: false, rolcreaterole: false });
  });

  it("cannot run a program on the server through COPY TO PROGRAM (the Pre-SQL attack)", async () => {
    const marker = path.join(stateDir, "pwned");
    const error = await asDemoLogin(holoDatabase, (client) => client.query(`COPY (SELECT 1) TO PROGRAM 'touch ${marker}'`)).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as { code?: string }).code).toBe("42501");
    expect(existsSync(marker)).toBe(false);
  });

  it("cannot read server files", async () => {
    const error = await asDemoLogin(holoDatabase, (client) => client.query("SELECT pg_read_file('/etc/passwd')")).catch((e: Error) => e);
    expect((error as { code?: string }).code).toBe("42501");
  });

  it("cannot connect to the console's metadata database", async () => {
    const error = await asDemoLogin(consoleDatabase, async () => undefined).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).toMatch(/permission denied for database/);
  });

  it("owns its database: creates tables and writes the ones made before", async () => {
    await asDemoLogin(holoDatabase, async (client) => {
      await client.query("CREATE TABLE public.made_now (id int)");
      await client.query("INSERT INTO public.made_now VALUES (1)");
      await client.query("INSERT INTO public.made_before VALUES (1)");
      await client.query("TRUNCATE public.made_before");
    });
  });

  it("gives Test connectivity nothing to warn about but databases other tools left open", async () => {
    const privileges = await asDemoLogin(holoDatabase, (client) => probePrivileges(client));
    expect(privileges).toMatchObject({ superuser: false, createRole: false, replication: false, serverRoles: [] });
    expect(privileges.otherDatabases).not.toContain(consoleDatabase);
    expect(privileges.otherDatabases).not.toContain(holoDatabase);
  });

  it("keeps its password across starts", async () => {
    const again = await ensureHologresDemoRole({ holoUrl: `${base}/${holoDatabase}`, consoleUrl: `${base}/${consoleDatabase}`, stateDir });
    expect(again.password).toBe(login.password);
    expect(again.created).toBe(false);
  });
});
