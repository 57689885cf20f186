import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createDataSource } from "@/lib/data/data-sources";
import { createResourceGroup, getConnectivityCheck, requestConnectivityCheck } from "@/lib/data/resource-groups";
import { getRunDetail, queueRerun, queueRun, requestRunStop } from "@/lib/data/runs";
import { createSyncNode, createWorkflow } from "@/lib/data/workflows";
import { ensureWorkspace } from "@/lib/data/workspaces";
import { ensureDemoTables, startLocalMaxCompute, type LocalMaxComputeService } from "@/lib/maxcompute-local";
import { dataSourceFormSchema } from "@/lib/schemas/data-source";
import { generateCreateTableDdl } from "@/lib/sync-engine/connectors/hologres";
import { createMaxComputeClient } from "@/lib/sync-engine/connectors/maxcompute";
import { createTestDatabase } from "@/lib/sync-engine/testing/postgres-test-database";
import { claimNextRun, failExpiredRuns, registerWorker } from "./run-queue";
import { startWorker, type WorkerHandle } from "./worker";

/**
 * The run queue and workers against real PostgreSQL, and one run driven end to end by a
 * worker: the local MaxCompute service over HTTP into a PostgreSQL database.
 */

const BANK_ROWS = 8_000;
const credentials = { project: "synclane_worker_test", accessKeyId: "worker-key-id", accessKeySecret: "worker-key-secret" };
const suffix = randomUUID().slice(0, 8);
let service: LocalMaxComputeService;
let dataDir: string;
let target: Awaited<ReturnType<typeof createTestDatabase>>;
let workspaceId = "";
let workflowId = "";
const workers: WorkerHandle[] = [];
const groupIds: string[] = [];
// Fast timings so that a dead worker is noticed within a test's patience.
const fastTiming = { heartbeatMs: 300, leaseMs: 1_500, reapEveryMs: 500, pollMs: 200, flushMs: 300 };

async function newGroup(slots: number): Promise<{ id: string; name: string }> {
  const name = `wt_${suffix}_${groupIds.length}`;
  const { id } = await createResourceGroup({ name, slots, description: "", workspaceIds: [workspaceId] });
  groupIds.push(id);
  return { id, name };
}

async function bankSpec(options: { mbps?: number; table?: string; verify?: "count" | "checksum" } = {}) {
  const spec = JSON.parse(await readFile(path.resolve("lib/sync-engine/examples/bank-data-to-holo.json"), "utf8"));
  spec.steps[1].parameter.table = options.table ?? "public.bank_data";
  spec.setting.speed = options.mbps ? { throttle: true, mbps: String(options.mbps), concurrent: 1 } : { throttle: false, concurrent: 2 };
  if (options.verify) spec.setting.verify = options.verify;
  return spec;
}

const KEYED_ROWS = 6_000;

/** `worker_keyed` (id, name) into `table`: 1,000-row batches on one channel. */
async function keyedSpec(table: string, conflictMode: "replace" | "ignore") {
  const spec = await bankSpec({ table });
  spec.steps[0].parameter = { ...spec.steps[0].parameter, table: "worker_keyed", column: ["id", "name"] };
  spec.steps[1].parameter = { ...spec.steps[1].parameter, column: ["id", "name"], conflictMode, batchSize: 1000, truncate: false };
  spec.setting.speed = { throttle: false, concurrent: 1 };
  return spec;
}

