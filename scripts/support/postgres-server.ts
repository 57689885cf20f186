import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import pg from "pg";

async function answers(url: string): Promise<string | null> {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Makes sure PostgreSQL answers at the URL's server. A local Debian cluster that is down is
 * started; anything else stops with a message that says what to set.
 */
export async function ensurePostgres(url: string, log: (line: string) => void): Promise<void> {
  const firstError = await answers(url);
  if (!firstError) return;
  const host = new URL(url).hostname;
  const local = ["127.0.0.1", "localhost", "::1", ""].includes(host);
  if (local && existsSync("/usr/bin/pg_lsclusters")) {
    const clusters = execFileSync("pg_lsclusters", ["--no-header"], { encoding: "utf8" })
      .split("\n")
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields.length >= 4 && fields[3] !== "online");
    for (const [version, name] of clusters) {
      log(`PostgreSQL ${version}/${name} is down: starting it…`);
      spawnSync("pg_ctlcluster", ["--skip-systemctl-redirect", version, name, "start"], { stdio: "inherit" });
    }
    for (let attempt = 0; attempt < 20; attempt += 1) {
      if (!(await answers(url))) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  throw new Error(
    `PostgreSQL does not answer at ${new URL(url).host} (${firstError}). ` +
      "Start PostgreSQL, or set DATABASE_URL to a server you can reach, e.g. postgresql://user:password@host:5432/synclane.",
  );
}
