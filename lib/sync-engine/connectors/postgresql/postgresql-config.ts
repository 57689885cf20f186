import pg from "pg";
import { z } from "zod";
import { EndpointRefusedError, resolveAllowedAddresses } from "../../endpoint-guard";
import { SyncError } from "../../sync-error";

export const postgresqlConfigSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  database: z.string().min(1),
  user: z.string().min(1),
  password: z.string().default(""),
  ssl: z.boolean().optional(),
});
export type PostgresqlConfig = z.infer<typeof postgresqlConfigSchema>;

/** One connection in UTC, named in pg_stat_activity. */
export async function connectPostgresql(config: PostgresqlConfig): Promise<pg.Client> {
  let address: string;
  try {
    // As every connector: refuse link-local and metadata addresses, connect to the checked one.
    address = (await resolveAllowedAddresses(config.host, { endpoint: `${config.host}:${config.port}` }))[0]!.address;
  } catch (error) {
    throw mapPostgresqlError(error, config);
  }
  const client = new pg.Client({
    host: address,
    port: config.port,
    database: config.database,
    user: config.user,
    password: config.password,
    ssl: config.ssl ? { rejectUnauthorized: false } : undefined,
    connectionTimeoutMillis: 10_000,
    application_name: "synclane-reader",
    options: "-c TimeZone=UTC -c DateStyle=ISO",
  });
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw mapPostgresqlError(error, config);
  }
  return client;
}

/** Server and driver errors as the engine's codes, naming the server; never the password. */
export function mapPostgresqlError(error: unknown, config: Pick<PostgresqlConfig, "host" | "port" | "database" | "user">): SyncError {
  if (error instanceof SyncError) return error;
  if (error instanceof EndpointRefusedError) return new SyncError("SOURCE_UNREACHABLE", error.message, { cause: error });
  const driver = error as { code?: string; message?: string };
  const server = `${config.host}:${config.port}`;
  const said = driver.message ?? String(error);
  switch (driver.code) {
    case "ECONNREFUSED":
    case "ENOTFOUND":
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
      return new SyncError("SOURCE_UNREACHABLE", `PostgreSQL server ${server} cannot be reached (${driver.code}): check the host and port.`, { cause: error });
    case "28P01":
    case "28000":
      return new SyncError("SOURCE_AUTH_FAILED", `PostgreSQL server ${server} refused user "${config.user}": check the user and password.`, { cause: error });
    case "3D000":
      return new SyncError("SOURCE_PROJECT_NOT_FOUND", `PostgreSQL server ${server} has no database "${config.database}".`, { cause: error });
    case "57P01":
    case "ECONNRESET":
      return new SyncError("SOURCE_CONNECTION_LOST", `The connection to PostgreSQL server ${server} was lost: ${said}.`, { cause: error });
    default:
      if (/timeout/i.test(said)) return new SyncError("SOURCE_UNREACHABLE", `PostgreSQL server ${server} did not answer within 10 s.`, { cause: error });
      return new SyncError("SOURCE_READ_FAILED", `PostgreSQL server ${server}: ${said}`, { cause: error });
  }
}