async function newNode(name: string, options: { groupId: string; jobSpec: unknown }) {
  const { id } = await createSyncNode(workspaceId, { nodeType: "batch_sync", name, workflowId }, "tester");
  await db.syncNode.update({ where: { id }, data: { jobSpec: options.jobSpec as object, resourceGroupId: options.groupId } });
  return id;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

const statusOf = async (runId: string) => (await db.run.findUniqueOrThrow({ where: { id: runId } })).status;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "synclane-worker-test-"));
  service = await startLocalMaxCompute({ dataDir, port: 0, ...credentials });
  await ensureDemoTables(service, { bankDataRows: BANK_ROWS, days: 1 });
  await service.catalog.createTable({
    name: "worker_keyed",
    columns: [
      { name: "id", type: "bigint", comment: "" },
      { name: "name", type: "string", comment: "" },
    ],
  });
  await service.catalog.insertRows({ table: "worker_keyed", rows: Array.from({ length: KEYED_ROWS }, (_, i) => [BigInt(i), `name ${i}`]) });
  target = await createTestDatabase(`worker_${suffix}`);
  const odps = createMaxComputeClient({ endpoint: service.endpoint, tunnelEndpoint: service.tunnelEndpoint, ...credentials });
  await target.client.query(generateCreateTableDdl(await odps.getTable("bank_data"), { tableName: "public.bank_data", flavour: "postgres" }));
  odps.close();

  workspaceId = (await ensureWorkspace({ name: `worker_${suffix}`, displayName: "Worker test", mode: "basic", memberIds: [] })).id;
  workflowId = (await createWorkflow(workspaceId, { name: "sales", description: "" })).id;
  await createDataSource(
    workspaceId,
    dataSourceFormSchema.parse({
      type: "odps",
      name: "odps_first",
      environments: ["production"],
      endpoint: service.endpoint,
      tunnelEndpoint: service.tunnelEndpoint,
      ...credentials,
    }),
  );
  await createDataSource(
    workspaceId,
    dataSourceFormSchema.parse({
      type: "holo",
      connectionMode: "connection_string",
      name: "holo_demo",
      environments: ["production"],
      host: target.config.host,
      port: target.config.port,
      database: target.config.database,
      user: target.config.user,
      password: target.config.password,
    }),
  );
});

afterAll(async () => {
  for (const worker of workers) await worker.stop().catch(() => {});
  if (workspaceId) await db.workspace.delete({ where: { id: workspaceId } });
  await db.resourceGroup.deleteMany({ where: { id: { in: groupIds } } });
  await target?.drop();
  await service?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  await db.$disconnect();
});

