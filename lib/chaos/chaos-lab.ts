// A small world for fault injection: a local MaxCompute service with the chaos table, a
// target PostgreSQL database, a workspace with its data sources, a resource group, and
// workers, in process or as processes that can be killed. Everything listens on and
// talks to 127.0.0.1 only.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { db } from "@/lib/db";
import { createDataSource } from "@/lib/data/data-sources";
import { createResourceGroup } from "@/lib/data/resource-groups";
import { getRunDetail, queueRerun, queueRun, requestRunStop } from "@/lib/data/runs";
import { createSyncNode, createWorkflow } from "@/lib/data/workflows";
import { ensureWorkspace } from "@/lib/data/workspaces";
import { startLocalMaxCompute, type LocalMaxComputeService } from "@/lib/maxcompute-local";
import { dataSourceFormSchema } from "@/lib/schemas/data-source";
import { WRITER_APPLICATION_NAME } from "@/lib/sync-engine/connectors/hologres/hologres-writer";
import { quoteIdentifier } from "@/lib/sync-engine/sql-identifier";
import { createTestDatabase } from "@/lib/sync-engine/testing/postgres-test-database";
import { startWorker, type WorkerHandle } from "@/lib/worker/worker";
import { CHAOS_COLUMNS, CHAOS_TABLE, chaosOrderRows } from "./chaos-source";
import { compareWithSource, loadExpectedRows, type TargetComparison } from "./target-comparison";

export const writeModeCases = ["fast", "fast_pk", "sql"] as const;
export type WriteModeCase = (typeof writeModeCases)[number];
export const writeModeLabels: Record<WriteModeCase, string> = {
  fast: "fast (COPY), no key, truncate",
  fast_pk: "fast, primary key, Replace",
  sql: "SQL (INSERT), no key, truncate",
};

// Short leases so that a killed worker's run is failed within seconds.
const fastTiming = { heartbeatMs: 300, leaseMs: 1_500, reapEveryMs: 500, pollMs: 200, flushMs: 300 };
const credentials = { project: "synclane_chaos", accessKeyId: "chaos-key-id", accessKeySecret: "chaos-key-secret" };
const repoRoot = path.resolve(import.meta.dirname, "../..");
const terminal = ["succeeded", "failed", "cancelled"];
// About 60 bytes per chaos row on the wire: the throttle makes every run last a few
// seconds, so a fault lands in the middle of it.
const BYTES_PER_ROW = 60;
const RUN_SECONDS = 3;

export type RunOutcome = { runId: string; status: string; errorCode: string | null; errorMessage: string | null; retriesLogged: number };

export type ChaosLab = Awaited<ReturnType<typeof openChaosLab>>;

