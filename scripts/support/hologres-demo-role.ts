// The local "Hologres" database is reached through a role of its own, never through the
// cluster's superuser: Pre-SQL, Post-SQL, Query and Create Table run with the data
// source's rights, and a superuser's rights include running programs on the server
// (`COPY ... TO PROGRAM`) and reading the console's own database.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { quoteIdentifier } from "../../lib/sync-engine/sql-identifier";

export type HologresDemoLogin = { host: string; port: number; database: string; user: string; password: string };

/** The role's password, made once per state folder (0600, like the other local secrets). */
function loadOrCreateRolePassword(stateDir: string, role: string): string {
  const file = path.join(stateDir, "hologres-demo-role.json");
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, "utf8")) as { role: string; password: string };
    if (stored.role === role) return stored.password;
  }
  const password = randomBytes(18).toString("base64url");
  writeFileSync(file, JSON.stringify({ role, password }, null, 2), { mode: 0o600 });
  return password;
}

/**
 * Makes `holoUrl`'s database owned by, and reachable only through, a login role named
 * after it with no other rights (no superuser, no CREATEDB/CREATEROLE, no membership), and
 * takes the right to connect to the console's metadata database away from everyone but
 * its owner and superusers. Returns the login the demo data source should use. When the
 * URL's user is not a superuser, nothing can be changed: that login is used as it is.
 */
export async function ensureHologresDemoRole(input: { holoUrl: string; consoleUrl: string; stateDir: string }): Promise<HologresDemoLogin & { created: boolean }> {
  const holo = new URL(input.holoUrl);
  const database = decodeURIComponent(holo.pathname.slice(1));
  const given = {
    host: holo.hostname,
    port: Number(holo.port || 5432),
    database,
    user: decodeURIComponent(holo.username || "postgres"),
    password: decodeURIComponent(holo.password),
  };
  const admin = new pg.Client({ connectionString: input.holoUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ rolsuper: boolean }>("SELECT rolsuper FROM pg_roles WHERE rolname = current_user");
    if (!rows[0]?.rolsuper) return { ...given, created: false };

    const role = database;
    const password = loadOrCreateRolePassword(input.stateDir, role);
    const exists = (await admin.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role])).rowCount;
    // Utility statements take no parameters: format() on the server quotes the password
    // literal, and the role name goes through the one identifier-quoting function.
    const attributes = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT";
    const statement = await admin.query<{ sql: string }>("SELECT format('%s %s WITH ' || $1 || ' PASSWORD %L', $2::text, $3::text, $4::text) AS sql", [
      attributes,
      exists ? "ALTER ROLE" : "CREATE ROLE",
      quoteIdentifier(role),
      password,
    ]);
    await admin.query(statement.rows[0].sql);
    // Whatever memberships an earlier set-up gave the role go.
    const memberships = await admin.query<{ name: string }>(
      "SELECT g.rolname AS name FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = $1",
      [role],
    );
    for (const { name } of memberships.rows) await admin.query(`REVOKE ${quoteIdentifier(name)} FROM ${quoteIdentifier(role)}`);

    await admin.query(`ALTER DATABASE ${quoteIdentifier(database)} OWNER TO ${quoteIdentifier(role)}`);
    await admin.query(`REVOKE ALL ON DATABASE ${quoteIdentifier(database)} FROM PUBLIC`);
    // Tables an earlier `npm start` made as the superuser move to the role, so syncs into
    // them keep working. System schemas stay as they are.
    const owned = await admin.query<{ kind: string; schema: string; name: string }>(
      `SELECT CASE WHEN c.relkind IN ('r', 'p') THEN 'TABLE' WHEN c.relkind = 'v' THEN 'VIEW' WHEN c.relkind = 'm' THEN 'MATERIALIZED VIEW' ELSE 'SEQUENCE' END AS kind,
              n.nspname AS schema, c.relname AS name
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
          AND pg_get_userbyid(c.relowner) <> $1 AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))`,
      [role],
    );
    for (const { kind, schema, name } of owned.rows) {
      await admin.query(`ALTER ${kind} ${quoteIdentifier(schema)}.${quoteIdentifier(name)} OWNER TO ${quoteIdentifier(role)}`);
    }
    const schemas = await admin.query<{ name: string }>(
      "SELECT nspname AS name FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg_%' AND pg_get_userbyid(nspowner) NOT IN ($1, 'pg_database_owner')",
      [role],
    );
    for (const { name } of schemas.rows) await admin.query(`ALTER SCHEMA ${quoteIdentifier(name)} OWNER TO ${quoteIdentifier(role)}`);

    const consoleDatabase = decodeURIComponent(new URL(input.consoleUrl).pathname.slice(1));
    await admin.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${quoteIdentifier(consoleDatabase)} FROM PUBLIC`);
    return { ...given, user: role, password, created: !exists };
  } finally {
    await admin.end();
  }
}