describe("the run queue", () => {
  it("never lets a group run more than its slots, however many workers claim at once", async () => {
    const group = await newGroup(2);
    const nodeId = await newNode("slots", { groupId: group.id, jobSpec: await bankSpec() });
    const runIds = [];
    for (let i = 0; i < 5; i++) runIds.push((await queueRun({ workspaceId, nodeId, parameters: {}, triggeredBy: "tester" })).runId);
    const a = await registerWorker({ resourceGroupId: group.id, hostname: "a", pid: 1 });
    const b = await registerWorker({ resourceGroupId: group.id, hostname: "b", pid: 2 });
    const attempts = Array.from({ length: 10 }, (_, i) => claimNextRun({ workerId: i % 2 ? a.id : b.id, resourceGroupId: group.id }));
    const claimed = (await Promise.all(attempts)).filter(Boolean);
    expect(claimed).toHaveLength(2);
    // The oldest runs go first.
    expect(claimed.map((run) => run!.id).sort()).toEqual(runIds.slice(0, 2).sort());
    expect(await db.run.count({ where: { resourceGroupId: group.id, status: "running" } })).toBe(2);
    expect(await db.run.count({ where: { resourceGroupId: group.id, status: "queued" } })).toBe(3);
    await db.run.updateMany({ where: { resourceGroupId: group.id }, data: { status: "cancelled" } });
  });

  it("fails a run whose worker stopped heartbeating, with the reason, and lets it be rerun", async () => {
    const group = await newGroup(1);
    const nodeId = await newNode("dead_worker", { groupId: group.id, jobSpec: await bankSpec() });
    const { runId } = await queueRun({ workspaceId, nodeId, parameters: { bizdate: "20261101" }, triggeredBy: "tester" });
    const ghost = await registerWorker({ resourceGroupId: group.id, hostname: "ghost", pid: 3 });
    expect(await claimNextRun({ workerId: ghost.id, resourceGroupId: group.id, leaseMs: 300 })).toEqual({ id: runId });
    expect(await failExpiredRuns()).not.toContain(runId);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await failExpiredRuns()).toContain(runId);
    const detail = await getRunDetail(workspaceId, runId);
    expect(detail.status).toBe("failed");
    expect(detail.errorCode).toBe("WORKER_LOST");
    expect(detail.errorMessage).toMatch(/stopped sending heartbeats/);
    expect(detail.endedAt).not.toBeNull();
    const rerun = await queueRerun(workspaceId, runId, "tester");
    const again = await db.run.findUniqueOrThrow({ where: { id: rerun.runId } });
    expect(again).toMatchObject({ status: "queued", rerunOfId: runId, bizdate: "20261101" });
    await db.run.update({ where: { id: rerun.runId }, data: { status: "cancelled" } });
  });

  it("stop cancels a queued run at once; an ended run cannot be stopped, a waiting one cannot be rerun", async () => {
    const group = await newGroup(1);
    const nodeId = await newNode("stop_queued", { groupId: group.id, jobSpec: await bankSpec() });
    const { runId } = await queueRun({ workspaceId, nodeId, parameters: {}, triggeredBy: "tester" });
    await expect(queueRerun(workspaceId, runId, "tester")).rejects.toThrow(/has not ended yet/);
    expect(await requestRunStop(workspaceId, runId, "tester")).toEqual({ status: "cancelled" });
    const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ status: "cancelled", errorCode: "CANCELLED" });
    expect(run.endedAt).not.toBeNull();
    await expect(requestRunStop(workspaceId, runId, "tester")).rejects.toThrow(/already ended \(cancelled\)/);
    // A worker that comes up later does not pick it up.
    const late = await registerWorker({ resourceGroupId: group.id, hostname: "late", pid: 4 });
    expect(await claimNextRun({ workerId: late.id, resourceGroupId: group.id })).toBeNull();
  });

  it("refuses to queue a run whose parameters cannot all be resolved, naming the parameter", async () => {
    const group = await newGroup(1);
    const spec = await bankSpec();
    spec.steps[1].parameter.preSql = ["DELETE FROM public.bank_data WHERE job = '${job_name}'"];
    const nodeId = await newNode("needs_param", { groupId: group.id, jobSpec: spec });
    await expect(queueRun({ workspaceId, nodeId, parameters: {}, triggeredBy: "tester" })).rejects.toThrow(/\$\{job_name\} has no value/);
    await expect(queueRun({ workspaceId, nodeId, parameters: { bizdate: "2026-11-01" }, triggeredBy: "tester" })).rejects.toThrow(/yyyymmdd/);
    const { runId } = await queueRun({ workspaceId, nodeId, parameters: { job_name: "admin." }, triggeredBy: "tester" });
    const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run.parameters).toMatchObject({ job_name: "admin." });
    expect(run.bizdate).toMatch(/^\d{8}$/);
    await db.run.update({ where: { id: runId }, data: { status: "cancelled" } });
  });
});

