// The production dependency graph's integrity against real PostgreSQL: commits and deploys
// racing to close a cycle (one wins, the other is refused naming the cycle), and Undeploy
// (refused while deployed nodes depend on the node, naming them; otherwise the node is no
// longer scheduled and its instances that have not started run as dry runs).
import { randomUUID } from "node:crypto";
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { generateDay } from "@/lib/scheduling/instance-generation";
import { defaultNodeScheduling, type NodeScheduling } from "@/lib/scheduling/node-scheduling";
import { emptyDraft, jobSpecFromDraft } from "@/lib/wizard/node-draft";
import { listAutoTriggeredNodes } from "./instances";
import { commitNode, deployNodeVersions, undeployedDryRunReason, undeployNode } from "./node-versions";
import { createSyncNode, createWorkflow, deleteSyncNode, saveSyncNode } from "./workflows";
import { ensureWorkspace } from "./workspaces";
import { addJobDataSources } from "./testing/job-data-sources";

const workspaces: string[] = [];
const timeZone = "Asia/Shanghai";

afterAll(async () => {
  await db.workspace.deleteMany({ where: { id: { in: workspaces } } });
  await db.$disconnect();
});

function jobSpec(): Record<string, unknown> {
  const draft = emptyDraft();
  draft.reader = { ...draft.reader, datasource: "odps_first", table: "bank_data" };
  draft.writer = { ...draft.writer, datasource: "holo_demo", table: "public.bank_data" };
  draft.mappings = [{ source: "age", target: "age" }];
  return jobSpecFromDraft(draft);
}

const dailyWithInputs = (inputs: string[] = [], crossCycleNodeIds: string[] = []): NodeScheduling => {
  const scheduling: NodeScheduling = { ...defaultNodeScheduling({}, () => 0), cycle: { type: "day", time: "01:00" } };
  const crossCycle = crossCycleNodeIds.length ? { crossCycle: "nodes" as const, crossCycleNodeIds } : {};
  return { ...scheduling, dependencies: { ...scheduling.dependencies, inputs, ...crossCycle } };
};

/** A workspace with the two data sources a valid job spec needs and one workflow. */
async function createWorkspace(mode: "basic" | "standard") {
  const name = `deps_${randomUUID().slice(0, 8)}`;
  const workspaceId = (await ensureWorkspace({ name, displayName: "Dependencies", mode, memberIds: [] })).id;
  workspaces.push(workspaceId);
  await db.workspace.update({ where: { id: workspaceId }, data: { schedulingTimeZone: timeZone } });
  await addJobDataSources(workspaceId);
  const workflow = await createWorkflow(workspaceId, { name: "flow", description: "" });
  /** A node with save and commit; its output is `<workspace>.<name>`. */
  const node = async (nodeName: string) => {
    const nodeId = (await createSyncNode(workspaceId, { nodeType: "batch_sync", name: nodeName, workflowId: workflow.id }, "admin")).id;
    let version = 1;
    return {
      id: nodeId,
      output: `${name}.${nodeName}`,
      save: async (inputs: string[] = [], crossCycleNodeIds: string[] = []) => {
        const scheduling = dailyWithInputs(inputs, crossCycleNodeIds);
        version = (await saveSyncNode(workspaceId, { nodeId, baseVersion: version, arguments: "", resourceGroupId: null, jobSpec: jobSpec(), scheduling }, "alice")).version;
      },
      commit: () => commitNode({ workspaceId, nodeId, savedVersion: version, description: "change", committedBy: "alice" }),
    };
  };
  return { workspaceId, name, node };
}

/** The settled results of racing promises: how many were fulfilled, and the refusals' messages. */
async function race(promises: Promise<unknown>[]): Promise<{ fulfilled: number; refusals: string[] }> {
  const settled = await Promise.allSettled(promises);
  return {
    fulfilled: settled.filter((result) => result.status === "fulfilled").length,
    refusals: settled.flatMap((result) => (result.status === "rejected" ? [(result.reason as Error).message] : [])),
  };
}

const cycleOf = (first: string, second: string) => new RegExp(`dependency cycle \\(→ = depends on\\): (${first} → ${second} → ${first}|${second} → ${first} → ${second})`);

