import mysql from "mysql2/promise";
import type { MysqlConfig } from "../connectors/mysql/mysql-config";
import { quoteMysqlIdentifier } from "../sql-identifier";

/**
 * Test helper: a fresh database `synclane_test_<tag>_<suffix>` on the local MariaDB
 * (127.0.0.1:3306, root; MYSQL_HOST/MYSQL_PORT/MYSQL_USER/MYSQL_PASSWORD override), and an
 * admin connection that may run several statements at once to load it.
 */
export async function createMysqlTestDatabase(suffix: string): Promise<{ config: MysqlConfig; admin: mysql.Connection; drop: () => Promise<void> }> {
  const base = {
    host: process.env.MYSQL_HOST ?? "127.0.0.1",
    port: Number(process.env.MYSQL_PORT ?? 3306),
    user: process.env.MYSQL_USER ?? "root",
    password: process.env.MYSQL_PASSWORD ?? "",
  };
  const tag = process.env.SYNCLANE_TEST_DB_TAG ? `${process.env.SYNCLANE_TEST_DB_TAG}_` : "";
  const database = `synclane_test_${tag}${suffix}`;
  const admin = await mysql.createConnection({ ...base, multipleStatements: true, charset: "UTF8MB4_GENERAL_CI" });
  await admin.query(`DROP DATABASE IF EXISTS ${quoteMysqlIdentifier(database)}`);
  await admin.query(`CREATE DATABASE ${quoteMysqlIdentifier(database)} CHARACTER SET utf8mb4`);
  await admin.query(`USE ${quoteMysqlIdentifier(database)}`);
  return {
    config: { ...base, database },
    admin,
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${quoteMysqlIdentifier(database)}`).catch(() => {});
      await admin.end().catch(() => {});
    },
  };
}