export async function openChaosLab(options: { rows: number; log?: (line: string) => void }) {
  const log = options.log ?? (() => {});
  const suffix = randomUUID().slice(0, 8);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "synclane-chaos-"));
  let service: LocalMaxComputeService = await startLocalMaxCompute({ dataDir, port: 0, ...credentials });
  const port = Number(new URL(service.endpoint).port);
  await service.catalog.createTable({ name: CHAOS_TABLE, columns: CHAOS_COLUMNS });
  await service.catalog.insertRows({ table: CHAOS_TABLE, rows: chaosOrderRows(options.rows) });
  const target = await createTestDatabase(`chaos_${suffix}`);
  await loadExpectedRows(target.client, options.rows);

  const workspaceId = (await ensureWorkspace({ name: `chaos_${suffix}`, displayName: "Chaos", mode: "basic", memberIds: [] })).id;
  const workflowId = (await createWorkflow(workspaceId, { name: "chaos", description: "" })).id;
  await createDataSource(
    workspaceId,
    dataSourceFormSchema.parse({ type: "odps", name: "odps_chaos", environments: ["production"], endpoint: service.endpoint, tunnelEndpoint: service.tunnelEndpoint, ...credentials }),
  );
  await createDataSource(
    workspaceId,
    dataSourceFormSchema.parse({ type: "holo", connectionMode: "connection_string", name: "holo_chaos", environments: ["production"], ...target.config }),
  );
  const groups: { id: string; name: string }[] = [];
  async function newGroup(slots: number) {
    const name = `chaos_${suffix}_${groups.length}`;
    const { id } = await createResourceGroup({ name, slots, description: "", workspaceIds: [workspaceId] });
    groups.push({ id, name });
    return { id, name };
  }
  // The lab's shared group; scenarios that kill workers make groups of their own, so that
  // no other worker takes their runs.
  const sharedGroup = await newGroup(2);
  const inProcessWorkers: WorkerHandle[] = [];
  const processes: ChildProcess[] = [];
  let nodes = 0;

  async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await sleep(150);
    }
  }

  function jobSpec(mode: WriteModeCase, table: string) {
    const columns = CHAOS_COLUMNS.map((column) => column.name);
    const mbps = Math.max(0.01, (options.rows * BYTES_PER_ROW) / 1e6 / RUN_SECONDS);
    return {
      type: "job",
      version: "2.0",
      steps: [
        { stepType: "odps", category: "reader", name: "Reader", parameter: { datasource: "odps_chaos", table: CHAOS_TABLE, column: columns } },
        {
          stepType: "holo",
          category: "writer",
          name: "Writer",
          parameter: {
            datasource: "holo_chaos",
            table: `public.${table}`,
            column: columns,
            writeMode: mode === "sql" ? "sql" : "sdk",
            conflictMode: "replace",
            // A keyed target is written idempotently; the others are rewritten whole.
            truncate: mode !== "fast_pk",
            // Small batches keep reading in step with the throttled writing (one batch is
            // read ahead), so a fault lands in the middle of a split, not after the reads.
            batchSize: 1_000,
          },
        },
      ],
      setting: { errorLimit: { record: "0" }, speed: { throttle: true, mbps: mbps.toFixed(3), concurrent: 2 } },
      order: { hops: [{ from: "Reader", to: "Writer" }] },
    };
  }

  const outcomeOf = async (runId: string): Promise<RunOutcome> => {
    const detail = await getRunDetail(workspaceId, runId);
    return {
      runId,
      status: detail.status,
      errorCode: detail.errorCode,
      errorMessage: detail.errorMessage,
      retriesLogged: detail.logs.filter((line) => /\bretr(y|ying)\b/i.test(line.line)).length,
    };
  };

  return {
    rows: options.rows,
    workspaceId,
    target,
    newGroup,

    /** A node copying the chaos table into a fresh target table of the given write mode. */
    async newNode(mode: WriteModeCase, group = sharedGroup): Promise<{ nodeId: string; table: string }> {
      const table = `chaos_${mode}_${++nodes}`;
      const key = mode === "fast_pk" ? " PRIMARY KEY" : "";
      await target.client.query(`CREATE TABLE public.${quoteIdentifier(table)} (id int8${key}, customer text, amount float8, note text)`);
      const { id } = await createSyncNode(workspaceId, { nodeType: "batch_sync", name: table, workflowId }, "chaos");
      await db.syncNode.update({ where: { id }, data: { jobSpec: jobSpec(mode, table), resourceGroupId: group.id } });
      return { nodeId: id, table };
    },

    start: async (nodeId: string) => (await queueRun({ workspaceId, nodeId, parameters: {}, triggeredBy: "chaos" })).runId,
    rerun: async (runId: string) => (await queueRerun(workspaceId, runId, "chaos")).runId,
    stop: (runId: string) => requestRunStop(workspaceId, runId, "chaos"),

    /** Waits until the run has read a share of the rows: the moment to strike. */
    async waitUntilHalfway(runId: string, share = 0.3): Promise<void> {
      await waitFor(`run ${runId} to read ${Math.round(share * 100)} % of the rows`, async () => {
        const detail = await getRunDetail(workspaceId, runId);
        if (terminal.includes(detail.status)) throw new Error(`Run ${runId} ended (${detail.status}) before the fault: make it slower.`);
        return detail.status === "running" && detail.recordsRead >= options.rows * share;
      });
    },

    /** Waits until the run's log has a line matching `pattern` (the worker writes logs every few hundred ms). */
    async waitForLogLine(runId: string, pattern: RegExp): Promise<void> {
      await waitFor(`run ${runId} to log ${pattern}`, async () => {
        const detail = await getRunDetail(workspaceId, runId);
        if (terminal.includes(detail.status)) throw new Error(`Run ${runId} ended (${detail.status}) before logging ${pattern}.`);
        return detail.logs.some((line) => pattern.test(line.line));
      });
    },

    async waitForEnd(runId: string): Promise<RunOutcome> {
      await waitFor(`run ${runId} to end`, async () => terminal.includes((await db.run.findUniqueOrThrow({ where: { id: runId } })).status), 120_000);
      return outcomeOf(runId);
    },

    /** An in-process worker of the lab's group. */
    async startWorker(group = sharedGroup): Promise<WorkerHandle> {
      const worker = await startWorker({ groupName: group.name, timing: fastTiming, log });
      inProcessWorkers.push(worker);
      return worker;
    },

    /** A worker process of the lab's group, ready once it has registered. */
    async spawnWorkerProcess(group = sharedGroup): Promise<ChildProcess> {
      const before = await db.worker.count({ where: { resourceGroupId: group.id } });
      const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts", "--group", group.name], {
        cwd: repoRoot,
        // A worker process starts the scheduler unless told not to; an active scheduler would act
        // on every workspace of the shared test database (other test files' deployed nodes).
        env: { ...process.env, SYNCLANE_WORKER_TIMING: JSON.stringify(fastTiming), SYNCLANE_SCHEDULER: "off" },
        stdio: "ignore",
      });
      processes.push(child);
      await waitFor("the worker process to register", async () => (await db.worker.count({ where: { resourceGroupId: group.id } })) > before, 60_000);
      return child;
    },

    /** The worker that holds a run, by process id. */
    async workerPidOf(runId: string): Promise<number | null> {
      const run = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { workerId: true } });
      return run.workerId ? (await db.worker.findUniqueOrThrow({ where: { id: run.workerId } })).pid : null;
    },

    /** Ends every connection the writers hold to the target (as an administrator's pg_terminate_backend would). */
    async terminateWriterConnections(): Promise<number> {
      const { rows } = await target.client.query<{ killed: boolean }>(
        "SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = $1",
        [WRITER_APPLICATION_NAME],
      );
      return rows.filter((row) => row.killed).length;
    },

    /** Stops the MaxCompute service (its download sessions die with it) and starts it again on the same port. */
    async restartSource(downMs: number): Promise<void> {
      await service.close();
      await sleep(downMs);
      service = await startLocalMaxCompute({ dataDir, port, ...credentials });
    },

    compare: (table: string): Promise<TargetComparison> => compareWithSource(target.client, table),

    async close(): Promise<void> {
      for (const child of processes) if (child.exitCode === null) child.kill("SIGKILL");
      for (const worker of inProcessWorkers) await worker.stop().catch(() => {});
      await db.workspace.delete({ where: { id: workspaceId } }).catch(() => {});
      await db.resourceGroup.deleteMany({ where: { id: { in: groups.map((group) => group.id) } } });
      await target.drop();
      await service.close().catch(() => {});
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
