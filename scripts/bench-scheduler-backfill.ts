// The backfill parts of `npm run bench:scheduler` (see bench-scheduler.ts, which sets up the
// database and imports this after DATABASE_URL names it):
//  3. backfill: a 1,000-node DAG of 10 levels (one root; 111 nodes on each level below it,
//     each waiting for two nodes of the level above) backfilled over 30 business dates,
//     current and descendant nodes, parallelism 10: 30,000 instances through one scheduler
//     loop and 4 workers x 8 slots running a trivial engine. For each instance, the delay
//     from runnable (its date released, its parents' runs ended, a slot free) to its run's
//     claim: the scheduler's own overhead.
//  4. runnable: the Instance table topped up to 1,000,000 rows (generate_series), with a
//     backfill-like live state (10 dates released, 20 held); then 20 times one parent
//     instance finishes, and releasing its children (releaseChildren, as run sync does)
//     plus the dispatcher's query for runnable instances (dueInstancesSql) are timed; the
//     query is EXPLAINed once.
import type { NodeScheduling } from "../lib/scheduling/node-scheduling";

export const dagLevels = 10;
const levelWidth = 111;
export const dagNodes = 1 + (dagLevels - 1) * levelWidth;
const workspaceName = "bench_backfill";

/** Node index of the k-th node of a level (level 0 holds the root alone). */
const nodeAt = (level: number, k: number) => (level === 0 ? 0 : 1 + (level - 1) * levelWidth + k);

