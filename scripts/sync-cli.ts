/**
 * npm run sync -- --job job.json --param bizdate=20261123 [--param k=v ...]
 *                 [--datasources ds.json] [--scheduled-time 20261124003000] [--args "k=v ..."] [--dry-run]
 *
 * Runs a job spec (DataWorks script mode) with the sync engine: a progress bar on a terminal,
 * the DataX-style log and final summary, exit code 0 on success, 1 on failure, 130 when
 * cancelled (Ctrl-C), 2 on a usage error.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { connectorFor, connectorsByType, type DataSourceConfig } from "../lib/sync-engine/connectors";
import { formatBytes } from "../lib/sync-engine/channel/progress-tracker";
import { listJobSpecParameters, safeParseJobSpec } from "../lib/sync-engine/job-spec";
import { resolveJob, runJob, type RunProgress } from "../lib/sync-engine/runner";
import { SyncError } from "../lib/sync-engine/sync-error";

const USAGE = `Usage: npm run sync -- --job <job.json> [--param key=value ...] [--workspace NAME | --datasources <ds.json>]
                       [--scheduled-time yyyymmddhh24miss] [--args "key=value ..."] [--dry-run]

  --workspace    take the data sources by name from this console workspace (default: demo)
  --datasources  or from a JSON file: { "<name>": { "type": "<type>", "config": {...} } }, the type one of
                 ${Object.keys(connectorsByType).join(", ")} (e.g. { "shop": { "type": "mysql", "config": { "host": "127.0.0.1",
                 "port": 3306, "database": "shop", "user": "root", "password": "" } } })`;

/**
 * Where data sources come from: a JSON file (`--datasources`), or else the console's data
 * sources of a workspace, by name, with their secrets opened (the same lookup runs use).
 */
export async function resolveDataSources(
  names: string[],
  options: { file?: string; workspace?: string },
): Promise<Record<string, DataSourceConfig>> {
  if (!options.file) return consoleDataSources(names, options.workspace ?? "demo");
  const parsed = JSON.parse(await readFile(options.file, "utf8")) as Record<string, DataSourceConfig>;
  const result: Record<string, DataSourceConfig> = {};
  for (const name of names) {
    const source = parsed[name];
    if (!source) throw new SyncError("DATASOURCE_NOT_FOUND", `Data source "${name}" is not in ${options.file} (it has: ${Object.keys(parsed).join(", ") || "none"}).`);
    const connector = connectorFor(String((source as { type?: unknown }).type));
    if (!connector) {
      throw new SyncError("DATASOURCE_TYPE_MISMATCH", `Data source "${name}" in ${options.file} has unknown type "${String((source as { type?: unknown }).type)}" (known: ${Object.keys(connectorsByType).join(", ")}).`);
    }
    // The connector's own schema checks the configuration, so a typo is named here, not mid-run.
    try {
      result[name] = { type: source.type, config: connector.parseConfig(source.config) } as DataSourceConfig;
    } catch (error) {
      throw new SyncError("INVALID_PARAMETER", `Data source "${name}" in ${options.file}: ${(error as Error).message.replace(/\s+/g, " ").slice(0, 400)}`);
    }
  }
  return result;
}

async function consoleDataSources(names: string[], workspaceName: string): Promise<Record<string, DataSourceConfig>> {
  // The console's key opens the sealed secrets: the environment's, or the one npm start keeps.
  if (!process.env.SYNCLANE_SECRET_KEY) {
    const keyFile = path.join(process.env.SYNCLANE_STATE_DIR || path.resolve(import.meta.dirname, "../.synclane"), "secret.key");
    process.env.SYNCLANE_SECRET_KEY = await readFile(keyFile, "utf8").then((text) => text.trim(), () => undefined);
  }
  const { findWorkspaceByName } = await import("../lib/data/workspaces");
  const { resolveDataSource } = await import("../lib/data/data-sources");
  const { toEngineDataSource } = await import("../lib/engine-data-source");
  const { ConsoleError } = await import("../lib/console-error");
  const { db } = await import("../lib/db");
  try {
    const workspace = await findWorkspaceByName(workspaceName);
    if (!workspace) {
      throw new SyncError("DATASOURCE_NOT_FOUND", `There is no workspace "${workspaceName}" in the console's database (${process.env.DATABASE_URL ? "DATABASE_URL" : "the default"}). Pass --workspace NAME or --datasources <file.json>.`);
    }
    const result: Record<string, DataSourceConfig> = {};
    for (const name of names) {
      try {
        result[name] = toEngineDataSource(await resolveDataSource({ workspaceId: workspace.id, name }));
      } catch (error) {
        if (error instanceof ConsoleError) throw new SyncError("DATASOURCE_NOT_FOUND", `${error.message} (workspace ${workspaceName})`);
        throw error;
      }
    }
    return result;
  } finally {
    await db.$disconnect();
  }
}

