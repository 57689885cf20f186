import net from "node:net";
import pg from "pg";
import { EndpointRefusedError, resolveAllowedAddresses, type AddressLookup, type ResolvedAddress } from "../../endpoint-guard";
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

export type ConnectOptions = {
  connectTimeoutMs?: number;
  applicationName?: string;
  /** Resolves the host; the system resolver unless a test stands in for it. */
  lookup?: AddressLookup;
};

/**
 * A client for one already checked address. With SSL on, the TLS server name stays the
 * host the user gave (the address is only where the socket goes).
 */
export function createPgClient(config: HologresConfig, options: ConnectOptions & { serverName?: string } = {}): pg.Client {
  const serverName = options.serverName && !net.isIP(options.serverName) ? { servername: options.serverName } : {};
  return new pg.Client({
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.user,
    password: config.password,
    ssl: config.ssl ? { rejectUnauthorized: false, ...serverName } : undefined,
    connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    application_name: options.applicationName ?? "synclane",
  });
}

// Failures that say "not at this address": the next address of the host is tried.
const NEXT_ADDRESS_CODES = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"]);

/**
 * Connects, mapping failures to codes a user can act on; the message never contains the
 * password. The host is resolved and every address checked first (link-local and cloud
 * metadata addresses are refused, see endpoint-guard); the socket then goes to a checked
 * address, never to the name again, so a second DNS answer cannot redirect it.
 */
export async function connectHologres(config: HologresConfig, options: ConnectOptions = {}): Promise<pg.Client> {
  let addresses: ResolvedAddress[];
  try {
    addresses = await resolveAllowedAddresses(config.host, { endpoint: `${config.host}:${config.port}`, lookup: options.lookup });
  } catch (error) {
    throw mapConnectionError(error, config);
  }
  let failure: unknown = Object.assign(new Error(`getaddrinfo ENOTFOUND ${config.host}`), { code: "ENOTFOUND" });
  for (const { address } of addresses) {
    const client = createPgClient({ ...config, host: address }, { ...options, serverName: config.host });
    // An idle connection error (server restart) must not crash the process; the next query reports it.
    client.on("error", () => {});
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => {});
      failure = error;
      if (!NEXT_ADDRESS_CODES.has((error as { code?: string }).code ?? "")) break;
    }
  }
  throw mapConnectionError(failure, config);
}

export function describeEndpoint(config: HologresConfig): string {
  return `${config.host}:${config.port}/${config.database}`;
}

export function mapConnectionError(error: unknown, config: HologresConfig): SyncError {
  if (error instanceof EndpointRefusedError) return new SyncError("TARGET_UNREACHABLE", error.message, { cause: error });
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
    case "57P03":
      message = `${where} is not accepting connections now (SQLSTATE 57P03: ${redact(err.message ?? "", config)}): the server is starting or shutting down; retry shortly.`;
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

// SQLSTATE class 08 (connection exception) and 57P01-57P03 (the server ended the session),
// and the socket errors of a connection cut under a statement.
const CONNECTION_LOST_CODES = new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT", "57P01", "57P02", "57P03", "08000", "08003", "08006"]);
// What node-postgres says when the socket closed: during a statement, or before the next one.
const CONNECTION_LOST_MESSAGES = /Connection terminated|Client has encountered a connection error|terminating connection|server closed the connection/i;

/** True when an error says the connection is gone, not that a statement failed on it. */
export function isConnectionLost(error: unknown): boolean {
  const err = error as { code?: unknown; message?: unknown } | null;
  if (typeof err?.code === "string" && CONNECTION_LOST_CODES.has(err.code)) return true;
  return typeof err?.message === "string" && CONNECTION_LOST_MESSAGES.test(err.message);
}

/** What happened to a lost connection, in words: `the server ended the session (SQLSTATE 57P01 ...)`. */
export function describeConnectionLoss(error: unknown, config: HologresConfig): string {
  const err = error as { code?: string; message?: string };
  const message = redact(err.message ?? String(error), config);
  switch (err.code) {
    case "57P01":
      return `the server ended the session (SQLSTATE 57P01, admin_shutdown: ${message})`;
    case "57P02":
      return `the server crashed and ended the session (SQLSTATE 57P02, crash_shutdown: ${message})`;
    case "57P03":
      return `the server is not accepting connections (SQLSTATE 57P03: ${message})`;
    case "ECONNRESET":
      return "the connection was reset (ECONNRESET)";
    case "EPIPE":
      return "the connection closed while rows were being sent (EPIPE)";
    case "ETIMEDOUT":
      return "the connection timed out (ETIMEDOUT)";
    default:
      return err.code && /^[0-9A-Z]{5}$/.test(err.code) ? `${message} (SQLSTATE ${err.code})` : message;
  }
}

/**
 * `Lost the connection to Hologres target holo_demo (host:5432/db) while writing public.t:
 * <what happened>. <what it means for the run>`
 */
export function connectionLostError(options: { dataSource: string; config: HologresConfig; table: string; what: string; consequence: string; cause: unknown }): SyncError {
  const endpoint = describeEndpoint(options.config);
  return new SyncError(
    "TARGET_CONNECTION_LOST",
    `Lost the connection to Hologres target ${options.dataSource} (${endpoint}) while writing ${options.table}: ${options.what}. ${options.consequence}`,
    { cause: options.cause, details: { dataSource: options.dataSource, endpoint, table: options.table } },
  );
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
