/**
 * npm run bench   (BENCH_ROWS=1000000 by default)
 *
 * In one run on one PostgreSQL (database synclane_bench, created if missing):
 *  1. psql \copy of N generated bank_data rows from a CSV into an empty table: the ceiling;
 *  2. the same N rows synced from the local MaxCompute service into an identical table in
 *     fast mode (COPY) at concurrency 1, 2 and 4; SQL mode once; fast mode into a table with
 *     a primary key using Replace.
 * Each sync runs in a child process so its peak RSS is its own. Results go to
 * bench-results/<timestamp>.json and .md. It is a measure, not a test.
 * BENCH_CASES=0,1,2 limits the sync cases (0-2 fast at 1/2/4 channels, 3 SQL, 4 primary key,
 * 5-6 fast at 2 channels verifying by count, and by count and checksum; 7-8 the same rows read
 * from MariaDB (MYSQL_HOST, default 127.0.0.1:3306 root) with splitPk at 2 and 4 channels);
 * BENCH_BATCH_SIZE sets the writer's batchSize (rows) in every case;
 * BENCH_REPEAT=3 (default) runs the ceiling and every case that many times, round by round, and
 * reports medians.
 */
import { execFile, spawn } from "node:child_process";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import mysql from "mysql2/promise";
import pg from "pg";
import { BANK_DATA_COLUMNS, bankDataRow, LocalMaxComputeCatalog, startLocalMaxCompute } from "../lib/maxcompute-local";
import type { DataSourceConfig } from "../lib/sync-engine/connectors";
import type { JobSpecInput } from "../lib/sync-engine/job-spec";
import { runJob } from "../lib/sync-engine/runner";
import { quoteIdentifier } from "../lib/sync-engine/sql-identifier";
import { ROW_STREAMING_NODE_FLAGS } from "./support/row-streaming-node-flags";

const execFileAsync = promisify(execFile);
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3));
/** The writer's batchSize for every case (default: the writer's own, per write mode). */
const BATCH_SIZE = process.env.BENCH_BATCH_SIZE ? Number(process.env.BENCH_BATCH_SIZE) : undefined;
const PG = { host: process.env.PGHOST ?? "127.0.0.1", port: Number(process.env.PGPORT ?? 5432), user: process.env.PGUSER ?? "postgres", password: process.env.PGPASSWORD ?? "" };
// BENCH_DATABASE lets two checkouts bench at once without dropping each other's tables.
const DATABASE = process.env.BENCH_DATABASE ?? "synclane_bench";
const RESULTS_DIR = path.resolve("bench-results");
const SOURCE_DIR = path.join(RESULTS_DIR, "maxcompute-data");
const SOURCE_TABLE = "bank_data_bench";
const CREDENTIALS = { project: "synclane_bench", accessKeyId: "bench-key-id", accessKeySecret: "bench-key-secret" };

/** bank_data's columns plus an id, so that the Replace case has a primary key. */
const SOURCE_COLUMNS = [{ name: "id", type: "bigint", comment: "Row number" }, ...BANK_DATA_COLUMNS];
const PG_TYPES: Record<string, string> = { bigint: "int8", string: "text", double: "float8" };
const COLUMN_LIST = SOURCE_COLUMNS.map((c) => c.name);

type SyncCase = { name: string; writeMode: "sdk" | "sql"; concurrent: number; primaryKey: boolean; verify?: "count" | "checksum"; source?: "odps" | "mysql" };
type ChildResult = {
  status: string;
  error: string | null;
  durationMs: number;
  recordsWritten: number;
  bytesWritten: number;
  peakRssBytes: number;
  cpuSeconds: number;
  /** The verification's message, when the case verifies. */
  verification: string | null;
};
type Row = { name: string; rows: number; seconds: number; runs: number[]; syncCpuSeconds: number | null; rowsPerSecond: number; mbPerSecond: number; peakRssMb: number | null; ratio: number; status: string };

