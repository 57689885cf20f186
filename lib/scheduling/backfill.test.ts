import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { createDataSource } from "@/lib/data/data-sources";
import { createResourceGroup } from "@/lib/data/resource-groups";
import { ensureDemoTables, startLocalMaxCompute, type LocalMaxComputeService } from "@/lib/maxcompute-local";
import { odpsTableRows } from "@/lib/maxcompute-local/demo-tables";
import { dataSourceFormSchema } from "@/lib/schemas/data-source";
import { generateCreateTableDdl } from "@/lib/sync-engine/connectors/hologres";
import { createMaxComputeClient } from "@/lib/sync-engine/connectors/maxcompute";
import { createTestDatabase } from "@/lib/sync-engine/testing/postgres-test-database";
import { startWorker, type WorkerHandle } from "@/lib/worker/worker";
import { rerunInstance, setInstanceSucceeded } from "./instance-actions";
import { releaseStrandedInstances } from "./instance-release";
import { backfillTick, createBackfill, getBackfill, heldUntil, stopBackfill } from "./backfill";
import type { BackfillRequest } from "./backfill-plan";
import { manualClock } from "./scheduler-clock";
import { startSchedulerLoop, type SchedulerHandle } from "./scheduler-loop";
import { listDescendantNodes } from "./node-descendants";
import type { NodeScheduling } from "./node-scheduling";
import { createDeployedNode, createSchedulingWorkspace, everyDayAt } from "./testing/deployed-node";

/**
 * Data Backfill end to end: the scheduler loop (on a clock the test moves) releases the
 * business dates, real workers run the instances from the local MaxCompute service over
 * HTTP into PostgreSQL standing in for Hologres; odps_table's partitions are
 * sale_date=${bizdate}, so each date's instance copies that date's rows.
 */

const suffix = randomUUID().slice(0, 8);
const credentials = { project: "synclane_backfill_test", accessKeyId: "backfill-key-id", accessKeySecret: "backfill-key-secret" };
const fastTiming = { heartbeatMs: 300, leaseMs: 1_500, reapEveryMs: 500, pollMs: 200, flushMs: 300 };
const clock = manualClock(new Date("2031-08-10T12:00:00Z"));
let service: LocalMaxComputeService;
let dataDir: string;
let target: Awaited<ReturnType<typeof createTestDatabase>>;
let w: Awaited<ReturnType<typeof createSchedulingWorkspace>>;
let quiet: Awaited<ReturnType<typeof createSchedulingWorkspace>>;
let scheduler: SchedulerHandle;
const lockKey = BigInt(`0x${randomUUID().replace(/-/g, "").slice(0, 12)}`);
const workers: WorkerHandle[] = [];
const groupIds: string[] = [];
const spawned: ChildProcess[] = [];
let group: { id: string; name: string };

const startScheduler = () => startSchedulerLoop({ clock, lockKey, tickMs: 200, workspaceIds: [w.workspaceId] });

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

type JobSpecJson = { steps: { parameter: Record<string, unknown> }[]; setting: Record<string, unknown> };

async function odpsSpec(table: string): Promise<JobSpecJson> {
  const spec = JSON.parse(await readFile(path.resolve("lib/sync-engine/examples/odps-table-to-holo.json"), "utf8"));
  spec.steps[1].parameter.table = table;
  return spec;
}

async function createTargetTable(table: string) {
  const odps = createMaxComputeClient({ endpoint: service.endpoint, tunnelEndpoint: service.tunnelEndpoint, ...credentials });
  await target.client.query(generateCreateTableDdl(await odps.getTable("odps_table"), { tableName: table, flavour: "postgres" }));
  odps.close();
}

const rowsOfDate = (bizdate: string) => ["09", "14", "20"].reduce((sum, time) => sum + odpsTableRows(bizdate, time).length, 0);

async function rowsByDate(table: string): Promise<Record<string, number>> {
  const { rows } = await target.client.query(`SELECT sale_date, count(*)::int AS n FROM ${table} GROUP BY sale_date`);
  return Object.fromEntries(rows.map((row: { sale_date: string; n: number }) => [row.sale_date, row.n]));
}

const request = (overrides: Partial<BackfillRequest>): BackfillRequest => ({
  scope: "currentNode",
  ranges: [{ start: "2031-08-05", end: "2031-08-07" }],
  window: null,
  parallelism: 2,
  order: "desc",
  runFutureNow: false,
  ...overrides,
});

