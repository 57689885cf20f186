import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createDataSource } from "@/lib/data/data-sources";
import { createResourceGroup } from "@/lib/data/resource-groups";
import { ensureDemoTables, startLocalMaxCompute, type LocalMaxComputeService } from "@/lib/maxcompute-local";
import { dataSourceFormSchema } from "@/lib/schemas/data-source";
import { generateCreateTableDdl } from "@/lib/sync-engine/connectors/hologres";
import { createMaxComputeClient } from "@/lib/sync-engine/connectors/maxcompute";
import { createTestDatabase } from "@/lib/sync-engine/testing/postgres-test-database";
import { startWorker, type WorkerHandle } from "@/lib/worker/worker";
import type { NodeScheduling } from "./node-scheduling";
import { manualClock } from "./scheduler-clock";
import { startSchedulerLoop, type SchedulerHandle } from "./scheduler-loop";
import { createDeployedNode, createSchedulingWorkspace, everyDayAt } from "./testing/deployed-node";

/**
 * Scheduled instances end to end: the scheduler loop (on a clock the test moves), real
 * workers and the engine, from the local MaxCompute service over HTTP into PostgreSQL
 * standing in for Hologres. The data sources' Development configuration points at another
 * database, so a run that used it would leave the target empty.
 */

const BANK_ROWS = 8_000;
const suffix = randomUUID().slice(0, 8);
const credentials = { project: "synclane_scheduled_test", accessKeyId: "scheduled-key-id", accessKeySecret: "scheduled-key-secret" };
const fastTiming = { heartbeatMs: 300, leaseMs: 1_500, reapEveryMs: 500, pollMs: 200, flushMs: 300 };
// Starts the day before the first test's day, so that day is generated (caught up) once its node exists.
const clock = manualClock(new Date("2031-07-31T12:00:00Z"));
let service: LocalMaxComputeService;
let dataDir: string;
let target: Awaited<ReturnType<typeof createTestDatabase>>;
let development: Awaited<ReturnType<typeof createTestDatabase>>;
let w: Awaited<ReturnType<typeof createSchedulingWorkspace>>;
let scheduler: SchedulerHandle;
const workers: WorkerHandle[] = [];
const groupIds: string[] = [];

async function newGroup(slots: number) {
  const name = `sched_${suffix}_${groupIds.length}`;
  const { id } = await createResourceGroup({ name, slots, description: "", workspaceIds: [w.workspaceId] });
  groupIds.push(id);
  return { id, name };
}

async function bankSpec(table: string, mbps?: number) {
  const spec = JSON.parse(await readFile(path.resolve("lib/sync-engine/examples/bank-data-to-holo.json"), "utf8"));
  spec.steps[1].parameter.table = table;
  spec.setting.speed = mbps ? { throttle: true, mbps: String(mbps), concurrent: 1 } : { throttle: false, concurrent: 2 };
  return spec;
}

async function createTargetTable(table: string) {
  const odps = createMaxComputeClient({ endpoint: service.endpoint, tunnelEndpoint: service.tunnelEndpoint, ...credentials });
  const ddl = generateCreateTableDdl(await odps.getTable("bank_data"), { tableName: table, flavour: "postgres" });
  odps.close();
  await target.client.query(ddl);
  await development.client.query(ddl);
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

const instanceOf = (nodeId: string) => db.instance.findFirstOrThrow({ where: { nodeId }, orderBy: { scheduledAt: "desc" } });
const count = async (database: { client: { query(sql: string): Promise<{ rows: { n: number }[] }> } }, table: string) =>
  (await database.client.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "synclane-scheduled-test-"));
  service = await startLocalMaxCompute({ dataDir, port: 0, ...credentials });
  await ensureDemoTables(service, { bankDataRows: BANK_ROWS, days: 1 });
  target = await createTestDatabase(`scheduled_${suffix}`);
  development = await createTestDatabase(`scheduled_dev_${suffix}`);
  w = await createSchedulingWorkspace({ name: `scheduled_${suffix}`, timeZone: "UTC", mode: "standard" });
  const maxCompute = { endpoint: service.endpoint, tunnelEndpoint: service.tunnelEndpoint, ...credentials };
  await createDataSource(w.workspaceId, dataSourceFormSchema.parse({ type: "odps", name: "odps_first", environments: ["development", "production"], ...maxCompute, production: maxCompute }));
  const holo = (database: typeof target) => ({
    host: database.config.host,
    port: database.config.port,
    database: database.config.database,
    user: database.config.user,
    password: database.config.password,
  });
  await createDataSource(
    w.workspaceId,
    dataSourceFormSchema.parse({
      type: "holo",
      connectionMode: "connection_string",
      name: "holo_demo",
      environments: ["development", "production"],
      ...holo(development),
      production: holo(target),
    }),
  );
  scheduler = startSchedulerLoop({ clock, lockKey: BigInt(`0x${randomUUID().replace(/-/g, "").slice(0, 12)}`), tickMs: 200, workspaceIds: [w.workspaceId] });
  await waitFor("the scheduler to become active", async () => scheduler.isActive());
});

