// The body of `npm start` (scripts/start.mjs installs dependencies and generates the
// Prisma client first): PostgreSQL, migrations, the demo set-up, the local MaxCompute
// service, the build, then the console.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { databaseUrl, ensureDatabase } from "./support/database-url";
import { buildIsStale } from "./support/build-freshness";
import { firstAdminPasswordNotice, loadOrCreateMaxComputeCredentials, loadOrCreateSecretKey, stateDir } from "./support/local-state";
import { ensurePostgres } from "./support/postgres-server";
import { migrateDatabase } from "./db-migrate";
import { ROW_STREAMING_NODE_FLAGS } from "./support/row-streaming-node-flags";

const root = path.resolve(import.meta.dirname, "..");
const log = (line: string) => console.log(`▸ ${line}`);
const children: ChildProcess[] = [];
const closers: (() => Promise<void>)[] = [];

async function shutdown(code: number) {
  for (const child of children) child.kill("SIGTERM");
  for (const close of closers) await close().catch(() => {});
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

async function main() {
  const dir = stateDir(root);
  const secret = loadOrCreateSecretKey(dir);
  process.env.SYNCLANE_SECRET_KEY = secret.key;
  if (secret.source === "generated") {
    log(`Generated an encryption key for secrets into ${path.relative(root, dir)}/secret.key (set SYNCLANE_SECRET_KEY to use your own). Keep it: stored secrets cannot be opened without it.`);
  }

  process.env.NEXT_TELEMETRY_DISABLED ??= "1";
  const url = databaseUrl();
  process.env.DATABASE_URL = url;
  await ensurePostgres(url, log);
  if (await ensureDatabase(url)) log(`Created database ${new URL(url).pathname.slice(1)}.`);
  const applied = await migrateDatabase(url);
  log(applied.length ? `Applied migrations: ${applied.join(", ")}` : "Database schema is up to date.");

  // Imported only now: these modules open the database named by DATABASE_URL.
  const { ensureAdminUser, ensureDemoWorkspace, ensureDemoDataSources } = await import("./support/seed-demo");
  const adminName = process.env.SYNCLANE_ADMIN_USER || "admin";
  const admin = await ensureAdminUser({ username: adminName, password: process.env.SYNCLANE_ADMIN_PASSWORD, stateDir: dir });
  if (admin.passwordFile) log(`Created the administrator "${adminName}". ${firstAdminPasswordNotice(admin.passwordFile, root)}`);
  const workspace = await ensureDemoWorkspace([admin.user.id]);

  const holoUrl = new URL(process.env.HOLO_DEMO_DATABASE_URL || url);
  if (!process.env.HOLO_DEMO_DATABASE_URL) holoUrl.pathname = "/holo_demo";
  if (await ensureDatabase(holoUrl.toString())) log(`Created the local Hologres database ${holoUrl.pathname.slice(1)}.`);

  const { ensureHologresDemoRole } = await import("./support/hologres-demo-role");
  const { created, ...hologres } = await ensureHologresDemoRole({ holoUrl: holoUrl.toString(), consoleUrl: url, stateDir: dir });
  if (created) log(`Created the role ${hologres.user}: it owns ${hologres.database} and nothing else; the demo data source logs in with it.`);

  const maxCompute = await startMaxCompute(dir);
  await ensureDemoDataSources({ workspaceId: workspace.id, maxCompute: maxCompute?.dataSource, hologres });
  log(`Demo workspace "${workspace.displayName}" is ready with data sources odps_first and holo_demo.`);

  if (process.env.SYNCLANE_SKIP_BUILD !== "1" && buildIsStale(root)) {
    log("Building the console (next build)…");
    const build = spawnSync("npx", ["next", "build"], { cwd: root, stdio: "inherit", env: process.env });
    if (build.status !== 0) throw new Error("next build failed; see the output above.");
  }

  const port = process.env.PORT || "3000";
  const host = process.env.HOST || "127.0.0.1";
  // The console's own server (it knows each client's address; see the file), run by Node
  // directly (not through npx) so that stopping this child stops the server. It is not
  // given --conditions=react-server: Next.js sets up its server environments itself.
  const web = spawn(process.execPath, ["--import", "tsx", "scripts/console-server.ts"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NODE_ENV: "production", HOST: host, PORT: port },
  });
  children.push(web);
  web.on("exit", (code) => void shutdown(code ?? 1));

  // The default resource group and a worker serving it; more workers: npm run worker -- --group NAME.
  const { ensureDefaultResourceGroup } = await import("@/lib/data/resource-groups");
  const defaultGroup = await ensureDefaultResourceGroup({ bindTo: [workspace.id] });
  const worker = spawn(process.execPath, [...ROW_STREAMING_NODE_FLAGS, "--conditions=react-server", "--import", "tsx", "scripts/worker.ts", "--group", defaultGroup.name], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: process.env,
  });
  children.push(worker);
  worker.on("exit", (code, signal) => {
    if (signal !== "SIGTERM") log(`The worker of resource group "${defaultGroup.name}" exited (${signal ?? code}); runs wait until a worker serves the group.`);
  });

  console.log("");
  console.log(`  Synclane is running:   ${consoleUrl(host, port)}`);
  console.log(`  Log in as:             ${adminName}`);
  if (admin.passwordFile) {
    console.log(`  Password:              ${firstAdminPasswordNotice(admin.passwordFile, root)}`);
  } else {
    console.log(`  Password:              the one you set; the first one is SYNCLANE_ADMIN_PASSWORD or in ${path.relative(root, path.join(dir, "admin-password.txt"))}`);
  }
  if (maxCompute) {
    console.log(`  Local MaxCompute:      ${maxCompute.dataSource.endpoint}  (project ${maxCompute.dataSource.project}, AccessKey ID ${maxCompute.dataSource.accessKeyId})`);
  }
  console.log("");
}

/** The address to open in a browser: localhost for loopback, the host otherwise. */
function consoleUrl(host: string, port: string): string {
  if (["127.0.0.1", "localhost", "::1"].includes(host)) return `http://localhost:${port}`;
  if (["0.0.0.0", "::"].includes(host)) return `http://localhost:${port}  (listening on every interface: use this machine's name or address from elsewhere)`;
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

async function startMaxCompute(dir: string) {
  if (process.env.SYNCLANE_MAXCOMPUTE === "off") return null;
  const credentials = loadOrCreateMaxComputeCredentials(dir);
  const { startLocalMaxCompute, ensureDemoTables } = await import("@/lib/maxcompute-local");
  const port = Number(process.env.SYNCLANE_MAXCOMPUTE_PORT || 8110);
  const service = await startLocalMaxCompute({
    dataDir: path.join(dir, "maxcompute"),
    host: "127.0.0.1",
    port,
    ...credentials,
  });
  closers.push(() => service.close());
  log("Loading the guide's demo tables into the local MaxCompute service (first start only)…");
  await ensureDemoTables(service);
  log(`Local MaxCompute service listens on ${service.endpoint}`);
  return {
    dataSource: {
      endpoint: service.endpoint,
      tunnelEndpoint: service.tunnelEndpoint,
      project: credentials.project,
      accessKeyId: credentials.accessKeyId,
      accessKeySecret: credentials.accessKeySecret,
    },
  };
}

main().catch(async (error) => {
  console.error(`\n✖ ${error instanceof Error ? error.message : error}`);
  await shutdown(1);
});