/** A chain of deployed sync nodes, each one's input the previous one's output (`<workspace>.<node name>`), each into its own table. */
async function createChain(names: string[], time: string, options: { groupId?: string; autoRerun?: NodeScheduling["autoRerun"]; firstSpec?: (spec: JobSpecJson) => void } = {}) {
  const nodes: { name: string; nodeId: string; table: string }[] = [];
  for (const [index, name] of names.entries()) {
    const table = `public.${name}`;
    await createTargetTable(table);
    const inputs = index ? [`backfill_${suffix}.${names[index - 1]}`] : [];
    const spec = await odpsSpec(table);
    if (index === 0) options.firstSpec?.(spec);
    const { nodeId } = await createDeployedNode({
      workflowId: w.workflowId,
      name,
      scheduling: { ...everyDayAt(time), validTo: "2031-01-01", autoRerun: options.autoRerun ?? null, dependencies: { inputs, crossCycle: "none", crossCycleNodeIds: [] } },
      jobSpec: spec,
      resourceGroupId: options.groupId ?? group.id,
      deployedAt: new Date("2031-07-01T00:00:00Z"),
    });
    nodes.push({ name, nodeId, table });
  }
  return nodes;
}

const backfillEnded = (backfillId: string) =>
  waitFor("the backfill to end", async () => {
    const backfill = await db.backfill.findUniqueOrThrow({ where: { id: backfillId } });
    return backfill.status !== "running" ? backfill : null;
  }, 90_000);

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "synclane-backfill-test-"));
  service = await startLocalMaxCompute({ dataDir, port: 0, ...credentials });
  await ensureDemoTables(service, { today: new Date("2031-08-10T00:00:00Z"), bankDataRows: 8_000, days: 7 });
  target = await createTestDatabase(`backfill_${suffix}`);
  w = await createSchedulingWorkspace({ name: `backfill_${suffix}`, timeZone: "UTC", mode: "standard" });
  quiet = await createSchedulingWorkspace({ name: `backfill_quiet_${suffix}`, timeZone: "UTC", mode: "standard" });
  const maxCompute = { endpoint: service.endpoint, tunnelEndpoint: service.tunnelEndpoint, ...credentials };
  await createDataSource(w.workspaceId, dataSourceFormSchema.parse({ type: "odps", name: "odps_first", environments: ["development", "production"], ...maxCompute, production: maxCompute }));
  const holo = { host: target.config.host, port: target.config.port, database: target.config.database, user: target.config.user, password: target.config.password };
  await createDataSource(w.workspaceId, dataSourceFormSchema.parse({ type: "holo", connectionMode: "connection_string", name: "holo_demo", environments: ["development", "production"], ...holo, production: holo }));
  const name = `backfill_${suffix}`;
  // More slots than the parallelism: what limits the dates at once is the backfill.
  const created = await createResourceGroup({ name, slots: 4, description: "", workspaceIds: [w.workspaceId, quiet.workspaceId] });
  groupIds.push(created.id);
  group = { id: created.id, name };
  workers.push(await startWorker({ groupName: name, timing: fastTiming, clock }));
  scheduler = startScheduler();
  await waitFor("the scheduler to become active", async () => scheduler.isActive());
}, 120_000);

afterAll(async () => {
  for (const child of spawned) if (child.exitCode === null) child.kill("SIGKILL");
  await scheduler?.stop();
  for (const worker of workers) await worker.stop().catch(() => {});
  for (const workspace of [w, quiet]) if (workspace) await db.workspace.delete({ where: { id: workspace.workspaceId } });
  await db.resourceGroup.deleteMany({ where: { id: { in: groupIds } } });
  await target?.drop();
  await service?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  await db.$disconnect();
});

