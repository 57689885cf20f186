import mysql from "mysql2";
import { z } from "zod";
import { EndpointRefusedError, resolveAllowedAddresses } from "../../endpoint-guard";
import { SyncError, type SyncErrorCode } from "../../sync-error";

export const mysqlConfigSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  database: z.string().min(1),
  user: z.string().min(1),
  password: z.string().default(""),
  ssl: z.boolean().optional(),
  /** The connection's character set; utf8mb4 (all of Unicode) unless set. */
  charset: z.string().optional(),
});
export type MysqlConfig = z.infer<typeof mysqlConfigSchema>;

export const MYSQL_CONNECT_TIMEOUT_MS = 10_000;

/**
 * Opens one connection. The session time zone is UTC (`+00:00`), so TIMESTAMP columns
 * (stored as instants) are read as UTC text and handed on with `+00`; DATETIME has no zone
 * and is read as written. Dates, big integers and decimals arrive as text (`dateStrings`,
 * `bigNumberStrings`): exact, and zero dates survive to be refused by name.
 */
export async function connectMysql(config: MysqlConfig): Promise<mysql.Connection> {
  const charset = (config.charset ?? "utf8mb4").trim().toUpperCase();
  let connection: mysql.Connection;
  let address: string;
  try {
    // Link-local and cloud metadata addresses are refused (endpoint-guard); the socket goes
    // to the checked address, never to the name again.
    address = (await resolveAllowedAddresses(config.host, { endpoint: `${config.host}:${config.port}` }))[0]!.address;
  } catch (error) {
    throw mapMysqlError(error, config);
  }
  try {
    connection = mysql.createConnection({
      host: address,
      port: config.port,
      database: config.database,
      user: config.user,
      password: config.password,
      ssl: config.ssl ? { rejectUnauthorized: false } : undefined,
      charset,
      connectTimeout: MYSQL_CONNECT_TIMEOUT_MS,
      timezone: "Z",
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
      decimalNumbers: false,
      rowsAsArray: true,
      // The reader converts JSON itself (text, exactly as stored); BIT stays bytes.
      jsonStrings: true,
      typeCast: exactDoubles,
    } as mysql.ConnectionOptions);
  } catch (error) {
    throw mapMysqlError(error, config);
  }
  // Errors after a failed connect, or of an idle connection, are reported through the calls.
  connection.on("error", () => {});
  try {
    await connection.promise().connect();
    await connection.promise().query("SET time_zone = '+00:00'");
  } catch (error) {
    connection.destroy();
    throw mapMysqlError(error, config);
  }
  return connection;
}

/**
 * FLOAT and DOUBLE as the exact double of the server's text: mysql2's own parser sums digits
 * for texts of up to 17 characters and is one unit in the last place off for about 1 in 70
 * 16-digit values (9039222031.874893 became 9039222031.874891).
 */
function exactDoubles(field: { type: string; string(encoding?: string): string | null }, next: () => unknown): unknown {
  if (field.type !== "DOUBLE" && field.type !== "FLOAT") return next();
  const text = field.string("latin1");
  return text === null ? null : Number(text);
}

type MysqlDriverError = { code?: string; errno?: number; sqlMessage?: string; message?: string; fatal?: boolean };

/** True when the connection itself went away (server restart, KILL, network). */
export function isMysqlConnectionLost(error: unknown): boolean {
  const code = (error as MysqlDriverError)?.code;
  return code === "PROTOCOL_CONNECTION_LOST" || code === "ECONNRESET" || code === "EPIPE" || code === "ER_CONNECTION_KILLED" || code === "ER_SERVER_SHUTDOWN" || code === "ER_QUERY_INTERRUPTED";
}

/** The driver's and server's errors as the engine's codes, naming the server and what to do. Never the password. */
export function mapMysqlError(error: unknown, config: Pick<MysqlConfig, "host" | "port" | "database" | "user" | "charset">): SyncError {
  if (error instanceof SyncError) return error;
  if (error instanceof EndpointRefusedError) return new SyncError("SOURCE_UNREACHABLE", error.message, { cause: error });
  const driver = error as MysqlDriverError;
  const server = `${config.host}:${config.port}`;
  const said = driver.sqlMessage ?? driver.message ?? String(error);
  const make = (code: SyncErrorCode, message: string) => new SyncError(code, message, { cause: error });
  switch (driver.code) {
    case "ECONNREFUSED":
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
      return make("SOURCE_UNREACHABLE", `MySQL server ${server} cannot be reached (${driver.code}): check the host and port, and that the server listens there.`);
    case "ER_ACCESS_DENIED_ERROR":
    case "ER_DBACCESS_DENIED_ERROR":
      return make("SOURCE_AUTH_FAILED", `MySQL server ${server} refused user "${config.user}": check the user and password (${said}).`);
    case "ER_BAD_DB_ERROR":
      return make("SOURCE_PROJECT_NOT_FOUND", `MySQL server ${server} has no database "${config.database}": check the database name.`);
    case "ER_UNKNOWN_CHARACTER_SET":
      return make("INVALID_PARAMETER", `charset: MySQL server ${server} does not know the character set "${config.charset}": use utf8mb4, or one SHOW CHARACTER SET lists.`);
    default:
      break;
  }
  if (/charset/i.test(said) && /unknown|not supported|invalid/i.test(said)) {
    return make("INVALID_PARAMETER", `charset: the character set "${config.charset}" is not one MySQL knows: use utf8mb4.`);
  }
  if (isMysqlConnectionLost(error)) return make("SOURCE_CONNECTION_LOST", `The connection to MySQL server ${server} was lost: ${said}.`);
  return make("SOURCE_READ_FAILED", `MySQL server ${server}: ${said}`);
}
