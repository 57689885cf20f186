/**
 * npm run chaos   (CHAOS_ROWS=50000 by default; CHAOS_SCENARIOS=worker,writer,source,stop,crowd)
 *
 * Fault injection against the real parts, on this machine only: workers (one a process
 * killed with SIGKILL), the local MaxCompute service (stopped and started again mid-run),
 * PostgreSQL (the writer's backends terminated). Every scenario runs for each write mode
 * (fast without a key, fast with a primary key and Replace, SQL mode), lets the struck run
 * end, reruns it when it failed, and compares the target with the source row by row. The
 * console's metadata goes to its own database, synclane_chaos, created and migrated here.
 * Exits 1 when any target differs from the source.
 */
import { databaseUrl, ensureDatabase } from "./support/database-url";
import { migrateDatabase } from "./db-migrate";

const ROWS = Number(process.env.CHAOS_ROWS ?? 50_000);
const chosen = new Set((process.env.CHAOS_SCENARIOS ?? "worker,writer,source,stop,crowd").split(","));

const url = new URL(databaseUrl());
url.pathname = "/synclane_chaos";
process.env.DATABASE_URL = url.toString();
// Data sources are sealed with this key and deleted when the run ends.
const { generateSecretKey } = await import("../lib/secrets");
process.env.SYNCLANE_SECRET_KEY ??= generateSecretKey();
await ensureDatabase(url.toString());
await migrateDatabase(url.toString());

const { openChaosLab, writeModeCases, writeModeLabels } = await import("../lib/chaos/chaos-lab");
const scenarios = await import("../lib/chaos/scenarios");
const { db } = await import("../lib/db");

const log = (line: string) => console.log(line);
console.log(`Chaos: ${ROWS.toLocaleString("en-US")} rows per run; write modes: ${writeModeCases.map((mode) => `${mode} = ${writeModeLabels[mode]}`).join("; ")}\n`);
const lab = await openChaosLab({ rows: ROWS });
const results: Awaited<ReturnType<typeof scenarios.workerKilled>>[] = [];
const record = (result: (typeof results)[number]) => {
  results.push(result);
  log(scenarios.describeResult(result));
};
try {
  await lab.startWorker();
  for (const mode of writeModeCases) {
    if (chosen.has("worker")) record(await scenarios.workerKilled(lab, mode));
    if (chosen.has("writer")) record(await scenarios.writerConnectionKilled(lab, mode));
    if (chosen.has("source")) record(await scenarios.sourceRestarted(lab, mode));
    if (chosen.has("stop")) record(await scenarios.stoppedAndRerun(lab, mode));
  }
  if (chosen.has("crowd")) for (const result of await scenarios.crowdWithWorkerKilled(lab, writeModeCases)) record(result);
} finally {
  await lab.close();
  await db.$disconnect();
}
const failed = results.filter((result) => !result.ok).length;
console.log(`\n${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