function tableDdl(name: string, primaryKey: boolean): string {
  const columns = SOURCE_COLUMNS.map((c) => `${quoteIdentifier(c.name)} ${PG_TYPES[c.type] ?? "text"}${primaryKey && c.name === "id" ? " PRIMARY KEY" : ""}`);
  return `DROP TABLE IF EXISTS ${quoteIdentifier(name)}; CREATE TABLE ${quoteIdentifier(name)} (${columns.join(", ")})`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function ensureDatabase(): Promise<void> {
  const admin = new pg.Client({ ...PG, database: "postgres" });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${quoteIdentifier(DATABASE)}`);
  await admin.end();
}

async function ensureSource(): Promise<void> {
  const catalog = await LocalMaxComputeCatalog.open({ dataDir: SOURCE_DIR });
  try {
    const table = await catalog.getTable(SOURCE_TABLE);
    if (table && (await catalog.totalRowCount(SOURCE_TABLE)) === ROWS) return;
    if (table) await catalog.dropTable(SOURCE_TABLE);
    const started = performance.now();
    await catalog.createTable({ name: SOURCE_TABLE, columns: SOURCE_COLUMNS, ifNotExists: true });
    await catalog.insertRows({
      table: SOURCE_TABLE,
      rows: (function* () {
        for (let i = 0; i < ROWS; i++) yield [BigInt(i), ...bankDataRow(i)];
      })(),
    });
    console.log(`Loaded ${ROWS} rows into the local MaxCompute table ${SOURCE_TABLE} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    catalog.close();
  }
}

const MYSQL = { host: process.env.MYSQL_HOST ?? "127.0.0.1", port: Number(process.env.MYSQL_PORT ?? 3306), user: process.env.MYSQL_USER ?? "root", password: process.env.MYSQL_PASSWORD ?? "" };
const MYSQL_TYPES: Record<string, string> = { bigint: "BIGINT", string: "VARCHAR(255)", double: "DOUBLE" };