afterAll(async () => {
  await scheduler?.stop();
  for (const worker of workers) await worker.stop().catch(() => {});
  if (w) await db.workspace.delete({ where: { id: w.workspaceId } });
  await db.resourceGroup.deleteMany({ where: { id: { in: groupIds } } });
  await target?.drop();
  await development?.drop();
  await service?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  await db.$disconnect();
});

describe("scheduled instances end to end", () => {
  it("a deployed node's instance runs at its time through a worker on Production data sources, and the target holds exactly the source rows", async () => {
    const group = await newGroup(2);
    workers.push(await startWorker({ groupName: group.name, timing: fastTiming, clock }));
    await createTargetTable("public.bank_scheduled");
    const node = await createDeployedNode({
      workflowId: w.workflowId,
      name: "bank_scheduled",
      scheduling: { ...everyDayAt("01:00"), validTo: "2031-08-01" },
      jobSpec: await bankSpec("public.bank_scheduled"),
      resourceGroupId: group.id,
      deployedAt: new Date("2031-07-01T00:00:00Z"),
    });
    clock.set(new Date("2031-08-01T00:59:00Z"));
    await scheduler.nextTick();
    // Today's generation was missing (catch-up); its 01:00 instance waits for its time.
    const waiting = await instanceOf(node.nodeId);
    expect(waiting).toMatchObject({ status: "waitingTime", bizdate: "20310731", runNumber: 0 });
    await scheduler.nextTick();
    expect((await instanceOf(node.nodeId)).status).toBe("waitingTime");

    clock.set(new Date("2031-08-01T01:00:00Z"));
    const done = await waitFor("the instance to end", async () => {
      const instance = await instanceOf(node.nodeId);
      return instance.status === "succeeded" || instance.status === "failed" ? instance : null;
    });
    const run = await db.run.findUniqueOrThrow({ where: { id: done.currentRunId! }, include: { logs: true } });
    expect(run.errorMessage).toBeNull();
    expect(done).toMatchObject({ status: "succeeded", runNumber: 1 });
    expect(run).toMatchObject({ status: "succeeded", environment: "production", runNumber: 1, bizdate: "20310731", recordsWritten: BigInt(BANK_ROWS) });
    expect(run.logs.map((line) => line.line)).toContain("Scheduled run: data sources use their Production configuration.");
    expect(await count(target, "public.bank_scheduled")).toBe(BANK_ROWS);
    expect(await count(development, "public.bank_scheduled")).toBe(0);
  });

  it("stops a run at its timeout and fails it with TIMEOUT, without an automatic rerun", async () => {
    const group = await newGroup(1);
    workers.push(await startWorker({ groupName: group.name, timing: fastTiming, clock }));
    await createTargetTable("public.bank_timeout");
    const scheduling: NodeScheduling = { ...everyDayAt("02:00"), validFrom: "2031-08-02", validTo: "2031-08-02", timeoutMinutes: 1, autoRerun: { times: 3, intervalMinutes: 1 } };
    const node = await createDeployedNode({
      workflowId: w.workflowId,
      name: "bank_timeout",
      scheduling,
      jobSpec: await bankSpec("public.bank_timeout", 0.05),
      resourceGroupId: group.id,
      deployedAt: new Date("2031-07-01T00:00:00Z"),
    });
    // Today is generated already (the first test): this node's first instance is tomorrow's.
    clock.set(new Date("2031-08-01T23:30:00Z"));
    await waitFor("tomorrow's instance", async () => db.instance.findFirst({ where: { nodeId: node.nodeId, bizdate: "20310801" } }));
    clock.set(new Date("2031-08-02T02:00:00Z"));
    const running = await waitFor("the instance to run", async () => {
      const instance = await instanceOf(node.nodeId);
      return instance.status === "running" ? instance : null;
    });
    clock.advance(60_000);
    const failed = await waitFor("the timeout", async () => {
      const instance = await instanceOf(node.nodeId);
      return instance.status === "failed" ? instance : null;
    });
    expect(failed).toMatchObject({ runNumber: 1, autoRerunsUsed: 0, currentRunId: running.currentRunId });
    const run = await db.run.findUniqueOrThrow({ where: { id: running.currentRunId! } });
    expect(run).toMatchObject({ status: "failed", errorCode: "TIMEOUT", timeoutSeconds: 60 });
    expect(run.errorMessage).toMatch(/^The run went on longer than its timeout \(1 minute, the node's Timeout definition\) and was stopped\./);
    expect(run.recordsWritten).toBeLessThan(BigInt(BANK_ROWS));
    clock.advance(5 * 60_000);
    await scheduler.nextTick();
    expect(await db.run.count({ where: { instanceId: failed.id } })).toBe(1);
  });

  it("a worker process killed mid-instance fails that attempt; auto rerun runs it again and the target holds exactly the source rows", { timeout: 180_000 }, async () => {
    const group = await newGroup(1);
    await createTargetTable("public.bank_killed");
    const node = await createDeployedNode({
      workflowId: w.workflowId,
      name: "bank_killed",
      scheduling: { ...everyDayAt("03:00"), validFrom: "2031-08-03", validTo: "2031-08-03", autoRerun: { times: 1, intervalMinutes: 2 } },
      jobSpec: await bankSpec("public.bank_killed", 0.2),
      resourceGroupId: group.id,
      deployedAt: new Date("2031-07-01T00:00:00Z"),
    });
    clock.set(new Date("2031-08-02T23:30:00Z"));
    await waitFor("tomorrow's instance", async () => db.instance.findFirst({ where: { nodeId: node.nodeId, bizdate: "20310802" } }));
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts", "--group", group.name], {
      // A longer lease than the in-process workers': a process loading the engine on a busy machine can miss a 1.5 s lease while alive.
      env: { ...process.env, SYNCLANE_WORKER_TIMING: JSON.stringify({ ...fastTiming, leaseMs: 8_000 }), SYNCLANE_SCHEDULER: "off" },
      stdio: "ignore",
    });
    let firstRunId: string;
    try {
      // Its time comes only once the worker process is up (starting one takes seconds on a busy machine).
      await waitFor("the worker process to start", async () => db.worker.findFirst({ where: { pid: child.pid, resourceGroupId: group.id } }), 90_000);
      clock.set(new Date("2031-08-03T03:00:00Z"));
      firstRunId = await waitFor("the worker process to be moving rows of the first attempt", async () => {
        const instance = await instanceOf(node.nodeId);
        if (!instance.currentRunId) return null;
        const run = await db.run.findUniqueOrThrow({ where: { id: instance.currentRunId } });
        if (run.status !== "running" && run.status !== "queued") {
          const logs = await db.runLog.findMany({ where: { runId: run.id }, orderBy: { id: "asc" } });
          throw new Error(`The first attempt ended before it was killed: ${run.status} ${run.errorCode} ${run.errorMessage}\n${logs.map((l) => l.line).join("\n")}`);
        }
        return run.status === "running" && run.recordsRead > 0n ? run.id : null;
      }, 60_000);
    } finally {
      child.kill("SIGKILL");
    }
    // Another worker of the group: its reaper notices the dead worker's lease, and it runs the rerun.
    workers.push(await startWorker({ groupName: group.name, timing: fastTiming, clock }));
    const retrying = await waitFor("the auto rerun to wait for its interval", async () => {
      const instance = await instanceOf(node.nodeId);
      return instance.status === "waitingTime" && instance.autoRerunsUsed === 1 ? instance : null;
    });
    expect((await db.run.findUniqueOrThrow({ where: { id: firstRunId } })).errorCode).toBe("WORKER_LOST");
    expect(retrying.message).toMatch(/^Attempt 1 failed \(WORKER_LOST\); automatic rerun 1 of 1/);
    clock.advance(2 * 60_000);
    const done = await waitFor("the rerun to end", async () => {
      const instance = await instanceOf(node.nodeId);
      return instance.status === "succeeded" || instance.status === "failed" ? instance : null;
    }, 60_000);
    expect(done).toMatchObject({ status: "succeeded", runNumber: 2 });
    expect(await count(target, "public.bank_killed")).toBe(BANK_ROWS);
    // Row for row the same as the first test's target, which a single clean run filled.
    const { rows } = await target.client.query(
      "SELECT count(*)::int AS n FROM ((SELECT * FROM public.bank_killed EXCEPT ALL SELECT * FROM public.bank_scheduled) UNION ALL (SELECT * FROM public.bank_scheduled EXCEPT ALL SELECT * FROM public.bank_killed)) d",
    );
    expect(rows[0].n).toBe(0);
  });
});