describe("workers", () => {
  it("run a node end to end from the local MaxCompute service into PostgreSQL, writing progress, logs, speed samples and the verification", async () => {
    const group = await newGroup(2);
    workers.push(await startWorker({ groupName: group.name, timing: fastTiming }));
    const nodeId = await newNode("bank_to_holo", { groupId: group.id, jobSpec: await bankSpec({ verify: "checksum" }) });
    const { runId } = await queueRun({ workspaceId, nodeId, parameters: {}, triggeredBy: "tester" });
    await waitFor("the run to end", async () => ["succeeded", "failed", "cancelled"].includes(await statusOf(runId)));
    const detail = await getRunDetail(workspaceId, runId);
    expect(detail.errorMessage).toBeNull();
    expect(detail.status).toBe("succeeded");
    expect(detail.recordsWritten).toBe(BANK_ROWS);
    expect(detail.recordsRead).toBe(BANK_ROWS);
    expect(detail.totalRecords).toBe(BANK_ROWS);
    expect(detail.bytesWritten).toBeGreaterThan(0);
    expect(detail.percent).toBe(100);
    expect(detail.startedAt).not.toBeNull();
    expect(detail.worker?.pid).toBe(process.pid);
    expect(detail.logs.map((line) => line.line).join("\n")).toMatch(/Total records written\s+: 8000/);
    expect(detail.verification).toMatchObject({ mode: "checksum", ok: true, sourceRows: BANK_ROWS, targetRows: BANK_ROWS, message: "Verified: 8,000 rows, checksums equal." });
    expect(detail.verification?.targetChecksum).toBe(detail.verification?.sourceChecksum);
    const { rows } = await target.client.query("SELECT count(*)::int AS n FROM public.bank_data");
    expect(rows[0].n).toBe(BANK_ROWS);
  });

  it("two workers serving a one-slot group run its runs one at a time", async () => {
    const group = await newGroup(1);
    workers.push(await startWorker({ groupName: group.name, timing: fastTiming }));
    workers.push(await startWorker({ groupName: group.name, timing: fastTiming }));
    await target.client.query("CREATE TABLE public.bank_one_slot (LIKE public.bank_data)");
    const nodeId = await newNode("bank_one_slot", { groupId: group.id, jobSpec: await bankSpec({ mbps: 0.05, table: "public.bank_one_slot" }) });
    const first = (await queueRun({ workspaceId, nodeId, parameters: {}, triggeredBy: "tester" })).runId;
    const second = (await queueRun({ workspaceId, nodeId, parameters: {}, triggeredBy: "tester" })).runId;
    const counts = async () => ({
      running: await db.run.count({ where: { resourceGroupId: group.id, status: "running" } }),
      queued: await db.run.count({ where: { resourceGroupId: group.id, status: "queued" } }),
    });
    await waitFor("the first run to start", async () => (await statusOf(first)) === "running");
    for (let i = 0; i < 8; i++) {
      expect(await counts()).toEqual({ running: 1, queued: 1 });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await requestRunStop(workspaceId, first, "tester");
    await waitFor("the second run to start", async () => (await statusOf(second)) === "running");
    expect(await statusOf(first)).toBe("cancelled");
    expect(await counts()).toEqual({ running: 1, queued: 0 });
    await requestRunStop(workspaceId, second, "tester");
    await waitFor("the second run to end", async () => (await statusOf(second)) === "cancelled");
  });

  it("stop ends a running run within seconds as cancelled", async () => {
    const group = await newGroup(1);
    workers.push(await startWorker({ groupName: group.name, timing: fastTiming }));
    await target.client.query("CREATE TABLE public.bank_slow (LIKE public.bank_data)");
    const nodeId = await newNode("bank_slow", { groupId: group.id, jobSpec: await bankSpec({ mbps: 0.05, table: "public.bank_slow" }) });
    const { runId } = await queueRun({ workspaceId, nodeId, parameters: {}, triggeredBy: "tester" });
    await waitFor("the run to start", async () => (await statusOf(runId)) === "running");
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const stoppedAt = Date.now();
    expect(await requestRunStop(workspaceId, runId, "tester")).toEqual({ status: "running" });
    await waitFor("the run to be cancelled", async () => (await statusOf(runId)) === "cancelled", 5_000);
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    const detail = await getRunDetail(workspaceId, runId);
    expect(detail.recordsWritten).toBeLessThan(BANK_ROWS);
    expect(detail.logs.some((line) => line.line.includes("Stop requested"))).toBe(true);
    expect(detail.metrics.length).toBeGreaterThan(0);
  });

  it("a run whose worker dies is failed by another worker's reaper with the reason", async () => {
    const group = await newGroup(1);
    const doomed = await startWorker({ groupName: group.name, timing: fastTiming });
    await target.client.query("CREATE TABLE public.bank_crash (LIKE public.bank_data)");
    const nodeId = await newNode("bank_crash", { groupId: group.id, jobSpec: await bankSpec({ mbps: 0.05, table: "public.bank_crash" }) });
    const { runId } = await queueRun({ workspaceId, nodeId, parameters: {}, triggeredBy: "tester" });
    await waitFor("the run to start", async () => (await statusOf(runId)) === "running");
    doomed.crash();
    const survivor = await startWorker({ groupName: group.name, timing: fastTiming });
    workers.push(survivor);
    await waitFor("the reaper", async () => (await statusOf(runId)) === "failed", 10_000);
    const detail = await getRunDetail(workspaceId, runId);
    expect(detail.errorCode).toBe("WORKER_LOST");
    expect(detail.logs.at(-1)?.line).toMatch(/WORKER_LOST/);
  });

  it("a worker process killed with SIGKILL leaves no run running: its run is failed with the reason", async () => {
    const group = await newGroup(1);
    await target.client.query("CREATE TABLE public.bank_killed (LIKE public.bank_data)");
    const nodeId = await newNode("bank_killed", { groupId: group.id, jobSpec: await bankSpec({ mbps: 0.05, table: "public.bank_killed" }) });
    const { runId } = await queueRun({ workspaceId, nodeId, parameters: {}, triggeredBy: "tester" });
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts", "--group", group.name], {
      // Without the scheduler: on the shared test database it would act on other test files' workspaces.
      env: { ...process.env, SYNCLANE_WORKER_TIMING: JSON.stringify(fastTiming), SYNCLANE_SCHEDULER: "off" },
      stdio: "ignore",
    });
    try {
      await waitFor("the worker process to claim the run", async () => (await statusOf(runId)) === "running", 30_000);
      const claimedBy = (await db.run.findUniqueOrThrow({ where: { id: runId } })).workerId;
      expect((await db.worker.findUniqueOrThrow({ where: { id: claimedBy! } })).pid).toBe(child.pid);
    } finally {
      child.kill("SIGKILL");
    }
    // Nobody else serves the group: reading the run is what notices the expired lease.
    const detail = await waitFor("the run to be failed", async () => {
      const run = await getRunDetail(workspaceId, runId);
      return run.status === "failed" ? run : null;
    }, 10_000);
    expect(detail.errorCode).toBe("WORKER_LOST");
    expect(detail.errorMessage).toMatch(/rerun/);
  });

  it("writes the writer's retries after a dropped connection to the run log as warnings, and the rows committed", async () => {
    const group = await newGroup(1);
    workers.push(await startWorker({ groupName: group.name, timing: fastTiming }));
    const nodeId = await newNode("keyed_retry", { groupId: group.id, jobSpec: await keyedSpec("public.keyed_retry", "replace") });
    await target.client.query("CREATE TABLE public.keyed_retry (id int8 PRIMARY KEY, name text)");
    // The 3,000th row's backend sleeps until the test drops its connection (the retry writes it again, past the sleep).
    await target.client.query("CREATE SEQUENCE keyed_retry_rows");
    await target.client.query(
      "CREATE FUNCTION keyed_retry_hold() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF nextval('keyed_retry_rows') = 3000 THEN PERFORM pg_sleep(60); END IF; RETURN NEW; END $$",
    );
    await target.client.query("CREATE TRIGGER hold BEFORE INSERT ON public.keyed_retry FOR EACH ROW EXECUTE FUNCTION keyed_retry_hold()");
    const { runId } = await queueRun({ workspaceId, nodeId, parameters: {}, triggeredBy: "tester" });
    const held = await waitFor("the writer to wait in the trigger", async () => {
      const { rows } = await target.client.query(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'synclane-writer' AND wait_event = 'PgSleep'",
      );
      return rows[0]?.pid as number | undefined;
    });
    await target.client.query("SELECT pg_terminate_backend($1)", [held]);
    await waitFor("the run to end", async () => ["succeeded", "failed", "cancelled"].includes(await statusOf(runId)));
    const detail = await getRunDetail(workspaceId, runId);
    expect(detail.errorMessage).toBeNull();
    expect(detail.status).toBe("succeeded");
    expect(detail.recordsWritten).toBe(KEYED_ROWS);
    const retries = detail.logs.filter((line) => line.line.startsWith("Writer: retry "));
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ level: "warn" });
    expect(retries[0]!.line).toMatch(/^Writer: retry 1\/3 of batch #3 \(1,000 rows\) after: the server ended the session \(SQLSTATE 57P01, admin_shutdown: /);
    const { rows } = await target.client.query("SELECT count(*)::int AS n, count(DISTINCT id)::int AS d, sum(id)::int AS s FROM public.keyed_retry");
    expect(rows[0]).toEqual({ n: KEYED_ROWS, d: KEYED_ROWS, s: (KEYED_ROWS * (KEYED_ROWS - 1)) / 2 });
  });

  it("stores 0 records written for a failed run whose transaction was rolled back, and says the target is as it was", async () => {
    const group = await newGroup(1);
    workers.push(await startWorker({ groupName: group.name, timing: fastTiming }));
    const nodeId = await newNode("plain_rollback", { groupId: group.id, jobSpec: await keyedSpec("public.plain_rollback", "ignore") });
    await target.client.query("CREATE TABLE public.plain_rollback (id int8, name text)");
    // Not about the data (SQLSTATE P0001): the run fails at the 3,000th row, two 1,000-row batches into its transaction.
    await target.client.query("CREATE SEQUENCE plain_rollback_rows");
    await target.client.query(
      "CREATE FUNCTION plain_rollback_stop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF nextval('plain_rollback_rows') = 3000 THEN RAISE EXCEPTION 'the test stops the run here'; END IF; RETURN NEW; END $$",
    );
    await target.client.query("CREATE TRIGGER stop BEFORE INSERT ON public.plain_rollback FOR EACH ROW EXECUTE FUNCTION plain_rollback_stop()");
    const { runId } = await queueRun({ workspaceId, nodeId, parameters: {}, triggeredBy: "tester" });
    await waitFor("the run to end", async () => ["succeeded", "failed", "cancelled"].includes(await statusOf(runId)));
    const detail = await getRunDetail(workspaceId, runId);
    expect(detail.status).toBe("failed");
    expect(detail.errorCode).toBe("TARGET_WRITE_FAILED");
    expect(detail.recordsWritten).toBe(0);
    expect(detail.bytesWritten).toBe(0);
    const text = detail.logs.map((line) => line.line).join("\n");
    expect(text).toMatch(/Total records written\s+: 0 \(committed\)/);
    expect(text).toMatch(/Rolled back\s+: 2000 records/);
    expect(text).toMatch(/Target\s+: The target is as it was before the run: the run's transaction was rolled back, undoing the 2,000 rows written in it\./);
    expect(text).not.toMatch(/may hold/);
    expect((await target.client.query("SELECT count(*)::int AS n FROM public.plain_rollback")).rows[0].n).toBe(0);
  });

  it("answers a connectivity check from the group's worker, and a group without workers says so", async () => {
    const group = await newGroup(1);
    const source = await db.dataSource.findFirstOrThrow({ where: { workspaceId, name: "holo_demo" } });
    await expect(requestConnectivityCheck({ workspaceId, resourceGroupId: group.id, dataSourceId: source.id })).rejects.toThrow(
      /No worker of resource group .* is online/,
    );
    workers.push(await startWorker({ groupName: group.name, timing: fastTiming }));
    const { id } = await requestConnectivityCheck({ workspaceId, resourceGroupId: group.id, dataSourceId: source.id });
    const answer = await waitFor("the answer", async () => {
      const check = await getConnectivityCheck(id);
      return check?.status === "answered" ? check : null;
    });
    expect(answer.ok).toBe(true);
    expect(answer.message).toMatch(/Connected/);
    // The test database's user is the server's superuser: the answer carries the warning.
    expect(answer.message).toContain("Warning: This user can do anything on the server");
    expect(answer.workerHost).toContain(`pid ${process.pid}`);
  });
});
