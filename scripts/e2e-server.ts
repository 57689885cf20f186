// The console as the browser tests see it: `npm start`'s code path, on its own port and
// with its own databases, state folder and MaxCompute port, started from empty each run.
import { rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { quoteIdentifier } from "../lib/sync-engine/sql-identifier";
import { e2eSettings } from "../e2e/support/e2e-settings";

async function dropDatabases(names: string[]) {
  const admin = new URL(e2eSettings.databaseUrl);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  for (const name of names) await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
  await client.end();
}

await dropDatabases([e2eSettings.databaseName, e2eSettings.holoDatabaseName]);
rmSync(e2eSettings.stateDir, { recursive: true, force: true });
Object.assign(process.env, {
  DATABASE_URL: e2eSettings.databaseUrl,
  HOLO_DEMO_DATABASE_URL: e2eSettings.holoDatabaseUrl,
  SYNCLANE_STATE_DIR: e2eSettings.stateDir,
  // The scheduler reads its time from this file when it exists, so tests move it instead of sleeping.
  SYNCLANE_SCHEDULER_CLOCK_FILE: path.resolve(e2eSettings.schedulerClockFile),
  SYNCLANE_MAXCOMPUTE_PORT: String(e2eSettings.maxComputePort),
  SYNCLANE_ADMIN_PASSWORD: e2eSettings.adminPassword,
  SYNCLANE_SKIP_BUILD: "1",
  PORT: String(e2eSettings.port),
});
await import("./start-console");
