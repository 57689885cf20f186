import pg from "pg";
import type { HologresConfig } from "../connectors/hologres";
import { quoteIdentifier } from "../sql-identifier";

/** Test helper: a fresh PostgreSQL database named `synclane_test_engine_<suffix>` on the local server. */
export async function createTestDatabase(suffix: string): Promise<{ config: HologresConfig; client: pg.Client; drop: () => Promise<void> }> {
  const base = {
    host: process.env.PGHOST ?? "127.0.0.1",
    port: Number(process.env.PGPORT ?? 5432),
    user: process.env.PGUSER ?? "postgres",
    password: process.env.PGPASSWORD ?? "",
  };
  // SYNCLANE_TEST_DB_TAG keeps two checkouts testing at once out of each other's databases.
  const tag = process.env.SYNCLANE_TEST_DB_TAG ? `${process.env.SYNCLANE_TEST_DB_TAG}_` : "";
  const database = `synclane_test_engine_${tag}${suffix}`;
  const admin = new pg.Client({ ...base, database: "postgres" });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${quoteIdentifier(database)}`);
  await admin.end();
  const config: HologresConfig = { ...base, database };
  const client = new pg.Client(config);
  await client.connect();
  return {
    config,
    client,
    drop: async () => {
      await client.end().catch(() => {});
      const again = new pg.Client({ ...base, database: "postgres" });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`);
      await again.end();
    },
  };
}