/** The parents of every node as (child, parent) index pairs: the root for level 1, two nodes of the level above below that. */
export function dagEdges(): { child: number; parent: number }[] {
  const edges: { child: number; parent: number }[] = [];
  for (let level = 1; level < dagLevels; level++) {
    for (let k = 0; k < levelWidth; k++) {
      const child = nodeAt(level, k);
      if (level === 1) edges.push({ child, parent: 0 });
      else edges.push({ child, parent: nodeAt(level - 1, k) }, { child, parent: nodeAt(level - 1, (k + 1) % levelWidth) });
    }
  }
  return edges;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

type DeployMany = (input: {
  workspaceName: string;
  nodes: { scheduling: NodeScheduling; arguments: string }[];
  resourceGroupId?: string;
  periodicScheduling?: boolean;
}) => Promise<{ workspaceId: string; nodeIds: string[] }>;

type TrivialEngine = (spec: unknown, options: { parameters?: Record<string, string> }) => Promise<unknown>;

export type DagWorkspace = { workspaceId: string; nodeIds: string[]; groupId: string };

/** The 1,000-node DAG, deployed, on a resource group of 32 slots bound to its workspace. */
export async function deployDag(deployMany: DeployMany): Promise<DagWorkspace> {
  const { db } = await import("../lib/db");
  const { createResourceGroup } = await import("../lib/data/resource-groups");
  const { everyDayAt } = await import("../lib/scheduling/testing/deployed-node");
  const group = await createResourceGroup({ name: workspaceName, slots: 32, description: "", workspaceIds: [] });
  const parents = new Map<number, number[]>();
  for (const edge of dagEdges()) parents.set(edge.child, [...(parents.get(edge.child) ?? []), edge.parent]);
  const dag = await deployMany({
    workspaceName,
    nodes: Array.from({ length: dagNodes }, (_, n) => ({
      scheduling: { ...everyDayAt("00:00"), dependencies: { inputs: (parents.get(n) ?? []).map((p) => `${workspaceName}.node_${p}`), crossCycle: "none" as const, crossCycleNodeIds: [] } },
      arguments: "",
    })),
    resourceGroupId: group.id,
    // Only backfill instances: no nightly generation for these nodes.
    periodicScheduling: false,
  });
  await db.resourceGroupBinding.create({ data: { resourceGroupId: group.id, workspaceId: dag.workspaceId } });
  return { ...dag, groupId: group.id };
}

export type BackfillBenchResult = {
  nodes: number;
  dates: number;
  instances: number;
  createSeconds: number;
  wallSeconds: number;
  status: string;
  claimed: number;
  medianSeconds: number;
  p99Seconds: number;
  maxSeconds: number;
  runsPerSecond: number;
};

/** Part 3: the 30-date backfill of the DAG through the real scheduler loop and queue. */
export async function benchBackfill(input: { dag: DagWorkspace; trivialEngine: TrivialEngine; dates: number; log: (line: string) => void }): Promise<BackfillBenchResult> {
  const { db } = await import("../lib/db");
  const { startWorker } = await import("../lib/worker/worker");
  const { startSchedulerLoop } = await import("../lib/scheduling/scheduler-loop");
  const { createBackfill } = await import("../lib/scheduling/backfill");
  const { dag, log } = input;
  const slots = 32;
  const workers = [];
  for (let i = 0; i < 4; i++) workers.push(await startWorker({ groupName: workspaceName, runJob: input.trivialEngine as never }));
  const scheduler = startSchedulerLoop({ workspaceIds: [dag.workspaceId] });
  const end = new Date(Date.UTC(2026, 9, input.dates));
  const request = {
    scope: "currentAndDescendants" as const,
    ranges: [{ start: "2026-10-01", end: end.toISOString().slice(0, 10) }],
    window: null,
    parallelism: 10,
    order: "asc" as const,
    runFutureNow: false,
  };
  const createStarted = performance.now();
  const { backfillId, instances } = await createBackfill({ workspaceId: dag.workspaceId, nodeId: dag.nodeIds[0], request, by: "bench", now: new Date() });
  const createdAt = Date.now();
  const createSeconds = (performance.now() - createStarted) / 1000;
  log(`Backfill of ${instances.toLocaleString("en-US")} instances created in ${createSeconds.toFixed(1)} s; running (parallelism 10, 4 workers x 8 slots)…`);
  const deadline = Date.now() + 60 * 60_000;
  let status = "running";
  for (let seen = 0; Date.now() < deadline; ) {
    status = (await db.backfill.findUniqueOrThrow({ where: { id: backfillId }, select: { status: true } })).status;
    if (status !== "running") break;
    const ended = await db.instance.count({ where: { backfillId, status: { in: ["succeeded", "failed"] } } });
    if (ended - seen >= 3_000) {
      seen = ended;
      log(`  ${ended.toLocaleString("en-US")} of ${instances.toLocaleString("en-US")} ended`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  await scheduler.stop();
  for (const worker of workers) await worker.stop();

  const runs = await db.$queryRaw<{ id: string; bizdate: string; startedAt: Date | null; endedAt: Date | null }[]>`
    SELECT i.id, i.bizdate, r."startedAt", r."endedAt" FROM "Instance" i JOIN "Run" r ON r.id = i."currentRunId" WHERE i."backfillId" = ${backfillId}`;
  const edges = await db.$queryRaw<{ childId: string; parentId: string }[]>`
    SELECT d."childId", d."parentId" FROM "InstanceDependency" d JOIN "Instance" i ON i.id = d."childId" WHERE i."backfillId" = ${backfillId}`;
  const byId = new Map(runs.map((run) => [run.id, run]));
  // A date is released when fewer than 10 dates are unfinished: the first 10 at once, the
  // j-th (0-based, in order) when the (j - 10)-th date to finish finished.
  const dateFinish = new Map<string, number>();
  for (const run of runs) dateFinish.set(run.bizdate, Math.max(dateFinish.get(run.bizdate) ?? 0, run.endedAt?.getTime() ?? Number.POSITIVE_INFINITY));
  const order = [...dateFinish.keys()].sort();
  const finishes = [...dateFinish.values()].sort((a, b) => a - b);
  const released = new Map(order.map((date, j) => [date, j < 10 ? createdAt : finishes[j - 10]]));
  const parentsDone = new Map<string, number>();
  for (const edge of edges) parentsDone.set(edge.childId, Math.max(parentsDone.get(edge.childId) ?? 0, byId.get(edge.parentId)?.endedAt?.getTime() ?? Number.POSITIVE_INFINITY));
  const claimed = runs.filter((run) => run.startedAt).sort((a, b) => a.startedAt!.getTime() - b.startedAt!.getTime());
  const ends = runs.map((run) => run.endedAt?.getTime() ?? Number.POSITIVE_INFINITY).sort((a, b) => a - b);
  // Runnable: date released, parents' runs ended, and (as in the dispatch part) a slot of
  // the 32 free: the k-th claim (k >= 32) needs the (k - 32)-th earliest end.
  const delays = claimed.map((run, k) => {
    const runnable = Math.max(released.get(run.bizdate)!, parentsDone.get(run.id) ?? 0, k < slots ? 0 : ends[k - slots]);
    return (run.startedAt!.getTime() - runnable) / 1000;
  });
  const wallSeconds = (Math.max(...ends.filter(Number.isFinite)) - createdAt) / 1000;
  return {
    nodes: dag.nodeIds.length,
    dates: input.dates,
    instances,
    createSeconds,
    wallSeconds,
    status,
    claimed: claimed.length,
    medianSeconds: median(delays),
    p99Seconds: percentile(delays, 99),
    maxSeconds: Math.max(...delays),
    runsPerSecond: claimed.length / wallSeconds,
  };
}

export type RunnableBenchResult = {
  tableInstances: number;
  tableEdges: number;
  waiting: number;
  loadSeconds: number;
  samples: number[];
  medianMs: number;
  maxMs: number;
  dispatchMedianMs: number;
  dispatchMaxMs: number;
  plan: string;
};

/**
 * Part 4: a million instances in the table, then one parent at a time finishes and the
 * dispatcher's query for runnable instances is timed.
 */
export async function benchRunnable(input: { dag: DagWorkspace; log: (line: string) => void; total?: number }): Promise<RunnableBenchResult> {
  const { db } = await import("../lib/db");
  const { Prisma } = await import("../lib/generated/prisma/client");
  const { dueInstancesSql, selectDueInstances, dispatchDueInstances } = await import("../lib/scheduling/instance-dispatcher");
  const { releaseChildren } = await import("../lib/scheduling/instance-release");
  const { dag, log } = input;
  const total = input.total ?? 1_000_000;
  const existing = Number((await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "Instance"`)[0].n);
  const days = Math.max(30, Math.ceil((total - existing) / dag.nodeIds.length));
  const live = days - 30; // the first of the 30 backfill-like days: 10 released, then 20 held
  const loadStarted = performance.now();
  log(`Inserting ${(days * dag.nodeIds.length).toLocaleString("en-US")} instances (${days} days x ${dag.nodeIds.length} nodes) beside the ${existing.toLocaleString("en-US")} there…`);
  const levelOf = Prisma.sql`CASE WHEN n = 0 THEN 0 ELSE (n - 1) / ${levelWidth} + 1 END`;
  // Days before the live ones: succeeded (history). The 10 released days: the root
  // succeeded, level 1 running, the levels below Not run waiting for their parents. The 20
  // days after: held until their date is released (notBefore in the year 9999).
  await db.$executeRaw`
    INSERT INTO "Instance" (id, "workspaceId", "nodeId", kind, batch, "scheduledAt", bizdate, parameters, status, "notBefore", "createdBy")
    SELECT 'bench_' || d || '_' || n, ${dag.workspaceId}, (${dag.nodeIds}::text[])[n + 1], 'auto', '',
           timestamp '2020-01-02' + d * interval '1 day', to_char(timestamp '2020-01-01' + d * interval '1 day', 'YYYYMMDD'), '{}'::jsonb,
           (CASE WHEN d < ${live} THEN 'succeeded'
                 WHEN d < ${live + 10} THEN (CASE ${levelOf} WHEN 0 THEN 'succeeded' WHEN 1 THEN 'running' ELSE 'notRun' END)
                 ELSE 'notRun' END)::"InstanceStatus",
           CASE WHEN d < ${live + 10} THEN timestamp '2020-01-02' + d * interval '1 day' ELSE timestamp '9999-01-01' END,
           'bench'
      FROM generate_series(0, ${days - 1}) AS d, generate_series(0, ${dag.nodeIds.length - 1}) AS n`;
  const edges = dagEdges();
  log(`Inserting ${(days * edges.length).toLocaleString("en-US")} instance edges…`);
  await db.$executeRaw`
    INSERT INTO "InstanceDependency" ("childId", "parentId", kind)
    SELECT 'bench_' || d || '_' || e.child, 'bench_' || d || '_' || e.parent, 'sameCycle'
      FROM generate_series(0, ${days - 1}) AS d, unnest(${edges.map((e) => e.child)}::int[], ${edges.map((e) => e.parent)}::int[]) AS e(child, parent)`;
  await db.$executeRawUnsafe(`ANALYZE "Instance"`);
  await db.$executeRawUnsafe(`ANALYZE "InstanceDependency"`);
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const tableInstances = Number((await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "Instance"`)[0].n);
  const tableEdges = Number((await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "InstanceDependency"`)[0].n);
  const waiting = Number((await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "Instance" WHERE status IN ('notRun', 'waitingTime')`)[0].n);
  log(`${tableInstances.toLocaleString("en-US")} instances and ${tableEdges.toLocaleString("en-US")} edges in ${loadSeconds.toFixed(1)} s; ${waiting.toLocaleString("en-US")} waiting.`);

  // One parent finishes (level 1, node k of the first released day), as run sync marks it;
  // timed: releasing its children whose parents all succeeded (releaseChildren, in the
  // same pass as the success) and the dispatcher's query for runnable instances. What it
  // finds is moved on as the dispatcher would (waitingResources), so each sample finds
  // only the newly runnable.
  const parentId = (k: number) => `bench_${live}_${1 + k}`;
  const finish = (k: number) => db.$executeRaw`UPDATE "Instance" SET status = 'succeeded' WHERE id = ${parentId(k)}`;
  const samples: number[] = [];
  let plan = "";
  for (let k = 0; k < 21; k++) {
    await finish(k);
    const started = performance.now();
    await releaseChildren([parentId(k)]);
    if (k === 0) {
      const rows = await db.$transaction((tx) => tx.$queryRaw<{ "QUERY PLAN": string }[]>(Prisma.sql`EXPLAIN (ANALYZE, BUFFERS) ${dueInstancesSql({ now: new Date() })}`));
      plan = rows.map((row) => row["QUERY PLAN"]).join("\n");
    }
    const found = await db.$transaction(async (tx) => {
      const due = await selectDueInstances(tx, { now: new Date() });
      if (k > 0) samples.push(performance.now() - started);
      if (due.length) await tx.$executeRaw`UPDATE "Instance" SET status = 'waitingResources' WHERE id = ANY(${due.map((row) => row.id)}::text[])`;
      return due.length;
    });
    if (k > 0 && found !== 1) log(`  sample ${k}: ${found} runnable (1 expected)`);
  }
  // The whole dispatcher pass as the scheduler runs it (dry-run update, then the batches,
  // queuing runs for what it finds), again after one parent finished each time.
  const dispatchMs: number[] = [];
  for (let k = 21; k < 31; k++) {
    await finish(k);
    const started = performance.now();
    await releaseChildren([parentId(k)]);
    await dispatchDueInstances({ now: new Date(), workspaceIds: [dag.workspaceId] });
    dispatchMs.push(performance.now() - started);
  }
  return {
    tableInstances,
    tableEdges,
    waiting,
    loadSeconds,
    samples,
    medianMs: median(samples),
    maxMs: Math.max(...samples),
    dispatchMedianMs: median(dispatchMs),
    dispatchMaxMs: Math.max(...dispatchMs),
    plan,
  };
}
