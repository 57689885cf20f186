import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { mergeNeighbourhoods } from "@/lib/dag/merge-neighbourhoods";
import { everyDayAt } from "@/lib/scheduling/testing/deployed-node";
import { dependencyWorld, removeDependencyWorlds } from "@/lib/scheduling/testing/dependency-world";
import { dagNeighbourLimit, readInstanceDag } from "./instance-dag";
import { readNodeDag } from "./node-dag";

/**
 * The DAG's reads against real PostgreSQL: a node's and an instance's parents and children
 * one level each way, how many more each box has, and the graph after expanding a box.
 * The graph: a → b → c, a → d, and e alone.
 */

afterAll(async () => {
  await removeDependencyWorlds();
  await db.$disconnect();
});

async function graph() {
  const w = await dependencyWorld("dag");
  const a = await w.node("a", everyDayAt("00:10"));
  const b = await w.node("b", everyDayAt("00:20"), { inputs: [w.output("a")] });
  const c = await w.node("c", everyDayAt("00:30"), { inputs: [w.output("b")] });
  const d = await w.node("d", everyDayAt("00:40"), { inputs: [w.output("a")] });
  const e = await w.node("e", everyDayAt("00:50"));
  await w.generate();
  const instanceOf = async (nodeId: string) => (await db.instance.findFirstOrThrow({ where: { nodeId }, select: { id: true } })).id;
  return { w, nodes: { a, b, c, d, e }, instances: { a: await instanceOf(a), b: await instanceOf(b), c: await instanceOf(c), d: await instanceOf(d), e: await instanceOf(e) } };
}

let world: Awaited<ReturnType<typeof graph>> | null = null;
const theGraph = async () => (world ??= await graph());
const names = (boxes: { name: string }[]) => boxes.map((box) => box.name).sort();
const edgeNames = (edges: { source: string; target: string }[], nameOf: (id: string) => string) => edges.map((edge) => `${nameOf(edge.source)}>${nameOf(edge.target)}`).sort();

describe("the node DAG", () => {
  it("shows a node's parents and children one level each way, with what is left to expand", async () => {
    const { w, nodes } = await theGraph();
    const dag = await readNodeDag({ workspaceId: w.workspaceId, nodeId: nodes.b });
    const nameOf = (id: string) => dag.nodes.find((node) => node.id === id)!.name;
    expect(dag.centerId).toBe(nodes.b);
    expect(names(dag.nodes)).toEqual(["a", "b", "c"]);
    expect(edgeNames(dag.edges, nameOf)).toEqual(["a>b", "b>c"]);
    const a = dag.nodes.find((node) => node.name === "a")!;
    expect(a).toMatchObject({ cycle: "Every day at 00:10", parentCount: 0, childCount: 2 });
  });

  it("expanding a parent adds its other child", async () => {
    const { w, nodes } = await theGraph();
    const first = await readNodeDag({ workspaceId: w.workspaceId, nodeId: nodes.b });
    const expanded = await readNodeDag({ workspaceId: w.workspaceId, nodeId: nodes.a });
    const merged = mergeNeighbourhoods([first, expanded].map((part) => ({ boxes: part.nodes, edges: part.edges })));
    const nameOf = (id: string) => merged.boxes.find((node) => node.id === id)!.name;
    expect(names(merged.boxes)).toEqual(["a", "b", "c", "d"]);
    expect(edgeNames(merged.edges, nameOf)).toEqual(["a>b", "a>d", "b>c"]);
  });

  it("a node without dependencies is alone; a node that is not deployed has no DAG", async () => {
    const { w, nodes } = await theGraph();
    const alone = await readNodeDag({ workspaceId: w.workspaceId, nodeId: nodes.e });
    expect(names(alone.nodes)).toEqual(["e"]);
    expect(alone.edges).toEqual([]);
    const draft = await db.syncNode.create({ data: { workflowId: w.workflowId, name: "draft", jobSpec: {} } });
    await expect(readNodeDag({ workspaceId: w.workspaceId, nodeId: draft.id })).rejects.toThrow("This node is not deployed in the current workspace");
  });
});