describe("Data Backfill", () => {
  it("refuses a request with the schema's field errors and a node that is not deployed", async () => {
    const node = await db.syncNode.create({ data: { workflowId: w.workflowId, name: "never_deployed", jobSpec: {} }, select: { id: true } });
    const bad = createBackfill({ workspaceId: w.workspaceId, nodeId: node.id, request: request({ parallelism: 11, ranges: [{ start: "2031-08-07", end: "2031-08-05" }] }), by: "tester", now: clock.now() });
    const error = await bad.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZodError);
    expect((error as ZodError).issues.map((issue) => [issue.path.join("."), issue.message])).toEqual(
      expect.arrayContaining([
        ["parallelism", "Parallelism must be 1 to 10."],
        ["ranges.0.end", "Range 1 ends before it starts: the end date must be on or after 2031-08-07."],
      ]),
    );
    await expect(createBackfill({ workspaceId: w.workspaceId, nodeId: node.id, request: request({}), by: "tester", now: clock.now() })).rejects.toThrow(
      'Node "never_deployed" is not deployed: commit and deploy it first; a backfill runs the production version.',
    );
  });

  it("runs one node over 3 business dates, newest first, never more than 2 dates at once; the target holds exactly each date's partitions", async () => {
    await createTargetTable("public.holo_backfill");
    const node = await createDeployedNode({
      workflowId: w.workflowId,
      name: "odps_backfill",
      scheduling: { ...everyDayAt("01:00"), validTo: "2031-01-01" },
      jobSpec: await odpsSpec("public.holo_backfill"),
      resourceGroupId: group.id,
      deployedAt: new Date("2031-07-01T00:00:00Z"),
    });
    const { backfillId, instances } = await createBackfill({ workspaceId: w.workspaceId, nodeId: node.nodeId, request: request({}), by: "tester", now: clock.now() });
    expect(instances).toBe(3);
    const backfill = await backfillEnded(backfillId);
    expect(backfill.status).toBe("succeeded");

    const rows = await db.instance.findMany({ where: { backfillId }, include: { runs: true } });
    expect(rows.map((row) => row.bizdate).sort()).toEqual(["20310805", "20310806", "20310807"]);
    for (const row of rows) {
      expect(row).toMatchObject({ kind: "backfill", batch: backfillId, status: "succeeded", runNumber: 1 });
      expect(row.parameters).toMatchObject({ bizdate: row.bizdate });
      // $[...] is the business date + 1 day at the node's time.
      expect(row.scheduledAt.toISOString()).toBe(`${row.bizdate.slice(0, 4)}-${row.bizdate.slice(4, 6)}-${String(Number(row.bizdate.slice(6)) + 1).padStart(2, "0")}T01:00:00.000Z`);
      expect(row.runs).toHaveLength(1);
      expect(row.runs[0]).toMatchObject({ bizdate: row.bizdate, environment: "production", status: "succeeded" });
    }
    const byDate = Object.fromEntries(rows.map((row) => [row.bizdate, row.runs[0]]));
    // Descending with parallelism 2: 07 and 06 first; 05 only after one of them ended.
    const firstEnd = Math.min(byDate["20310807"].endedAt!.getTime(), byDate["20310806"].endedAt!.getTime());
    expect(byDate["20310805"].submittedAt.getTime()).toBeGreaterThanOrEqual(firstEnd);
    expect(byDate["20310807"].submittedAt.getTime()).toBeLessThan(byDate["20310805"].submittedAt.getTime());
    expect(byDate["20310806"].submittedAt.getTime()).toBeLessThan(byDate["20310805"].submittedAt.getTime());
    // Never more than 2 runs of the backfill at once.
    const runs = Object.values(byDate);
    for (const run of runs) {
      const at = run.startedAt!.getTime();
      expect(runs.filter((other) => other.startedAt!.getTime() <= at && other.endedAt!.getTime() > at).length).toBeLessThanOrEqual(2);
    }
    expect(await rowsByDate("public.holo_backfill")).toEqual({ "20310805": rowsOfDate("20310805"), "20310806": rowsOfDate("20310806"), "20310807": rowsOfDate("20310807") });
  }, 120_000);

  it("two ticks at once release no date twice and no more dates than the parallelism", async () => {
    const node = await createDeployedNode({ workflowId: quiet.workflowId, name: "quiet_node", scheduling: everyDayAt("01:00"), resourceGroupId: group.id, deployedAt: new Date("2031-07-01T00:00:00Z") });
    const { backfillId } = await createBackfill({ workspaceId: quiet.workspaceId, nodeId: node.nodeId, request: request({ ranges: [{ start: "2031-08-01", end: "2031-08-05" }], parallelism: 3, order: "asc" }), by: "tester", now: clock.now() });
    const ticks = await Promise.all([1, 2, 3].map(() => backfillTick({ now: clock.now(), workspaceIds: [quiet.workspaceId] })));
    expect(ticks.flatMap((tick) => tick.released.map((r) => r.bizdate)).sort()).toEqual(["20310801", "20310802", "20310803"]);
    await backfillTick({ now: clock.now(), workspaceIds: [quiet.workspaceId] });
    const held = await db.instance.findMany({ where: { backfillId, notBefore: heldUntil, status: "notRun" }, select: { bizdate: true } });
    expect(held.map((row) => row.bizdate).sort()).toEqual(["20310804", "20310805"]);
  });

  it("Stop all stops the running instance and fails the rest; nothing more runs", async () => {
    const spec = JSON.parse(await readFile(path.resolve("lib/sync-engine/examples/bank-data-to-holo.json"), "utf8"));
    spec.steps[1].parameter.table = "public.bank_backfill_stop";
    spec.setting.speed = { throttle: true, mbps: "0.05", concurrent: 1 };
    const odps = createMaxComputeClient({ endpoint: service.endpoint, tunnelEndpoint: service.tunnelEndpoint, ...credentials });
    await target.client.query(generateCreateTableDdl(await odps.getTable("bank_data"), { tableName: "public.bank_backfill_stop", flavour: "postgres" }));
    odps.close();
    const node = await createDeployedNode({ workflowId: w.workflowId, name: "bank_backfill_stop", scheduling: { ...everyDayAt("02:00"), validTo: "2031-01-01" }, jobSpec: spec, resourceGroupId: group.id, deployedAt: new Date("2031-07-01T00:00:00Z") });
    const { backfillId } = await createBackfill({ workspaceId: w.workspaceId, nodeId: node.nodeId, request: request({ parallelism: 1, order: "asc" }), by: "tester", now: clock.now() });
    const running = await waitFor("the first date to run", async () => db.instance.findFirst({ where: { backfillId, status: "running" } }));
    expect(running.bizdate).toBe("20310805");
    await stopBackfill({ workspaceId: w.workspaceId, backfillId, by: "admin", now: clock.now() });
    const backfill = await db.backfill.findUniqueOrThrow({ where: { id: backfillId } });
    expect(backfill).toMatchObject({ status: "stopped", stoppedBy: "admin" });
    const rows = await db.instance.findMany({ where: { backfillId }, orderBy: { bizdate: "asc" } });
    expect(rows.map((row) => [row.bizdate, row.status, row.message])).toEqual([
      ["20310805", "failed", "Stopped by admin"],
      ["20310806", "failed", "Stopped by admin (Stop all of the backfill)"],
      ["20310807", "failed", "Stopped by admin (Stop all of the backfill)"],
    ]);
    await waitFor("the stopped run to end", async () => {
      const run = await db.run.findUniqueOrThrow({ where: { id: running.currentRunId! } });
      return run.status === "cancelled" ? run : null;
    });
    await scheduler.nextTick();
    await scheduler.nextTick();
    expect(await db.run.count({ where: { instance: { backfillId } } })).toBe(1);
    // The page shows every date Stopped: none Running or Waiting for ever.
    expect((await getBackfill({ workspaceId: w.workspaceId, backfillId })).progress.map((date) => date.state)).toEqual(["stopped", "stopped", "stopped"]);
  }, 120_000);

  it("a scheduler killed mid-backfill: another takes over and the dates run once each, losing and doubling nothing", async () => {
    await createTargetTable("public.holo_backfill_killed");
    const node = await createDeployedNode({ workflowId: w.workflowId, name: "odps_backfill_killed", scheduling: { ...everyDayAt("03:00"), validTo: "2031-01-01" }, jobSpec: await odpsSpec("public.holo_backfill_killed"), resourceGroupId: group.id, deployedAt: new Date("2031-07-01T00:00:00Z") });
    const { backfillId } = await createBackfill({ workspaceId: w.workspaceId, nodeId: node.nodeId, request: request({ ranges: [{ start: "2031-08-04", end: "2031-08-07" }], parallelism: 1, order: "asc" }), by: "tester", now: clock.now() });
    await waitFor("the first date to be released", async () => db.instance.findFirst({ where: { backfillId, NOT: { status: "notRun" } } }));
    scheduler.crash();
    scheduler = startScheduler();
    await waitFor("the new scheduler to become active", async () => scheduler.isActive());
    expect((await backfillEnded(backfillId)).status).toBe("succeeded");
    const rows = await db.instance.findMany({ where: { backfillId }, include: { runs: true } });
    expect(rows).toHaveLength(4);
    for (const row of rows) expect([row.status, row.runs.length]).toEqual(["succeeded", 1]);
    expect(await rowsByDate("public.holo_backfill_killed")).toEqual(Object.fromEntries(["20310804", "20310805", "20310806", "20310807"].map((d) => [d, rowsOfDate(d)])));
  }, 120_000);

  it("current and descendant nodes: a chain of three syncs runs parent before child within each business date, newest date first, never more than 2 dates at once", async () => {
    const [a, b, c] = await createChain(["chain_a", "chain_b", "chain_c"], "04:00");
    expect(await listDescendantNodes({ workspaceId: w.workspaceId, nodeId: a.nodeId })).toEqual([
      { id: b.nodeId, name: "chain_b", level: 1 },
      { id: c.nodeId, name: "chain_c", level: 2 },
    ]);
    expect(await listDescendantNodes({ workspaceId: w.workspaceId, nodeId: c.nodeId })).toEqual([]);
    const { backfillId, instances } = await createBackfill({ workspaceId: w.workspaceId, nodeId: a.nodeId, request: request({ scope: "currentAndDescendants" }), by: "tester", now: clock.now() });
    expect(instances).toBe(9);
    expect((await backfillEnded(backfillId)).status).toBe("succeeded");

    const rows = await db.instance.findMany({ where: { backfillId }, include: { runs: true, parents: { include: { parent: true } } } });
    expect(rows).toHaveLength(9);
    const run = (nodeId: string, bizdate: string) => {
      const row = rows.find((r) => r.nodeId === nodeId && r.bizdate === bizdate)!;
      expect([row.status, row.dryRun, row.runs.length]).toEqual(["succeeded", false, 1]);
      return row.runs[0];
    };
    const dates = ["20310805", "20310806", "20310807"];
    for (const bizdate of dates) {
      // Each child waits for its parent of the same business date, and only for it.
      for (const [parent, child] of [[a, b], [b, c]]) {
        const row = rows.find((r) => r.nodeId === child.nodeId && r.bizdate === bizdate)!;
        expect(row.parents.map((edge) => [edge.parent.nodeId, edge.parent.bizdate, edge.kind])).toEqual([[parent.nodeId, bizdate, "sameCycle"]]);
        expect(run(child.nodeId, bizdate).submittedAt.getTime()).toBeGreaterThanOrEqual(run(parent.nodeId, bizdate).endedAt!.getTime());
      }
      expect(rows.find((r) => r.nodeId === a.nodeId && r.bizdate === bizdate)!.parents).toEqual([]);
    }
    // Descending, parallelism 2: 07 and 06 start first; 05 starts only after a whole date (its three instances) ended.
    const dateStart = (bizdate: string) => run(a.nodeId, bizdate).submittedAt.getTime();
    const dateEnd = (bizdate: string) => run(c.nodeId, bizdate).endedAt!.getTime();
    expect(dateStart("20310807")).toBeLessThan(dateStart("20310805"));
    expect(dateStart("20310806")).toBeLessThan(dateStart("20310805"));
    expect(dateStart("20310805")).toBeGreaterThanOrEqual(Math.min(dateEnd("20310807"), dateEnd("20310806")));
    for (const bizdate of dates) {
      const at = dateStart(bizdate);
      expect(dates.filter((other) => dateStart(other) <= at && dateEnd(other) > at).length).toBeLessThanOrEqual(2);
    }
    const expected = Object.fromEntries(dates.map((d) => [d, rowsOfDate(d)]));
    for (const node of [a, b, c]) expect(await rowsByDate(node.table)).toEqual(expected);
  }, 180_000);

  it("an excluded middle node is a dry run and its child still runs after the first node", async () => {
    const [a, b, c] = await createChain(["skip_a", "skip_b", "skip_c"], "05:00");
    const { backfillId } = await createBackfill({
      workspaceId: w.workspaceId,
      nodeId: a.nodeId,
      request: request({ scope: "currentAndDescendants", ranges: [{ start: "2031-08-06", end: "2031-08-06" }] }),
      excludedNodeIds: [b.nodeId],
      by: "tester",
      now: clock.now(),
    });
    expect((await backfillEnded(backfillId)).status).toBe("succeeded");
    const rows = await db.instance.findMany({ where: { backfillId }, include: { runs: true } });
    const of = (nodeId: string) => rows.find((row) => row.nodeId === nodeId)!;
    expect(of(b.nodeId)).toMatchObject({ status: "succeeded", dryRun: true, dryRunReason: "Excluded from the backfill" });
    expect(of(b.nodeId).runs).toEqual([]);
    expect(of(c.nodeId).runs[0].submittedAt.getTime()).toBeGreaterThanOrEqual(of(a.nodeId).runs[0].endedAt!.getTime());
    expect(await rowsByDate(a.table)).toEqual({ "20310806": rowsOfDate("20310806") });
    expect(await rowsByDate(b.table)).toEqual({});
    expect(await rowsByDate(c.table)).toEqual({ "20310806": rowsOfDate("20310806") });
    await expect(createBackfill({ workspaceId: w.workspaceId, nodeId: b.nodeId, request: request({ scope: "currentAndDescendants" }), excludedNodeIds: [a.nodeId], by: "tester", now: clock.now() })).rejects.toThrow(
      'Only descendants of "skip_b" can be excluded',
    );
  }, 120_000);

  it("a failed instance leaves those below it Not run: its date counts finished (failed), the next date is released, and the backfill ends failed", async () => {
    const [a, b, c] = await createChain(["broken_a", "broken_b", "broken_c"], "06:00");
    // The first node reads a table the MaxCompute project does not have: every run of it fails.
    const broken = await odpsSpec("public.broken_a");
    broken.steps[0].parameter.table = "no_such_table";
    await db.nodeVersion.updateMany({ where: { nodeId: a.nodeId }, data: { jobSpec: broken as Prisma.InputJsonObject } });
    const { backfillId } = await createBackfill({
      workspaceId: w.workspaceId,
      nodeId: a.nodeId,
      request: request({ scope: "currentAndDescendants", ranges: [{ start: "2031-08-06", end: "2031-08-07" }], parallelism: 1, order: "asc" }),
      by: "tester",
      now: clock.now(),
    });
    expect((await backfillEnded(backfillId)).status).toBe("failed");
    const rows = await db.instance.findMany({ where: { backfillId }, include: { runs: true }, orderBy: [{ bizdate: "asc" }] });
    for (const bizdate of ["20310806", "20310807"]) {
      const of = (nodeId: string) => rows.find((row) => row.nodeId === nodeId && row.bizdate === bizdate)!;
      expect(of(a.nodeId).status).toBe("failed");
      for (const below of [b, c]) {
        expect([of(below.nodeId).status, of(below.nodeId).runs.length, of(below.nodeId).notBefore.getTime() === heldUntil.getTime()]).toEqual([expect.stringMatching(/^(notRun|waitingTime)$/), 0, false]);
      }
    }
    for (const node of [b, c]) expect(await rowsByDate(node.table)).toEqual({});
  }, 120_000);

  it("a failed backfill whose failed instance is rerun to success runs the nodes below it and ends succeeded", async () => {
    const [a, b] = await createChain(["mended_a", "mended_b"], "08:00");
    const good = await odpsSpec(a.table);
    const broken = await odpsSpec(a.table);
    broken.steps[0].parameter.table = "no_such_table";
    await db.nodeVersion.updateMany({ where: { nodeId: a.nodeId }, data: { jobSpec: broken as Prisma.InputJsonObject } });
    const { backfillId } = await createBackfill({
      workspaceId: w.workspaceId,
      nodeId: a.nodeId,
      request: request({ scope: "currentAndDescendants", ranges: [{ start: "2031-08-06", end: "2031-08-06" }] }),
      by: "tester",
      now: clock.now(),
    });
    expect((await backfillEnded(backfillId)).status).toBe("failed");
    // The source table is fixed and deployed, and a person reruns the failed instance.
    await db.nodeVersion.updateMany({ where: { nodeId: a.nodeId }, data: { jobSpec: good as Prisma.InputJsonObject } });
    const failed = await db.instance.findFirstOrThrow({ where: { backfillId, nodeId: a.nodeId } });
    await rerunInstance({ workspaceId: w.workspaceId, instanceId: failed.id, by: "admin", now: clock.now() });
    const reopened = await waitFor("the backfill to end again", async () => {
      const backfill = await db.backfill.findUniqueOrThrow({ where: { id: backfillId } });
      const instances = await db.instance.findMany({ where: { backfillId }, select: { status: true } });
      return instances.every((instance) => instance.status === "succeeded") && backfill.status !== "running" ? backfill : null;
    }, 90_000);
    expect(reopened.status).toBe("succeeded");
    for (const node of [a, b]) expect(await rowsByDate(node.table)).toEqual({ "20310806": rowsOfDate("20310806") });
  }, 120_000);

  it("a self-dependent node runs its business dates one after another in the chosen order, whatever the parallelism", async () => {
    await createTargetTable("public.holo_backfill_self");
    const node = await createDeployedNode({
      workflowId: w.workflowId,
      name: "odps_backfill_self",
      scheduling: { ...everyDayAt("09:00"), validTo: "2031-01-01", dependencies: { inputs: [], crossCycle: "self", crossCycleNodeIds: [] } },
      jobSpec: await odpsSpec("public.holo_backfill_self"),
      resourceGroupId: group.id,
      deployedAt: new Date("2031-07-01T00:00:00Z"),
    });
    const { backfillId } = await createBackfill({ workspaceId: w.workspaceId, nodeId: node.nodeId, request: request({ parallelism: 3, order: "desc" }), by: "tester", now: clock.now() });
    expect((await backfillEnded(backfillId)).status).toBe("succeeded");
    const rows = await db.instance.findMany({ where: { backfillId }, include: { runs: true, parents: { include: { parent: true } } } });
    const of = (bizdate: string) => rows.find((row) => row.bizdate === bizdate)!;
    // Newest first: 07 waits for nothing, 06 for 07, 05 for 06.
    expect(of("20310807").parents).toEqual([]);
    expect(of("20310806").parents.map((edge) => [edge.parent.bizdate, edge.kind])).toEqual([["20310807", "crossCycle"]]);
    expect(of("20310805").parents.map((edge) => [edge.parent.bizdate, edge.kind])).toEqual([["20310806", "crossCycle"]]);
    for (const [earlier, later] of [["20310807", "20310806"], ["20310806", "20310805"]]) {
      expect(of(later).runs[0].submittedAt.getTime()).toBeGreaterThanOrEqual(of(earlier).runs[0].endedAt!.getTime());
    }
    expect(await rowsByDate("public.holo_backfill_self")).toEqual(Object.fromEntries(["20310805", "20310806", "20310807"].map((d) => [d, rowsOfDate(d)])));
  }, 120_000);

  it("creates a large backfill whole: a self-dependent minute node over 10 business dates, 14,400 instances and their edges", async () => {
    const node = await createDeployedNode({
      workflowId: quiet.workflowId,
      name: "quiet_every_minute",
      scheduling: { ...everyDayAt("00:00"), cycle: { type: "minute", start: "00:00", end: "23:59", intervalMinutes: 1 }, dependencies: { inputs: [], crossCycle: "self", crossCycleNodeIds: [] } },
      resourceGroupId: group.id,
      deployedAt: new Date("2031-07-01T00:00:00Z"),
    });
    const { backfillId, instances } = await createBackfill({ workspaceId: quiet.workspaceId, nodeId: node.nodeId, request: request({ ranges: [{ start: "2031-07-20", end: "2031-07-29" }] }), by: "tester", now: clock.now() });
    expect(instances).toBe(14_400);
    expect(await db.instance.count({ where: { backfillId } })).toBe(14_400);
    // Every instance but the first in the backfill's order waits for the one before it.
    expect(await db.instanceDependency.count({ where: { child: { backfillId }, kind: "crossCycle" } })).toBe(14_399);
    await stopBackfill({ workspaceId: quiet.workspaceId, backfillId, by: "tester", now: clock.now() });
  }, 120_000);

  it("a released child waits Not run for its parent, moves on when the parent succeeds, and the sweep finds one whose release a crash lost", async () => {
    const parent = await createDeployedNode({ workflowId: quiet.workflowId, name: "quiet_parent", scheduling: everyDayAt("01:00"), deployedAt: new Date("2031-07-01T00:00:00Z") });
    const child = await createDeployedNode({
      workflowId: quiet.workflowId,
      name: "quiet_child",
      scheduling: { ...everyDayAt("01:00"), dependencies: { inputs: [`backfill_quiet_${suffix}.quiet_parent`], crossCycle: "none", crossCycleNodeIds: [] } },
      deployedAt: new Date("2031-07-01T00:00:00Z"),
    });
    const { backfillId } = await createBackfill({ workspaceId: quiet.workspaceId, nodeId: parent.nodeId, request: request({ scope: "currentAndDescendants", ranges: [{ start: "2031-07-10", end: "2031-07-11" }], parallelism: 1, order: "asc" }), by: "tester", now: clock.now() });
    await backfillTick({ now: clock.now(), workspaceIds: [quiet.workspaceId] });
    const of = async (nodeId: string, bizdate: string) => db.instance.findFirstOrThrow({ where: { backfillId, nodeId, bizdate } });
    expect((await of(parent.nodeId, "20310710")).status).toBe("waitingTime");
    expect((await of(child.nodeId, "20310710")).status).toBe("notRun");
    // Set to Succeeded of the parent releases the child in the same transaction.
    await setInstanceSucceeded({ workspaceId: quiet.workspaceId, instanceId: (await of(parent.nodeId, "20310710")).id, by: "admin", now: clock.now() });
    expect((await of(child.nodeId, "20310710")).status).toBe("waitingTime");
    // A parent that succeeded without releasing its child (a crash between the two statements): the sweep moves the child on.
    await db.instance.update({ where: { id: (await of(child.nodeId, "20310710")).id }, data: { status: "succeeded" } });
    await backfillTick({ now: clock.now(), workspaceIds: [quiet.workspaceId] });
    await db.instance.update({ where: { id: (await of(parent.nodeId, "20310711")).id }, data: { status: "succeeded" } });
    expect((await of(child.nodeId, "20310711")).status).toBe("notRun");
    expect(await releaseStrandedInstances({ workspaceIds: [quiet.workspaceId] })).toBe(1);
    expect((await of(child.nodeId, "20310711")).status).toBe("waitingTime");
    await stopBackfill({ workspaceId: quiet.workspaceId, backfillId, by: "tester", now: clock.now() });
  });

  it("a worker process killed mid-backfill: the killed attempts rerun on the restarted worker, every instance runs to success once, and the targets hold each date's rows exactly once", async () => {
    // A group of its own, served only by worker processes: the in-process worker cannot take its runs.
    const killGroupName = `backfill_${suffix}_kill`;
    const killGroup = await createResourceGroup({ name: killGroupName, slots: 2, description: "", workspaceIds: [w.workspaceId] });
    groupIds.push(killGroup.id);
    // The first node is throttled (about 10 s a date) so the kill lands in the middle of its runs.
    const [a, b] = await createChain(["killed_a", "killed_b"], "07:00", {
      groupId: killGroup.id,
      autoRerun: { times: 1, intervalMinutes: 2 },
      firstSpec: (spec) => void (spec.setting.speed = { throttle: true, mbps: "0.002", concurrent: 1 }),
    });
    const spawnWorker = async () => {
      const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts", "--group", killGroupName], {
        // A longer lease than the in-process workers': a process loading the engine on a busy machine can miss a 1.5 s lease while alive.
        env: { ...process.env, SYNCLANE_WORKER_TIMING: JSON.stringify({ ...fastTiming, leaseMs: 8_000 }), SYNCLANE_SCHEDULER: "off" },
        stdio: "ignore",
      });
      spawned.push(child);
      await waitFor("the worker process to register", async () => db.worker.findFirst({ where: { pid: child.pid, resourceGroupId: killGroup.id } }), 90_000);
      return child;
    };
    const first = await spawnWorker();
    const { backfillId } = await createBackfill({ workspaceId: w.workspaceId, nodeId: a.nodeId, request: request({ scope: "currentAndDescendants" }), by: "tester", now: clock.now() });
    await waitFor("the worker process to be moving rows of the backfill", async () => {
      return (await db.run.count({ where: { instance: { backfillId }, status: "running", recordsRead: { gt: 0 } } })) > 0;
    }, 90_000);
    const deadWorker = await db.worker.findFirstOrThrow({ where: { pid: first.pid, resourceGroupId: killGroup.id } });
    const exited = new Promise((resolve) => first.once("exit", resolve));
    first.kill("SIGKILL");
    await exited;
    // What the process held when it died (it may have claimed its second slot just before):
    // nothing changes them until its lease runs out and they are failed WORKER_LOST.
    const killedRunIds = (await db.run.findMany({ where: { workerId: deadWorker.id, status: "running" }, select: { id: true } })).map((run) => run.id);
    expect(killedRunIds.length).toBeGreaterThan(0);
    await spawnWorker();
    // The reaper fails the dead worker's attempts; run sync schedules their automatic rerun 2 minutes later on the scheduler's clock.
    await waitFor("the killed attempts to wait for their automatic rerun", async () => {
      const retrying = await db.instance.count({ where: { backfillId, currentRunId: { in: killedRunIds }, status: "waitingTime", autoRerunsUsed: 1 } });
      return retrying === killedRunIds.length;
    }, 60_000);
    clock.advance(2 * 60_000);
    expect((await backfillEnded(backfillId)).status).toBe("succeeded");

    const rows = await db.instance.findMany({ where: { backfillId }, include: { runs: { orderBy: { runNumber: "asc" } } } });
    const dates = ["20310805", "20310806", "20310807"];
    // One instance per node and date: nothing lost, nothing doubled.
    expect(rows.map((row) => `${row.nodeId === a.nodeId ? "a" : "b"} ${row.bizdate}`).sort()).toEqual(dates.flatMap((d) => [`a ${d}`, `b ${d}`]).sort());
    for (const row of rows) {
      expect(row.status).toBe("succeeded");
      const killed = row.runs.some((run) => killedRunIds.includes(run.id));
      // A killed attempt was failed as a lost worker and run again once; any other instance ran once.
      expect(row.runs.map((run) => [run.status, run.errorCode])).toEqual(killed ? [["failed", "WORKER_LOST"], ["succeeded", null]] : [["succeeded", null]]);
      // The second attempt was queued only after the first ended: never two attempts of an instance at once.
      if (killed) expect(row.runs[1].submittedAt.getTime()).toBeGreaterThanOrEqual(row.runs[0].endedAt!.getTime());
    }
    for (const bizdate of dates) {
      const of = (nodeId: string) => rows.find((row) => row.nodeId === nodeId && row.bizdate === bizdate)!;
      const parentDone = of(a.nodeId).runs.at(-1)!.endedAt!.getTime();
      for (const run of of(b.nodeId).runs) expect(run.submittedAt.getTime()).toBeGreaterThanOrEqual(parentDone);
    }
    // The killed attempts' transactions were rolled back with their connections: no row twice.
    const expected = Object.fromEntries(dates.map((d) => [d, rowsOfDate(d)]));
    for (const node of [a, b]) expect(await rowsByDate(node.table)).toEqual(expected);
  }, 240_000);
});
