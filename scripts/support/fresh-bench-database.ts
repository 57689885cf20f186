import pg from "pg";
import { quoteIdentifier } from "../../lib/sync-engine/sql-identifier";
import { migrateDatabase } from "../db-migrate";

const PG_URL = `postgresql://${process.env.PGUSER ?? "postgres"}@${process.env.PGHOST ?? "127.0.0.1"}:${process.env.PGPORT ?? 5432}`;

/** Drops and re-creates a benchmark's own console database, migrated; returns its URL. */
export async function freshBenchDatabase(database: string): Promise<string> {
  const admin = new pg.Client({ connectionString: `${PG_URL}/postgres` });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${quoteIdentifier(database)}`);
  } finally {
    await admin.end();
  }
  const url = `${PG_URL}/${database}`;
  await migrateDatabase(url);
  return url;
}
