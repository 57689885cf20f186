import pg from "pg";
import { SyncError, type SyncErrorCode } from "../../sync-error";

/** A Hologres (or PostgreSQL) data source, resolved: the password is plain here and never logged. */
export type HologresConfig = {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  ssl?: boolean;
};

export type ServerFlavour = "hologres" | "postgres";

export type ServerInfo = { flavour: ServerFlavour; version: string; serverVersionNum: number };

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export function createPgClient(config: HologresConfig, options: { connectTimeoutMs?: number; applicationName?: string } = {}): pg.Client {
  return new pg.Client({
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.user,
    password: config.password,
    ssl: config.ssl ? { rejectUnauthorized: false } : undefined,
    connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    application_name: options.applicationName ?? "synclane",
  });
}

/** Connects, mapping failures to codes a user can act on; the message never contains the password. */
export async function connectHologres(config: HologresConfig, options: { connectTimeoutMs?: number; applicationName?: string } = {}): Promise<pg.Client> {
  const client = createPgClient(config, options);
  // An idle connection error (server restart) must not crash the process; the next query reports it.
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw mapConnectionError(error, config);
  }
  return client;
}

export function describeEndpoint(config: HologresConfig): string {
  return `${config.host}:${config.port}/${config.database}`;
}

export function mapConnectionError(error: unknown, config: HologresConfig): SyncError {
  const err = error as { code?: string; message?: string };
  const where = describeEndpoint(config);
  let code: SyncErrorCode = "TARGET_UNREACHABLE";
  let message: string;
  switch (err.code) {
    case "28P01":
    case "28000":
      code = "TARGET_AUTH_FAILED";
      message = `Authentication failed for user "${config.user}" on ${where}: check the user (AccessKey ID) and password (AccessKey secret).`;
      break;
    case "3D000":
      code = "TARGET_DATABASE_NOT_FOUND";
      message = `Database "${config.database}" does not exist on ${config.host}:${config.port}: check the database name.`;
      break;
    case "ECONNREFUSED":
      message = `Connection refused by ${config.host}:${config.port}: check the host and port, and that the server is running.`;
      break;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      message = `Host "${config.host}" could not be resolved: check the endpoint.`;
      break;
    case "EHOSTUNREACH":
    case "ENETUNREACH":
    case "ECONNRESET":
      message = `Host ${config.host}:${config.port} is unreachable (${err.code}): check the network path from this resource group.`;
      break;
    case "ETIMEDOUT":
      code = "TARGET_TIMEOUT";
      message = `Connecting to ${config.host}:${config.port} timed out: check the endpoint and firewall rules.`;
      break;
    default:
      if (/timeout/i.test(err.message ?? "")) {
        code = "TARGET_TIMEOUT";
        message = `Connecting to ${config.host}:${config.port} timed out: check the endpoint and firewall rules.`;
      } else {
        message = `Could not connect to ${where}: ${redact(err.message ?? String(error), config)}`;
      }
  }
  return new SyncError(code, message, { cause: error });
}

/** Removes the password from a server or driver message, should it ever appear. */
export function redact(text: string, config: HologresConfig): string {
  return config.password ? text.split(config.password).join("***") : text;
}

/** Tells Hologres from PostgreSQL: Hologres names itself in version() and has hg_version(). */
export async function detectServer(client: pg.Client): Promise<ServerInfo> {
  const { rows } = await client.query<{ version: string }>("SELECT version() AS version");
  const version = rows[0]?.version ?? "";
  const serverVersionNum = parseServerVersion(version);
  if (/hologres/i.test(version)) return { flavour: "hologres", version, serverVersionNum };
  try {
    // to_regproc answers without an error (and without a line in PostgreSQL's log) when the function is absent.
    const probe = await client.query<{ present: boolean }>("SELECT to_regproc('hg_version') IS NOT NULL AS present");
    if (!probe.rows[0]?.present) return { flavour: "postgres", version, serverVersionNum };
    const hg = await client.query<{ v: string }>("SELECT hg_version() AS v");
    return { flavour: "hologres", version: hg.rows[0]?.v ?? version, serverVersionNum };
  } catch {
    return { flavour: "postgres", version, serverVersionNum };
  }
}

function parseServerVersion(version: string): number {
  const match = /PostgreSQL (\d+)(?:\.(\d+))?/.exec(version);
  return match ? Number(match[1]) * 10_000 + Number(match[2] ?? 0) : 0;
}
