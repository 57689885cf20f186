/**
 * npm run bench:scheduler
 *
 * On its own console database (synclane_bench_scheduler, dropped and migrated at the start;
 * BENCH_SCHEDULER_DATABASE names another):
 *  1. Generation: a workspace (Europe/Berlin) with 10,000 daily nodes (times spread over
 *     00:00-00:30 as DataWorks' default, a few argument strings) and 1,000 hourly nodes
 *     (00:00-23:00), all deployed: generating one day = 34,000 instances and their 33,000
 *     dependency edges (10 levels of daily nodes over the hourly ones). Timed three times
 *     on three days (median), then once more on a day already generated (nothing new).
 *  2. Dispatch latency: 1,000 deployed nodes whose instances all fall due at the same second
 *     T (a few seconds ahead on the wall clock), one scheduler loop on the system clock, and
 *     4 workers of a resource group with 32 slots (8 per worker). For each instance, the
 *     delay from T to its run's claim (Run.startedAt, set by the claiming worker). The
 *     workers run the real queue (claim, load, lease, log, finish) with a trivial engine that
 *     succeeds at once, so the figure is the scheduler's and the queue's, not a sync's: with
 *     real syncs the 1,000th run waits for slots, which is capacity, not scheduling.
 *  3. Backfill and 4. runnable after a parent finished, with a million instances in the
 *     table: see bench-scheduler-backfill.ts.
 * BENCH_SCHEDULER_PARTS=generation,dispatch,backfill,runnable (the default: all) chooses
 * parts; runnable uses the backfill part's DAG (deploying it when backfill is left out).
 * BENCH_BACKFILL_DATES (default 30) shortens the backfill.
 * Results go to bench-results/scheduler-<timestamp>.json and .md. A measure, not a test.
 */
import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { freshBenchDatabase } from "./support/fresh-bench-database";
import { benchBackfill, benchRunnable, dagLevels, dagNodes, deployDag, type BackfillBenchResult, type RunnableBenchResult } from "./bench-scheduler-backfill";

const DATABASE = process.env.BENCH_SCHEDULER_DATABASE ?? "synclane_bench_scheduler";
const RESULTS_DIR = path.resolve("bench-results");
const TIME_ZONE = "Europe/Berlin";
const PARTS = (process.env.BENCH_SCHEDULER_PARTS ?? "generation,dispatch,backfill,runnable").split(",");
const BACKFILL_DATES = Number(process.env.BENCH_BACKFILL_DATES ?? 30);

const log = (line: string) => console.log(`▸ ${line}`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};


