// Vitest global set-up: the console's own test database, created and migrated when
// needed. It never touches the databases `npm start` uses. Tests make their own
// workspaces with unique names, so data left by an earlier run does not matter.
import pg from "pg";
import { migrateDatabase } from "../scripts/db-migrate";
import { testDatabaseUrl } from "./test-env";

export default async function setup() {
  const url = new URL(testDatabaseUrl);
  url.pathname = "/postgres";
  const lock = new pg.Client({ connectionString: url.toString() });
  await lock.connect();
  // Two test runs at once (two terminals) must not migrate the same database together.
  await lock.query("SELECT pg_advisory_lock(727274)");
  try {
    await migrateDatabase(testDatabaseUrl);
  } finally {
    await lock.query("SELECT pg_advisory_unlock(727274)");
    await lock.end();
  }
}