function renderBar(progress: RunProgress): string {
  const width = 30;
  const percent = progress.percent ?? 0;
  const filled = Math.round((percent / 100) * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${percent.toFixed(1).padStart(5)}% ${progress.recordsWritten} records${progress.recordsUncommitted > 0 ? ` (+${progress.recordsUncommitted} until commit)` : ""} ${formatBytes(progress.bytesPerSecond)}/s ${Math.round(progress.recordsPerSecond)} rec/s dirty ${progress.dirtyRecords}`;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        job: { type: "string" },
        param: { type: "string", multiple: true },
        datasources: { type: "string" },
        workspace: { type: "string" },
        "scheduled-time": { type: "string" },
        args: { type: "string" },
        "dry-run": { type: "boolean" },
        help: { type: "boolean" },
      },
      allowPositionals: false,
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help || !args.job) {
    console.error(USAGE);
    return args.help ? 0 : 2;
  }
  const parameters: Record<string, string> = {};
  for (const pair of args.param ?? []) {
    const eq = pair.indexOf("=");
    if (eq <= 0) {
      console.error(`--param ${pair}: expected key=value.\n${USAGE}`);
      return 2;
    }
    parameters[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  let specText: string;
  try {
    specText = await readFile(args.job, "utf8");
  } catch (error) {
    console.error(`Cannot read ${args.job}: ${(error as Error).message}`);
    return 2;
  }
  const parsed = safeParseJobSpec(specText);
  if (!parsed.ok) {
    console.error(parsed.issues.map((i) => `  ${i.path}: ${i.message}`).join("\n"));
    console.error("Invalid job spec.");
    return 1;
  }
  const context = { parameters, scheduledTime: args["scheduled-time"], nodeArguments: args.args };
  if (args["dry-run"]) {
    try {
      const resolved = resolveJob(parsed.spec, context);
      const used = listJobSpecParameters(parsed.spec, { nodeArguments: args.args });
      console.log(`Job spec is valid. Parameters used: ${used.map((p) => p.name).join(", ") || "none"}.`);
      console.log(`Resolved: ${Object.entries(resolved.parameters).map(([k, v]) => `${k}=${v}`).join(" ") || "(none)"}`);
      console.log(JSON.stringify(resolved.spec, null, 2));
      await resolveDataSources([...new Set(resolved.spec.steps.map((s) => s.parameter.datasource))], { file: args.datasources, workspace: args.workspace });
      console.log("Data sources found.");
      return 0;
    } catch (error) {
      console.error(error instanceof SyncError ? `[${error.code}] ${error.message}` : String(error));
      return 1;
    }
  }
  let dataSources: Record<string, DataSourceConfig>;
  try {
    dataSources = await resolveDataSources([...new Set(parsed.spec.steps.map((s) => s.parameter.datasource))], { file: args.datasources, workspace: args.workspace });
  } catch (error) {
    console.error(error instanceof SyncError ? `[${error.code}] ${error.message}` : String(error));
    return 1;
  }

  const tty = process.stdout.isTTY === true;
  let barShown = false;
  const clearBar = (): void => {
    if (tty && barShown) process.stdout.write("\r\x1b[2K");
    barShown = false;
  };
  const controller = new AbortController();
  process.once("SIGINT", () => {
    clearBar();
    console.error("Cancelling...");
    controller.abort();
  });
  const report = await runJob(parsed.spec, {
    ...context,
    dataSources,
    signal: controller.signal,
    onLog: (line) => {
      clearBar();
      const text = `${line.at.toISOString()} ${line.level.toUpperCase().padEnd(5)} ${line.message}`;
      if (line.level === "error") console.error(text);
      else console.log(text);
    },
    onProgress: (progress) => {
      if (!tty || progress.stage !== "running") return;
      process.stdout.write(`\r\x1b[2K${renderBar(progress)}`);
      barShown = true;
    },
  });
  clearBar();
  return report.status === "succeeded" ? 0 : report.status === "cancelled" ? 130 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
