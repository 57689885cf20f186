import type { Connection } from "mysql2";

/** MariaDB and MySQL limit a statement's time with different syntax: which one the server speaks. */
export type MysqlFlavour = "mariadb" | "mysql";

/** Asked once per connection: MariaDB's version text says so (`10.11.19-MariaDB-0+deb12u1`). */
export async function detectMysqlFlavour(connection: Connection): Promise<MysqlFlavour> {
  const [rows] = await connection.promise().query("SELECT VERSION()");
  return /mariadb/i.test(String((rows as unknown[][])[0]?.[0] ?? "")) ? "mariadb" : "mysql";
}

/**
 * A SELECT the server stops after `timeoutMs`. MariaDB (10.1+) takes `SET STATEMENT
 * max_statement_time` in seconds; MySQL (5.7.8+) takes the `MAX_EXECUTION_TIME` optimizer
 * hint in milliseconds, which older MySQL servers read as a comment and ignore.
 */
export function selectWithTimeout(select: string, { flavour, timeoutMs }: { flavour: MysqlFlavour; timeoutMs: number }): string {
  const ms = Math.max(1, Math.ceil(timeoutMs));
  if (!/^SELECT\s/i.test(select)) throw new Error("selectWithTimeout takes a statement starting with SELECT");
  return flavour === "mariadb" ? `SET STATEMENT max_statement_time=${ms / 1000} FOR ${select}` : `SELECT /*+ MAX_EXECUTION_TIME(${ms}) */ ${select.replace(/^SELECT\s+/i, "")}`;
}

/** The server's "statement took longer than its limit" error, on MariaDB (1969) or MySQL (3024). */
export function isMysqlStatementTimeout(error: unknown): boolean {
  const { code, errno } = (error ?? {}) as { code?: string; errno?: number };
  return code === "ER_STATEMENT_TIMEOUT" || code === "ER_QUERY_TIMEOUT" || errno === 1969 || errno === 3024;
}
