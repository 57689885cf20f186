/**
 * npm run bench:dag
 *
 * On its own console database (synclane_bench_dag, dropped and migrated at the start): a
 * workspace with 1,000 deployed daily nodes in 10 levels of 100, each node below the first
 * level depending on three nodes of the level above (positions p, p+1 and p+7), and 30
 * generated days (30,000 instances, 2,700 edges a day). Measures:
 *  - the node DAG read (one level each way) of a middle-level node, the instance DAG read of
 *    its instance: median and p95 of 50 reads each, as the page's route does them;
 *  - Rerun Downstream from a first-level instance (every instance of the day succeeded
 *    before each of 5 runs): how many descendants it reset and how long it took.
 * Results are printed and written to bench-results/dag-<timestamp>.json. A measure, not a test.
 */
import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { freshBenchDatabase } from "./support/fresh-bench-database";

const DATABASE = process.env.BENCH_DAG_DATABASE ?? "synclane_bench_dag";
const LEVELS = 10;
const WIDTH = 100;
const DAYS = 30;
const log = (line: string) => console.log(`▸ ${line}`);
const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];


async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

async function main() {
  process.env.DATABASE_URL = await freshBenchDatabase(DATABASE);
  process.env.SYNCLANE_SECRET_KEY ??= randomUUID().replace(/-/g, "") + randomUUID().replace(/-/g, "");
  // Imported only now: these modules open the database named by DATABASE_URL.
  const { db } = await import("../lib/db");
  const { generateDay } = await import("../lib/scheduling/instance-generation");
  const { everyDayAt } = await import("../lib/scheduling/testing/deployed-node");
  const { readNodeDag } = await import("../lib/data/node-dag");
  const { readInstanceDag } = await import("../lib/data/instance-dag");
  const { rerunInstanceDownstream } = await import("../lib/scheduling/instance-actions");

  const workspace = await db.workspace.create({ data: { name: "bench_dag", displayName: "bench_dag", schedulingTimeZone: "UTC" }, select: { id: true } });
  const workflow = await db.workflow.create({ data: { workspaceId: workspace.id, name: "bench" }, select: { id: true } });
  const ids = Array.from({ length: LEVELS * WIDTH }, () => randomUUID());
  const parentsOf = (i: number) => (i < WIDTH ? [] : [0, 1, 7].map((step) => i - WIDTH - (i % WIDTH) + (((i % WIDTH) + step) % WIDTH)));
  const scheduling = (i: number) => ({ ...everyDayAt("00:30"), dependencies: { inputs: parentsOf(i).map((p) => `bench_dag.node_${p}`), crossCycle: "none" as const, crossCycleNodeIds: [] } });
  const spec = { type: "job", version: "2.0", steps: [], setting: {}, order: { hops: [] } };
  await db.syncNode.createMany({ data: ids.map((id, i) => ({ id, workflowId: workflow.id, name: `node_${i}`, jobSpec: spec, scheduling: scheduling(i), owner: "bench" })) });
  await db.nodeVersion.createMany({
    data: ids.map((id, i) => ({ id: `v${id}`, nodeId: id, version: 1, changeType: "create" as const, jobSpec: spec, scheduling: scheduling(i), committedBy: "bench", deployedBy: "bench", deployedAt: new Date("2026-01-01T00:00:00Z") })),
  });
  await db.$executeRaw`UPDATE "SyncNode" n SET "deployedVersionId" = v.id FROM "NodeVersion" v WHERE v."nodeId" = n.id AND n."workflowId" = ${workflow.id}`;
  log(`Deployed ${ids.length} nodes in ${LEVELS} levels; generating ${DAYS} days…`);
  for (let d = 0; d < DAYS; d++) {
    const day = new Date(Date.UTC(2026, 11, 1 + d)).toISOString().slice(0, 10);
    await generateDay({ workspaceId: workspace.id, day, timeZone: "UTC", now: new Date("2026-01-01T00:00:00Z") });
  }
  const instances = await db.instance.count();
  const edges = await db.instanceDependency.count();
  log(`${instances} instances, ${edges} instance edges.`);

  const middle = ids[5 * WIDTH + 50];
  const middleInstance = (await db.instance.findFirstOrThrow({ where: { nodeId: middle, bizdate: "20261214" }, select: { id: true } })).id;
  const nodeReads: number[] = [];
  const instanceReads: number[] = [];
  for (let i = 0; i < 50; i++) {
    nodeReads.push((await timed(() => readNodeDag({ workspaceId: workspace.id, nodeId: middle }))).ms);
    instanceReads.push((await timed(() => readInstanceDag({ workspaceId: workspace.id, instanceId: middleInstance }))).ms);
  }
  log(`Node DAG read: median ${quantile(nodeReads, 0.5).toFixed(1)} ms, p95 ${quantile(nodeReads, 0.95).toFixed(1)} ms.`);
  log(`Instance DAG read: median ${quantile(instanceReads, 0.5).toFixed(1)} ms, p95 ${quantile(instanceReads, 0.95).toFixed(1)} ms.`);

  const root = (await db.instance.findFirstOrThrow({ where: { nodeId: ids[0], bizdate: "20261214" }, select: { id: true } })).id;
  const reruns: number[] = [];
  let descendants = 0;
  for (let i = 0; i < 5; i++) {
    await db.instance.updateMany({ where: { workspaceId: workspace.id, bizdate: "20261214" }, data: { status: "succeeded" } });
    const { ms, result } = await timed(() => rerunInstanceDownstream({ workspaceId: workspace.id, instanceId: root, by: "bench", now: new Date() }));
    reruns.push(ms);
    descendants = result.descendants;
  }
  log(`Rerun Downstream from a first-level instance: ${descendants} descendants reset, median ${quantile(reruns, 0.5).toFixed(1)} ms (${reruns.map((ms) => ms.toFixed(0)).join(", ")}).`);

  const results = { at: new Date().toISOString(), loadAverage: os.loadavg(), nodes: ids.length, instances, edges, nodeReads, instanceReads, rerunDownstream: { descendants, ms: reruns } };
  const dir = path.resolve("bench-results");
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, `dag-${results.at.replaceAll(":", "-")}.json`), JSON.stringify(results, null, 2));
  await db.$disconnect();
}

await main();
