import type pg from "pg";
import type { SyncErrorCode } from "../../sync-error";
import { connectHologres, DEFAULT_CONNECT_TIMEOUT_MS, detectServer, type HologresConfig, type ServerFlavour } from "./hologres-config";

export type HologresConnectionTestResult =
  | {
      ok: true;
      flavour: ServerFlavour;
      serverVersion: string;
      version: string;
      /** What makes the user's rights risky (see privilegeWarning), or null. */
      warning: string | null;
    }
  | { ok: false; code: Extract<SyncErrorCode, "TARGET_AUTH_FAILED" | "TARGET_DATABASE_NOT_FOUND" | "TARGET_UNREACHABLE" | "TARGET_TIMEOUT">; message: string };

/**
 * "Test connectivity" for a Hologres data source: connects within 10 s and reports the
 * server (Hologres or PostgreSQL, with its version) or the precise cause of failure, and
 * warns when the user's rights reach beyond the configured database.
 */
export async function testHologresConnection(config: HologresConfig, options: { timeoutMs?: number } = {}): Promise<HologresConnectionTestResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const deadline = new Promise<HologresConnectionTestResult>((resolve) => {
    const timer = setTimeout(
      () => resolve({ ok: false, code: "TARGET_TIMEOUT", message: `No answer from ${config.host}:${config.port} within ${Math.round(timeoutMs / 1000)} s: check the endpoint and firewall rules.` }),
      timeoutMs,
    );
    timer.unref();
  });
  const attempt = (async (): Promise<HologresConnectionTestResult> => {
    let client;
    try {
      client = await connectHologres(config, { connectTimeoutMs: timeoutMs });
    } catch (error) {
      const mapped = error as { code: string; message: string };
      return { ok: false, code: mapped.code as "TARGET_UNREACHABLE", message: mapped.message };
    }
    try {
      const server = await detectServer(client);
      const short = server.flavour === "hologres" ? `Hologres ${/Hologres\s*([\d.]+)/i.exec(server.version)?.[1] ?? server.version}` : `PostgreSQL ${/PostgreSQL\s+([\d.]+)/.exec(server.version)?.[1] ?? server.version}`;
      // A server whose catalog cannot answer the probe gets no warning rather than a failed test.
      const privileges = await probePrivileges(client).catch(() => null);
      return { ok: true, flavour: server.flavour, serverVersion: short, version: server.version, warning: privileges && privilegeWarning(privileges) };
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return Promise.race([attempt, deadline]);
}

/** What the connected user may do beyond reading and writing the configured database. */
export type UserPrivileges = {
  user: string;
  superuser: boolean;
  /** CREATEROLE: up to PostgreSQL 15 such a role can grant itself the roles below. */
  createRole: boolean;
  /** REPLICATION: may stream the changes of every database on the server. */
  replication: boolean;
  /** Member of the predefined roles that run programs and read or write files on the server. */
  serverRoles: string[];
  /**
   * Databases other than the configured one that the user may connect to. `postgres`, the
   * maintenance database every role may connect to by default and that holds no data, is
   * not counted: revoking it would break other tools, and counting it would flag every
   * confined user (the demo's own role included).
   */
  otherDatabases: string[];
};

// pg_signal_backend (cancel other users' queries) and CREATEDB (make new, empty databases)
// are left out: neither reaches existing data or the server's programs and files.
const SERVER_ROLES = ["pg_execute_server_program", "pg_read_server_files", "pg_write_server_files"];

export async function probePrivileges(client: pg.Client): Promise<UserPrivileges> {
  const { rows } = await client.query<{
    user: string;
    superuser: boolean;
    create_role: boolean;
    replication: boolean;
    server_roles: string[];
    other_databases: string[];
  }>(
    `SELECT r.rolname::text AS user, r.rolsuper AS superuser, r.rolcreaterole AS create_role, r.rolreplication AS replication,
            ARRAY(SELECT g.rolname::text FROM pg_roles g
                  WHERE g.rolname = ANY($1::text[]) AND pg_has_role(r.oid, g.oid, 'MEMBER') ORDER BY g.rolname) AS server_roles,
            ARRAY(SELECT d.datname::text FROM pg_database d
                  WHERE NOT d.datistemplate AND d.datallowconn AND d.datname NOT IN (current_database(), 'postgres')
                    AND has_database_privilege(d.oid, 'CONNECT') ORDER BY d.datname) AS other_databases
       FROM pg_roles r WHERE r.rolname = current_user`,
    [SERVER_ROLES],
  );
  const row = rows[0];
  if (!row) throw new Error("The current user is not in pg_roles.");
  return {
    user: row.user,
    superuser: row.superuser,
    createRole: row.create_role,
    replication: row.replication,
    serverRoles: row.server_roles,
    otherDatabases: row.other_databases,
  };
}

const MAX_DATABASES_NAMED = 10;

/**
 * The warning a data source shows when its user can do more than the sync needs:
 * everything a node's Pre-SQL, the Query page and Create Table send runs with these rights.
 * Null when the user is confined to the configured database.
 */
export function privilegeWarning(privileges: UserPrivileges): string | null {
  const reasons: string[] = [];
  if (privileges.superuser) {
    reasons.push("is a superuser");
  } else {
    if (privileges.serverRoles.length) reasons.push(`is a member of ${privileges.serverRoles.join(", ")}`);
    if (privileges.createRole) reasons.push("may create roles and grant them rights (CREATEROLE)");
    if (privileges.replication) reasons.push("may stream every database's changes (REPLICATION)");
  }
  const databases = privileges.otherDatabases;
  if (databases.length) {
    const named = databases.slice(0, MAX_DATABASES_NAMED).join(", ");
    const more = databases.length > MAX_DATABASES_NAMED ? ` and ${databases.length - MAX_DATABASES_NAMED} more` : "";
    reasons.push(`can also connect to databases ${named}${more}`);
  }
  if (reasons.length === 0) return null;
  return `This user can do anything on the server: Pre-SQL, Query and Create Table run with its rights (${privileges.user} ${reasons.join("; ")}).`;
}