async function main() {
  const url = await freshBenchDatabase(DATABASE);
  process.env.DATABASE_URL = url;
  process.env.SYNCLANE_SECRET_KEY ??= randomUUID().replace(/-/g, "") + randomUUID().replace(/-/g, "");
  // Imported only now: these modules open the database named by DATABASE_URL.
  const { db } = await import("../lib/db");
  const { generateDay, insertInstances } = await import("../lib/scheduling/instance-generation");
  const { createResourceGroup } = await import("../lib/data/resource-groups");
  const { startWorker } = await import("../lib/worker/worker");
  const { startSchedulerLoop } = await import("../lib/scheduling/scheduler-loop");
  const { everyDayAt } = await import("../lib/scheduling/testing/deployed-node");
  const { createPlanner } = await import("../lib/scheduling/instance-plan");
  type NodeScheduling = import("../lib/scheduling/node-scheduling").NodeScheduling;

  const emptySpec = { type: "job", version: "2.0", steps: [], setting: {}, order: { hops: [] } };
  async function deployMany(input: { workspaceName: string; nodes: { scheduling: NodeScheduling; arguments: string }[]; resourceGroupId?: string; periodicScheduling?: boolean }) {
    const workspace = await db.workspace.create({
      data: { name: input.workspaceName, displayName: input.workspaceName, schedulingTimeZone: TIME_ZONE, periodicScheduling: input.periodicScheduling ?? true },
      select: { id: true },
    });
    const workflow = await db.workflow.create({ data: { workspaceId: workspace.id, name: "bench" }, select: { id: true } });
    const nodeIds = input.nodes.map(() => randomUUID());
    const versionIds = input.nodes.map(() => randomUUID());
    const deployedAt = new Date("2026-01-01T00:00:00Z");
    for (let start = 0; start < input.nodes.length; start += 2_000) {
      const slice = input.nodes.slice(start, start + 2_000);
      await db.syncNode.createMany({
        data: slice.map((node, i) => ({
          id: nodeIds[start + i],
          workflowId: workflow.id,
          name: `node_${start + i}`,
          jobSpec: emptySpec,
          arguments: node.arguments,
          scheduling: node.scheduling,
          resourceGroupId: input.resourceGroupId ?? null,
        })),
      });
      await db.nodeVersion.createMany({
        data: slice.map((node, i) => ({
          id: versionIds[start + i],
          nodeId: nodeIds[start + i],
          version: 1,
          changeType: "create" as const,
          jobSpec: emptySpec,
          arguments: node.arguments,
          scheduling: node.scheduling,
          resourceGroupId: input.resourceGroupId ?? null,
          committedBy: "bench",
          deployedBy: "bench",
          deployedAt,
        })),
      });
    }
    await db.$executeRaw`
      UPDATE "SyncNode" n SET "deployedVersionId" = v.id FROM "NodeVersion" v WHERE v."nodeId" = n.id AND n."workflowId" = ${workflow.id}`;
    return { workspaceId: workspace.id, nodeIds };
  }

  // The workers of the dispatch and backfill parts run the real queue with an engine that
  // succeeds at once, so the figures are the scheduler's and the queue's, not a sync's.
  const trivialEngine = async (_spec: unknown, options: { parameters?: Record<string, string> }) => {
    const now = new Date();
    return {
      status: "succeeded" as const,
      error: null,
      startedAt: now,
      endedAt: now,
      durationMs: 0,
      recordsRead: 0,
      bytesRead: 0,
      recordsWritten: 0,
      bytesWritten: 0,
      recordsRolledBack: 0,
      dirtyRecords: 0,
      dirtySample: [],
      averageBytesPerSecond: 0,
      averageRecordsPerSecond: 0,
      totalRecords: 0,
      splits: 0,
      concurrency: 1,
      parameters: options.parameters ?? {},
      resolvedSpec: null,
      targetState: "complete" as const,
      targetSummary: null,
      verification: null,
    };
  };

  // 1. Generation.
  let generationResult: { instances: number; runs: number[]; medianSeconds: number; againSeconds: number } | null = null;
  if (PARTS.includes("generation")) {
    const argumentChoices = ["", "pt=${bizdate}", "pt=$[yyyymmdd-1] month=${yyyymm}", "hour=$[hh24]"];
    // Dependencies (outputs are `bench_generation.node_<n>`): daily nodes 0-999 each depend
    // on one hourly node (24 parent instances each), every other daily node on the daily
    // node 1,000 before it: 10 levels, 33,000 instance edges a day.
    const parentOf = (i: number) => `bench_generation.node_${i < 1_000 ? 10_000 + i : i - 1_000}`;
    const nodes = [
      ...Array.from({ length: 10_000 }, (_, i) => ({
        scheduling: { ...everyDayAt(`00:${String(i % 31).padStart(2, "0")}`), dependencies: { inputs: [parentOf(i)], crossCycle: "none" as const, crossCycleNodeIds: [] } },
        arguments: argumentChoices[i % argumentChoices.length],
      })),
      ...Array.from({ length: 1_000 }, (_, i) => ({
        scheduling: { ...everyDayAt("00:00"), cycle: { type: "hour" as const, start: "00:00", end: "23:00", intervalHours: 1 } },
        arguments: argumentChoices[i % argumentChoices.length],
      })),
    ];
    log("Deploying 10,000 daily and 1,000 hourly nodes…");
    const generation = await deployMany({ workspaceName: "bench_generation", nodes });
    const days = ["2026-12-02", "2026-12-03", "2026-12-04"];
    const generationSeconds: number[] = [];
    let instances = 0;
    for (const day of days) {
      const started = performance.now();
      const result = await generateDay({ workspaceId: generation.workspaceId, day, timeZone: TIME_ZONE, now: new Date() });
      const seconds = (performance.now() - started) / 1000;
      generationSeconds.push(seconds);
      instances = result.inserted;
      log(`Generated ${day}: ${result.inserted.toLocaleString("en-US")} instances in ${seconds.toFixed(2)} s.`);
    }
    const repeatStarted = performance.now();
    const repeat = await generateDay({ workspaceId: generation.workspaceId, day: days[0], timeZone: TIME_ZONE, now: new Date() });
    const repeatSeconds = (performance.now() - repeatStarted) / 1000;
    log(`Generating ${days[0]} again: ${repeat.inserted} new in ${repeatSeconds.toFixed(2)} s.`);
    generationResult = { instances, runs: generationSeconds, medianSeconds: median(generationSeconds), againSeconds: repeatSeconds };
  }
  let dispatchResult: {
    instances: number;
    claimed: number;
    medianSeconds: number;
    p99Seconds: number;
    maxSeconds: number;
    queuedMedianSeconds: number;
    queuedMaxSeconds: number;
    slotMedianSeconds: number;
    slotP99Seconds: number;
    runsPerSecond: number;
  } | null = null;
  if (PARTS.includes("dispatch")) {

    // 2. Dispatch latency.
    const group = await createResourceGroup({ name: "bench_dispatch", slots: 32, description: "", workspaceIds: [] });
    const latency = await deployMany({
      workspaceName: "bench_dispatch",
      nodes: Array.from({ length: 1_000 }, () => ({ scheduling: everyDayAt("00:00"), arguments: "" })),
      resourceGroupId: group.id,
      // No nightly generation here (it would queue today's instances of these nodes at once); instances inserted below still run.
      periodicScheduling: false,
    });
    await db.resourceGroupBinding.create({ data: { resourceGroupId: group.id, workspaceId: latency.workspaceId } });
    const workers = [];
    for (let i = 0; i < 4; i++) workers.push(await startWorker({ groupName: "bench_dispatch", runJob: trivialEngine as never }));
    const scheduler = startSchedulerLoop({ workspaceIds: [latency.workspaceId] });
    const due = new Date(Math.ceil((Date.now() + 4_000) / 1000) * 1000);
    const planner = createPlanner({ day: "2026-12-01", timeZone: TIME_ZONE, now: new Date() });
    const rows = latency.nodeIds.flatMap((nodeId) => planner.rowsOf({ nodeId, workspaceId: latency.workspaceId, frozen: false, scheduling: everyDayAt("00:00"), arguments: "" }));
    await insertInstances(rows.map((row) => ({ ...row, scheduledAt: due, notBefore: due })));
    log(`1,000 instances fall due at ${due.toISOString()}; 4 workers x 8 slots…`);
    const deadline = Date.now() + 120_000;
    for (;;) {
      const claimed = await db.run.count({ where: { resourceGroupId: group.id, startedAt: { not: null } } });
      if (claimed >= 1_000 || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const claims = await db.run.findMany({ where: { resourceGroupId: group.id }, select: { startedAt: true, endedAt: true, submittedAt: true } });
    const delays = claims.filter((run) => run.startedAt).map((run) => (run.startedAt!.getTime() - due.getTime()) / 1000);
    const queueDelays = claims.map((run) => (run.submittedAt.getTime() - due.getTime()) / 1000);
    // With 32 slots the k-th claim (k >= 32) can only happen once k - 31 runs have ended: it
    // becomes runnable (time come and a slot free) at the (k - 32)-th earliest end.
    const starts = claims.map((run) => run.startedAt?.getTime() ?? Number.NaN).sort((a, b) => a - b);
    const ends = claims.map((run) => run.endedAt?.getTime() ?? Number.POSITIVE_INFINITY).sort((a, b) => a - b);
    const slotDelays = starts.map((start, k) => (start - (k < 32 ? due.getTime() : Math.max(due.getTime(), ends[k - 32]))) / 1000);
    const wallSeconds = (Math.max(...ends.filter(Number.isFinite)) - due.getTime()) / 1000;
    await scheduler.stop();
    for (const worker of workers) await worker.stop();
    dispatchResult = {
      instances: 1_000,
      claimed: delays.length,
      medianSeconds: median(delays),
      p99Seconds: percentile(delays, 99),
      maxSeconds: Math.max(...delays),
      queuedMedianSeconds: median(queueDelays),
      queuedMaxSeconds: Math.max(...queueDelays),
      slotMedianSeconds: median(slotDelays),
      slotP99Seconds: percentile(slotDelays, 99),
      runsPerSecond: 1_000 / wallSeconds,
    };
  }
  // 3. and 4.: backfill, and runnable after a parent finished with a million instances.
  let backfillResult: BackfillBenchResult | null = null;
  let runnableResult: RunnableBenchResult | null = null;
  if (PARTS.includes("backfill") || PARTS.includes("runnable")) {
    log(`Deploying a ${dagNodes}-node DAG of ${dagLevels} levels…`);
    const dag = await deployDag(deployMany);
    if (PARTS.includes("backfill")) backfillResult = await benchBackfill({ dag, trivialEngine, dates: BACKFILL_DATES, log });
    if (PARTS.includes("runnable")) runnableResult = await benchRunnable({ dag, log, total: Number(process.env.BENCH_RUNNABLE_INSTANCES ?? 1_000_000) });
  }
  await db.$disconnect();

  const results = {
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? "", node: process.version, loadAverage: os.loadavg() },
    generation: generationResult,
    dispatch: dispatchResult,
    backfill: backfillResult,
    runnable: runnableResult,
  };
  const g = generationResult;
  const d = dispatchResult;
  const md = [
    "| measure | result | target |",
    "| --- | --- | --- |",
    ...(g
      ? [
          `| generate one day: 10,000 daily + 1,000 hourly nodes = ${g.instances.toLocaleString("en-US")} instances | median ${g.medianSeconds.toFixed(2)} s (${g.runs.map((s) => s.toFixed(2)).join(", ")}) | < 10 s |`,
          `| generate the same day again (nothing new) | ${g.againSeconds.toFixed(2)} s | |`,
        ]
      : []),
    ...(d
      ? [
          `| 1,000 instances due at once, 4 workers x 8 slots: due -> run claimed | median ${d.medianSeconds.toFixed(2)} s, p99 ${d.p99Seconds.toFixed(2)} s, max ${d.maxSeconds.toFixed(2)} s (${d.claimed} claimed) | (bound by slots x run time) |`,
          `| of which due -> run queued by the scheduler | median ${d.queuedMedianSeconds.toFixed(2)} s, max ${d.queuedMaxSeconds.toFixed(2)} s | |`,
          `| runnable (time come and a slot of the 32 free) -> run claimed | median ${d.slotMedianSeconds.toFixed(2)} s, p99 ${d.slotP99Seconds.toFixed(2)} s | median < 1 s, p99 < 3 s |`,
          `| throughput of the queue (trivial runs through 32 slots) | ${d.runsPerSecond.toFixed(0)} runs/s | |`,
        ]
      : []),
    ...(backfillResult
      ? [
          `| backfill of a ${backfillResult.nodes.toLocaleString("en-US")}-node DAG (${dagLevels} levels) over ${backfillResult.dates} dates = ${backfillResult.instances.toLocaleString("en-US")} instances, parallelism 10, 4 workers x 8 slots: created in | ${backfillResult.createSeconds.toFixed(1)} s; all ${backfillResult.status} after ${backfillResult.wallSeconds.toFixed(0)} s (${backfillResult.runsPerSecond.toFixed(0)} runs/s) | |`,
          `| the same: runnable (date released, parents ended, a slot free) -> run claimed | median ${backfillResult.medianSeconds.toFixed(2)} s, p99 ${backfillResult.p99Seconds.toFixed(2)} s, max ${backfillResult.maxSeconds.toFixed(2)} s (${backfillResult.claimed.toLocaleString("en-US")} claimed) | median < 1 s, p99 < 3 s |`,
        ]
      : []),
    ...(runnableResult
      ? [
          `| one parent finished, ${runnableResult.tableInstances.toLocaleString("en-US")} instances (${runnableResult.waiting.toLocaleString("en-US")} waiting) and ${runnableResult.tableEdges.toLocaleString("en-US")} edges in the table: releasing its children and the dispatcher's query for runnable instances | median ${runnableResult.medianMs.toFixed(1)} ms, max ${runnableResult.maxMs.toFixed(1)} ms (${runnableResult.samples.length} parents) | < 50 ms |`,
          `| the same: releasing the children and a whole dispatcher pass (dry runs, then queuing what became runnable) | median ${runnableResult.dispatchMedianMs.toFixed(1)} ms, max ${runnableResult.dispatchMaxMs.toFixed(1)} ms | |`,
        ]
      : []),
    `| load average of the machine (1, 5, 15 min) at the end | ${os.loadavg().map((l) => l.toFixed(1)).join(", ")} on ${os.cpus().length} CPUs | |`,
  ].join("\n");
  console.log(`\n${md}\n`);
  if (runnableResult) console.log(`The dispatcher's query, one parent finished:\n${runnableResult.plan}\n`);
  await mkdir(RESULTS_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  await writeFile(path.join(RESULTS_DIR, `scheduler-${stamp}.json`), JSON.stringify(results, null, 2));
  await writeFile(path.join(RESULTS_DIR, `scheduler-${stamp}.md`), `${md}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