describe("commits and deploys racing to close a dependency cycle", () => {
  it("basic mode: two commits at once of a -> b and b -> a; one is deployed, the other refused naming the cycle", async () => {
    const workspace = await createWorkspace("basic");
    const a = await workspace.node("race_a");
    const b = await workspace.node("race_b");
    for (const node of [a, b]) {
      await node.save();
      await node.commit();
    }
    await a.save([b.output]);
    await b.save([a.output]);
    const { fulfilled, refusals } = await race([a.commit(), b.commit()]);
    expect(fulfilled).toBe(1);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatch(cycleOf("race_a", "race_b"));
  });

  it("standard mode: both commits pass, then two deploys at once; one deploys, the other is refused naming the cycle", async () => {
    const workspace = await createWorkspace("standard");
    const a = await workspace.node("std_a");
    const b = await workspace.node("std_b");
    for (const node of [a, b]) {
      await node.save();
      await deployNodeVersions({ workspaceId: workspace.workspaceId, versionIds: [(await node.commit()).id], deployedBy: "olivia" });
    }
    await a.save([b.output]);
    await b.save([a.output]);
    // Each commit is checked against production, where the other edge is not yet.
    const [aVersion, bVersion] = [await a.commit(), await b.commit()];
    const { fulfilled, refusals } = await race([
      deployNodeVersions({ workspaceId: workspace.workspaceId, versionIds: [aVersion.id], deployedBy: "olivia" }),
      deployNodeVersions({ workspaceId: workspace.workspaceId, versionIds: [bVersion.id], deployedBy: "oscar" }),
    ]);
    expect(fulfilled).toBe(1);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatch(/^Not deployed: node "std_(a|b)": These parents make a dependency cycle/);
    expect(refusals[0]).toMatch(cycleOf("std_a", "std_b"));
  });

  it("standard mode: deploying both versions in one go is refused too, and nothing of it is deployed", async () => {
    const workspace = await createWorkspace("standard");
    const a = await workspace.node("pair_a");
    const b = await workspace.node("pair_b");
    for (const node of [a, b]) {
      await node.save();
      await deployNodeVersions({ workspaceId: workspace.workspaceId, versionIds: [(await node.commit()).id], deployedBy: "olivia" });
    }
    await a.save([b.output]);
    await b.save([a.output]);
    const versionIds = [(await a.commit()).id, (await b.commit()).id];
    await expect(deployNodeVersions({ workspaceId: workspace.workspaceId, versionIds, deployedBy: "olivia" })).rejects.toThrow(cycleOf("pair_a", "pair_b"));
    expect(await db.nodeVersion.count({ where: { id: { in: versionIds }, deployedAt: { not: null } } })).toBe(0);
  });

  it("a delete racing a commit that makes a node depend on it: one of them is refused", async () => {
    const workspace = await createWorkspace("basic");
    const parent = await workspace.node("gone_parent");
    const child = await workspace.node("new_child");
    for (const node of [parent, child]) {
      await node.save();
      await node.commit();
    }
    await child.save([parent.output]);
    const { fulfilled, refusals } = await race([child.commit(), deleteSyncNode(workspace.workspaceId, parent.id)]);
    expect(fulfilled).toBe(1);
    expect(refusals[0]).toMatch(/No deployed node outputs "deps_\w+\.gone_parent"|Node "gone_parent" cannot be removed: deployed node\(s\) "new_child" depend on it/);
  });
});

describe("undeploy", () => {
  // A day two days ahead in the workspace's time zone: the nodes committed now are in
  // production before its generation time (23:30 the day before).
  const dayAhead = (days: number) => {
    const today = new TZDate(Date.now(), timeZone);
    return format(new TZDate(today.getFullYear(), today.getMonth(), today.getDate() + days, timeZone), "yyyy-MM-dd");
  };

  it("is refused while deployed nodes depend on the node (as a parent or across cycles), naming them", async () => {
    const workspace = await createWorkspace("basic");
    const parent = await workspace.node("up_parent");
    await parent.save();
    await parent.commit();
    for (const name of ["down_one", "down_two"]) {
      const child = await workspace.node(name);
      await child.save([parent.output]);
      await child.commit();
    }
    const across = await workspace.node("waits_across");
    await across.save([], [parent.id]);
    await across.commit();
    await expect(undeployNode({ workspaceId: workspace.workspaceId, nodeId: parent.id, undeployedBy: "olivia" })).rejects.toThrow(
      'Node "up_parent" cannot be undeployed: deployed node(s) "down_one", "down_two", "waits_across" depend on it.',
    );
    expect(await db.syncNode.findUniqueOrThrow({ where: { id: parent.id }, select: { deployedVersionId: true } })).toMatchObject({ deployedVersionId: expect.any(String) });
  });

  it("takes a node without dependants out of production: no more instances, and those not started run as dry runs", async () => {
    const workspace = await createWorkspace("basic");
    const parent = await workspace.node("stays");
    const leaf = await workspace.node("leaves");
    await parent.save();
    await parent.commit();
    await leaf.save([parent.output]);
    await leaf.commit();
    const now = new Date();
    await generateDay({ workspaceId: workspace.workspaceId, day: dayAhead(2), timeZone, now });
    const before = await db.instance.findMany({ where: { nodeId: leaf.id }, select: { id: true, status: true, dryRun: true } });
    expect(before).toEqual([{ id: expect.any(String), status: "notRun", dryRun: false }]);

    const result = await undeployNode({ workspaceId: workspace.workspaceId, nodeId: leaf.id, undeployedBy: "olivia" });
    expect(result).toEqual({ nodeName: "leaves", version: 1, dryRuns: 1 });
    expect(await db.instance.findUniqueOrThrow({ where: { id: before[0]!.id }, select: { dryRun: true, dryRunReason: true, message: true } })).toMatchObject({
      dryRun: true,
      dryRunReason: undeployedDryRunReason,
      message: expect.stringContaining("olivia undeployed the node"),
    });

    const next = await generateDay({ workspaceId: workspace.workspaceId, day: dayAhead(3), timeZone, now });
    expect(next.inserted).toBe(1);
    expect(await db.instance.count({ where: { nodeId: leaf.id } })).toBe(1);
    expect(await db.instance.count({ where: { nodeId: parent.id } })).toBe(2);
    const listed = await listAutoTriggeredNodes(workspace.workspaceId, now);
    expect(listed.nodes.map((node) => node.name)).toEqual(["stays"]);

    // Once the leaf is gone, the parent has no dependants and may go too; a second undeploy is told it is done.
    await undeployNode({ workspaceId: workspace.workspaceId, nodeId: parent.id, undeployedBy: "olivia" });
    await expect(undeployNode({ workspaceId: workspace.workspaceId, nodeId: parent.id, undeployedBy: "olivia" })).rejects.toThrow('Node "stays" is not deployed');
  });
});