/** The same N rows in MariaDB (database DATABASE, loaded from the CSV with LOAD DATA LOCAL INFILE), for the MySQL source cases. */
async function ensureMysqlSource(csv: string): Promise<void> {
  const connection = await mysql.createConnection({ ...MYSQL, multipleStatements: true, infileStreamFactory: () => createReadStream(csv) } as mysql.ConnectionOptions);
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${DATABASE}\`; USE \`${DATABASE}\``);
    const [existing] = await connection.query("SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", [DATABASE, SOURCE_TABLE]);
    if (Number((existing as Array<{ n: number }>)[0]!.n) > 0) {
      const [count] = await connection.query(`SELECT COUNT(*) AS n FROM \`${SOURCE_TABLE}\``);
      if (Number((count as Array<{ n: number }>)[0]!.n) === ROWS) return;
    }
    const columns = SOURCE_COLUMNS.map((c) => `\`${c.name}\` ${MYSQL_TYPES[c.type] ?? "TEXT"}${c.name === "id" ? " PRIMARY KEY" : ""}`);
    await connection.query(`DROP TABLE IF EXISTS \`${SOURCE_TABLE}\`; CREATE TABLE \`${SOURCE_TABLE}\` (${columns.join(", ")}) CHARACTER SET utf8mb4`);
    const started = performance.now();
    await connection.query({ sql: `LOAD DATA LOCAL INFILE 'bench.csv' INTO TABLE \`${SOURCE_TABLE}\` FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '"' LINES TERMINATED BY '\\n'`, infileStreamFactory: () => createReadStream(csv) } as unknown as string);
    console.log(`Loaded ${ROWS} rows into MariaDB ${DATABASE}.${SOURCE_TABLE} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    await connection.end();
  }
}

function csvField(value: unknown): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function writeCsv(file: string): Promise<number> {
  if (existsSync(file)) {
    const meta = JSON.parse(await readFile(`${file}.json`, "utf8").catch(() => "{}")) as { rows?: number; bytes?: number };
    if (meta.rows === ROWS && meta.bytes) return meta.bytes;
  }
  const out = createWriteStream(file);
  let bytes = 0;
  let buffer = "";
  for (let i = 0; i < ROWS; i++) {
    buffer += [BigInt(i), ...bankDataRow(i)].map(csvField).join(",") + "\n";
    if (buffer.length > 1 << 20) {
      bytes += Buffer.byteLength(buffer);
      if (!out.write(buffer)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
      buffer = "";
    }
  }
  bytes += Buffer.byteLength(buffer);
  out.write(buffer);
  await new Promise<void>((resolve) => out.end(resolve));
  await writeFile(`${file}.json`, JSON.stringify({ rows: ROWS, bytes }));
  return bytes;
}

async function psqlCopy(csv: string): Promise<number> {
  const client = new pg.Client({ ...PG, database: DATABASE });
  await client.connect();
  await client.query(tableDdl("bank_data_psql_copy", false));
  await client.query("CHECKPOINT");
  await client.end();
  const started = performance.now();
  await execFileAsync("psql", ["-h", PG.host, "-p", String(PG.port), "-U", PG.user, "-d", DATABASE, "-v", "ON_ERROR_STOP=1", "-c", `\\copy bank_data_psql_copy FROM '${csv}' WITH (FORMAT csv)`], {
    env: { ...process.env, PGPASSWORD: PG.password },
  });
  return (performance.now() - started) / 1000;
}

function spec(c: SyncCase, table: string): JobSpecInput {
  return {
    type: "job",
    version: "2.0",
    steps: [
      c.source === "mysql"
        ? { stepType: "mysql", category: "reader", name: "Reader", parameter: { datasource: "bench_mysql", table: SOURCE_TABLE, column: COLUMN_LIST, splitPk: "id" } }
        : { stepType: "odps", category: "reader", name: "Reader", parameter: { datasource: "bench_odps", table: SOURCE_TABLE, column: COLUMN_LIST } },
      {
        stepType: "holo",
        category: "writer",
        name: "Writer",
        parameter: { datasource: "bench_holo", table, column: COLUMN_LIST, writeMode: c.writeMode, conflictMode: "replace", truncate: true, ...(BATCH_SIZE ? { batchSize: BATCH_SIZE } : {}) },
      },
    ],
    setting: { errorLimit: { record: "0" }, speed: { throttle: false, concurrent: c.concurrent }, ...(c.verify ? { verify: c.verify } : {}) },
    order: { hops: [{ from: "Reader", to: "Writer" }] },
  };
}

async function highWaterMarkBytes(): Promise<number> {
  try {
    const status = await readFile("/proc/self/status", "utf8");
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Child mode: run one job and print the result with the process's peak RSS. */
async function child(configFile: string): Promise<void> {
  const { job, dataSources } = JSON.parse(await readFile(configFile, "utf8")) as { job: JobSpecInput; dataSources: Record<string, DataSourceConfig> };
  let peak = process.memoryUsage().rss;
  let atPeak = process.memoryUsage();
  const sampler = setInterval(() => {
    const rss = process.memoryUsage.rss();
    if (rss > peak) {
      peak = rss;
      atPeak = process.memoryUsage();
    }
  }, process.env.BENCH_DEBUG_MEMORY ? 5 : 100);
  const cpuBefore = process.cpuUsage();
  const report = await runJob(job, { dataSources });
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  // The kernel's high-water mark of this process's memory is VmHWM. Not getrusage's maxRSS:
  // Linux carries that across exec, so a child spawned by a big parent would report the parent's.
  peak = Math.max(peak, await highWaterMarkBytes());
  const result: ChildResult = {
    status: report.status,
    error: report.error ? `[${report.error.code}] ${report.error.message}` : null,
    durationMs: report.durationMs,
    recordsWritten: report.recordsWritten,
    bytesWritten: report.bytesWritten,
    peakRssBytes: peak,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    verification: report.verification?.message ?? null,
  };
  if (process.env.BENCH_DEBUG_MEMORY) console.error(`memory at the sampled peak: ${JSON.stringify(atPeak)}; VmHWM ${await highWaterMarkBytes()} B; getrusage maxRSS ${process.resourceUsage().maxRSS} KiB`);
  process.stdout.write(`\nBENCH_RESULT ${JSON.stringify(result)}\n`);
}

async function runChild(configFile: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...ROW_STREAMING_NODE_FLAGS, "--import", "tsx", path.resolve("scripts/bench.ts"), "--child", configFile], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    proc.stdout.on("data", (d) => (out += d));
    proc.on("error", reject);
    proc.on("close", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("BENCH_RESULT "));
      if (!line) return reject(new Error(`bench child exited with ${code} and no result:\n${out}`));
      resolve(JSON.parse(line.slice("BENCH_RESULT ".length)) as ChildResult);
    });
  });
}

async function main(): Promise<void> {
  if (process.argv[2] === "--child") return child(process.argv[3]!);
  await mkdir(RESULTS_DIR, { recursive: true });
  console.log(`Synclane bench: ${ROWS.toLocaleString("en-US")} bank_data rows, ${os.cpus().length} CPUs (load average ${os.loadavg()[0]!.toFixed(1)}), PostgreSQL database ${DATABASE}.`);
  await ensureDatabase();
  await ensureSource();
  const csv = path.join(RESULTS_DIR, `bank_data_${ROWS}.csv`);
  const csvBytes = await writeCsv(csv);
  if (!process.env.BENCH_CASES || /\b[78]\b/.test(process.env.BENCH_CASES)) await ensureMysqlSource(csv);

  const service = await startLocalMaxCompute({ dataDir: SOURCE_DIR, port: 0, ...CREDENTIALS });
  const dataSources: Record<string, DataSourceConfig> = {
    bench_odps: { type: "odps", config: { endpoint: service.endpoint, tunnelEndpoint: service.tunnelEndpoint, ...CREDENTIALS } },
    bench_holo: { type: "holo", config: { ...PG, database: DATABASE } },
    bench_mysql: { type: "mysql", config: { ...MYSQL, database: DATABASE } },
  };
  const results: Row[] = [];
  const cases: SyncCase[] = [
    { name: "fast (COPY), 1 channel", writeMode: "sdk", concurrent: 1, primaryKey: false },
    { name: "fast (COPY), 2 channels", writeMode: "sdk", concurrent: 2, primaryKey: false },
    { name: "fast (COPY), 4 channels", writeMode: "sdk", concurrent: 4, primaryKey: false },
    { name: "SQL (INSERT), 4 channels", writeMode: "sql", concurrent: 4, primaryKey: false },
    { name: "fast, primary key, Replace, 2 channels", writeMode: "sdk", concurrent: 2, primaryKey: true },
    { name: "fast (COPY), 2 channels, verify count", writeMode: "sdk", concurrent: 2, primaryKey: false, verify: "count" },
    { name: "fast (COPY), 2 channels, verify checksum", writeMode: "sdk", concurrent: 2, primaryKey: false, verify: "checksum" },
    { name: "MySQL source, fast (COPY), 2 channels, splitPk", writeMode: "sdk", concurrent: 2, primaryKey: false, source: "mysql" },
    { name: "MySQL source, fast (COPY), 4 channels, splitPk", writeMode: "sdk", concurrent: 4, primaryKey: false, source: "mysql" },
  ];
  // BENCH_CASES=0,1,2 runs only those cases (0-2 fast at 1/2/4 channels, 3 SQL, 4 primary key, 5-6 verify).
  const only = process.env.BENCH_CASES ? new Set(process.env.BENCH_CASES.split(",").map((n) => Number(n.trim()))) : null;
  const selected = [...cases.entries()].filter(([i]) => !only || only.has(i));
  const copyRuns: number[] = [];
  const caseRuns = new Map<number, { seconds: number; result: ChildResult }[]>(selected.map(([i]) => [i, []]));
  try {
    const admin = new pg.Client({ ...PG, database: DATABASE });
    await admin.connect();
    // Rounds: the ceiling, then every case, REPEAT times over, so that each measurement sees
    // PostgreSQL in a like state (checkpoints and the page cache move every single figure by
    // 10-20 % on a shared machine); the table gives medians.
    for (let round = 1; round <= REPEAT; round++) {
      const copySeconds = await psqlCopy(csv);
      copyRuns.push(copySeconds);
      console.log(`[${round}/${REPEAT}] psql \\copy: ${copySeconds.toFixed(2)} s, ${Math.round(ROWS / copySeconds)} rows/s`);
      for (const [i, c] of selected) {
        const table = `bank_data_sync_${i}`;
        await admin.query(tableDdl(table, c.primaryKey));
        await admin.query("CHECKPOINT");
        const configFile = path.join(RESULTS_DIR, `case-${i}.json`);
        await writeFile(configFile, JSON.stringify({ job: spec(c, table), dataSources }));
        const started = performance.now();
        // This process serves the local MaxCompute service meanwhile: its CPU is the source's cost.
        const serviceCpuBefore = process.cpuUsage();
        const result = await runChild(configFile);
        const serviceCpu = process.cpuUsage(serviceCpuBefore);
        const wall = (performance.now() - started) / 1000;
        const seconds = result.durationMs / 1000;
        caseRuns.get(i)!.push({ seconds, result });
        console.log(
          `[${round}/${REPEAT}] ${c.name}: ${seconds.toFixed(2)} s (process ${wall.toFixed(2)} s), ${Math.round(result.recordsWritten / seconds)} rows/s, peak RSS ${(result.peakRssBytes / 1024 / 1024).toFixed(0)} MB, sync CPU ${result.cpuSeconds.toFixed(1)} s, local MaxCompute CPU ${((serviceCpu.user + serviceCpu.system) / 1e6).toFixed(1)} s, ratio ${(copySeconds / seconds).toFixed(2)}${result.status === "succeeded" ? "" : ` ${result.status}: ${result.error}`}${result.verification ? ` | ${result.verification}` : ""}`,
        );
        const count = await admin.query(`SELECT count(*)::int AS n FROM ${quoteIdentifier(table)}`);
        if (count.rows[0].n !== ROWS) console.log(`  WARNING: ${table} holds ${count.rows[0].n} rows, expected ${ROWS}`);
        await admin.query(`DROP TABLE ${quoteIdentifier(table)}`);
      }
    }
    await admin.query("DROP TABLE IF EXISTS bank_data_psql_copy");
    await admin.end();
  } finally {
    await service.close();
  }

  const copySeconds = median(copyRuns);
  results.push({ name: "psql \\copy (ceiling)", rows: ROWS, seconds: copySeconds, runs: copyRuns, syncCpuSeconds: null, rowsPerSecond: ROWS / copySeconds, mbPerSecond: csvBytes / 1024 / 1024 / copySeconds, peakRssMb: null, ratio: 1, status: "ok" });
  for (const [i, c] of selected) {
    const runs = caseRuns.get(i)!;
    const seconds = median(runs.map((r) => r.seconds));
    const failed = runs.find((r) => r.result.status !== "succeeded");
    const last = runs[runs.length - 1]!.result;
    results.push({
      name: c.name,
      rows: last.recordsWritten,
      seconds,
      runs: runs.map((r) => r.seconds),
      syncCpuSeconds: median(runs.map((r) => r.result.cpuSeconds)),
      rowsPerSecond: last.recordsWritten / seconds,
      mbPerSecond: last.bytesWritten / 1024 / 1024 / seconds,
      peakRssMb: Math.max(...runs.map((r) => r.result.peakRssBytes)) / 1024 / 1024,
      ratio: copySeconds / seconds,
      status: failed ? `${failed.result.status}: ${failed.result.error}` : "ok",
    });
  }

  const header = `| case | rows | wall s (median of ${REPEAT}) | runs s | rows/s | MB/s | peak RSS MB | sync CPU s | ratio to psql \\copy | status |\n|---|---|---|---|---|---|---|---|---|---|`;
  const table = results
    .map((r) => `| ${r.name} | ${r.rows} | ${r.seconds.toFixed(2)} | ${r.runs.map((x) => x.toFixed(2)).join(" / ")} | ${Math.round(r.rowsPerSecond)} | ${r.mbPerSecond.toFixed(1)} | ${r.peakRssMb === null ? "-" : r.peakRssMb.toFixed(0)} | ${r.syncCpuSeconds === null ? "-" : r.syncCpuSeconds.toFixed(1)} | ${r.ratio.toFixed(2)} | ${r.status} |`)
    .join("\n");
  const fast = results.filter((r) => r.name.startsWith("fast (COPY)") && r.status === "ok").sort((a, b) => b.ratio - a.ratio)[0];
  const mysqlFast = results.filter((r) => r.name.startsWith("MySQL source") && r.status === "ok").sort((a, b) => b.ratio - a.ratio)[0];
  const summary = [
    fast
      ? `Best fast-mode ratio (medians of ${REPEAT}): ${fast.ratio.toFixed(2)} of psql \\copy (${fast.name}, ${Math.round(fast.rowsPerSecond)} rows/s) with peak RSS ${fast.peakRssMb!.toFixed(0)} MB (N=${ROWS}).`
      : "No MaxCompute fast-mode run.",
    mysqlFast ? `MySQL source: ${mysqlFast.ratio.toFixed(2)} of psql \\copy (${mysqlFast.name}, ${Math.round(mysqlFast.rowsPerSecond)} rows/s) with peak RSS ${mysqlFast.peakRssMb!.toFixed(0)} MB.` : "",
  ].filter(Boolean).join("\n");
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  await writeFile(path.join(RESULTS_DIR, `bench-${ROWS}-${stamp}.json`), JSON.stringify({ rows: ROWS, cpus: os.cpus().length, results }, null, 2));
  await writeFile(path.join(RESULTS_DIR, `bench-${ROWS}-${stamp}.md`), `${header}\n${table}\n\n${summary}\n`);
  console.log(`\n${header}\n${table}\n`);
  console.log(summary);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