describe("the node DAG across cycles", () => {
  it("draws previous-cycle dependencies as dashed edges: on first-level children and on named nodes; a self-dependency is said on the box", async () => {
    const w = await dependencyWorld("xcyc");
    // p waits for its child q's previous instance; r waits for p's; s for its own.
    const p = await w.node("p", everyDayAt("01:00"), { crossCycle: "children" });
    const q = await w.node("q", everyDayAt("01:10"), { inputs: [w.output("p")] });
    const r = await w.node("r", everyDayAt("01:20"), { crossCycle: "nodes", crossCycleNodeIds: [p] });
    const s = await w.node("s", everyDayAt("01:30"), { crossCycle: "self" });
    const dag = await readNodeDag({ workspaceId: w.workspaceId, nodeId: p });
    const nameOf = (id: string) => dag.nodes.find((node) => node.id === id)!.name;
    const drawn = (edges: typeof dag.edges) => edges.map((edge) => `${nameOf(edge.source)}>${nameOf(edge.target)}${edge.crossCycle ? " previous cycle" : ""}`).sort();
    expect(names(dag.nodes)).toEqual(["p", "q", "r"]);
    expect(drawn(dag.edges)).toEqual(["p>q", "p>r previous cycle", "q>p previous cycle"]);
    // q is p's child (same cycle) and its parent across cycles: one box, counted once each way.
    expect(dag.nodes.find((node) => node.id === p)).toMatchObject({ crossCycle: "children", selfDependent: false, parentCount: 1, childCount: 2 });
    expect(dag.nodes.find((node) => node.id === q)).toMatchObject({ parentCount: 1, childCount: 1 });

    const fromR = await readNodeDag({ workspaceId: w.workspaceId, nodeId: r });
    expect(fromR.edges).toEqual([{ source: p, target: r, crossCycle: true }]);
    const self = await readNodeDag({ workspaceId: w.workspaceId, nodeId: s });
    expect(self.edges).toEqual([]);
    expect(self.nodes).toEqual([expect.objectContaining({ name: "s", crossCycle: "self", selfDependent: true, parentCount: 0, childCount: 0 })]);

    // The instance DAG draws the same dependency between instances, dashed too: r waits for p's latest instance before its own time.
    await w.generate("2026-11-30");
    await w.generate();
    const rToday = await db.instance.findFirstOrThrow({ where: { nodeId: r, bizdate: "20261130" }, select: { id: true } });
    const instances = await readInstanceDag({ workspaceId: w.workspaceId, instanceId: rToday.id });
    const dayOf = (id: string) => instances.instances.find((instance) => instance.id === id)!;
    expect(instances.edges.map((edge) => `${dayOf(edge.source).node.name} ${dayOf(edge.source).bizdate}>${dayOf(edge.target).node.name} ${dayOf(edge.target).bizdate} ${edge.crossCycle}`)).toEqual([
      "p 20261130>r 20261130 true",
    ]);
  });
});

describe("the instance DAG", () => {
  it("shows an instance's parent and child instances, each with its state and how many neighbours it has", async () => {
    const { w, instances } = await theGraph();
    const dag = await readInstanceDag({ workspaceId: w.workspaceId, instanceId: instances.b });
    const nameOf = (id: string) => dag.instances.find((instance) => instance.id === id)!.node.name;
    expect(dag.instances.map((instance) => instance.node.name).sort()).toEqual(["a", "b", "c"]);
    expect(edgeNames(dag.edges, nameOf)).toEqual(["a>b", "b>c"]);
    const a = dag.instances.find((instance) => instance.id === instances.a)!;
    expect(a).toMatchObject({ bizdate: "20261130", status: "waitingTime", displayStatus: "waitingTime", statusText: "Waiting for time", parentCount: 0, childCount: 2 });
    expect(dag.instances.find((instance) => instance.id === instances.c)).toMatchObject({ status: "notRun", parentCount: 1, childCount: 0 });
    expect(dag.truncated).toBe(false);
  });

  it("expanding the parent instance adds its other child; a state change shows on the next read", async () => {
    const { w, instances } = await theGraph();
    await db.instance.update({ where: { id: instances.a }, data: { frozen: true } });
    const expanded = await readInstanceDag({ workspaceId: w.workspaceId, instanceId: instances.a });
    expect(expanded.instances.map((instance) => instance.node.name).sort()).toEqual(["a", "b", "d"]);
    expect(expanded.instances.find((instance) => instance.id === instances.a)).toMatchObject({ displayStatus: "frozen", statusText: "Frozen" });
  });

  it("shows at most the limit of neighbours each way and says there are more", async () => {
    const { w, nodes, instances } = await theGraph();
    const many = Array.from({ length: dagNeighbourLimit + 1 }, (_, i) => ({
      workspaceId: w.workspaceId,
      nodeId: nodes.e,
      kind: "test" as const,
      batch: `many${i}`,
      scheduledAt: new Date(Date.UTC(2026, 11, 1, 1, i)),
      bizdate: "20261130",
      parameters: {},
      notBefore: new Date(Date.UTC(2026, 11, 1, 1, i)),
    }));
    const made = await db.instance.createManyAndReturn({ data: many, select: { id: true } });
    await db.instanceDependency.createMany({ data: made.map((child) => ({ childId: child.id, parentId: instances.e })) });
    const dag = await readInstanceDag({ workspaceId: w.workspaceId, instanceId: instances.e });
    expect(dag.instances).toHaveLength(1 + dagNeighbourLimit);
    expect(dag.instances[0]).toMatchObject({ id: instances.e, childCount: dagNeighbourLimit + 1 });
    expect(dag.truncated).toBe(true);
  });

  it("refuses an instance of another workspace", async () => {
    const { instances } = await theGraph();
    const other = await dependencyWorld("other");
    await expect(readInstanceDag({ workspaceId: other.workspaceId, instanceId: instances.a })).rejects.toThrow("This instance does not exist in the current workspace.");
  });
});
