// Commit, deploy and roll back against real PostgreSQL: what Commit refuses (as Run does,
// plus scheduling), basic mode deploying on commit, only a node's newest commit deployable,
// two deploys of one version with one winner, and Roll Back as a new save.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { defaultNodeScheduling, type NodeScheduling } from "@/lib/scheduling/node-scheduling";
import { emptyDraft, jobSpecFromDraft, type NodeDraft } from "@/lib/wizard/node-draft";
import { commitNode, CommitRefused, deployNodeVersions, listDeployCandidates, listNodeCommits, rollBackToVersion } from "./node-versions";
import { createSyncNode, createWorkflow, deleteSyncNode, getSyncNode, saveSyncNode } from "./workflows";
import { ensureWorkspace } from "./workspaces";
import { addJobDataSources } from "./testing/job-data-sources";

const workspaces: string[] = [];

function specOf(change: (draft: NodeDraft) => void = () => {}): Record<string, unknown> {
  const draft = emptyDraft();
  draft.reader = { ...draft.reader, datasource: "odps_first", table: "bank_data" };
  draft.writer = { ...draft.writer, datasource: "holo_demo", table: "public.bank_data" };
  draft.mappings = [{ source: "age", target: "age" }];
  change(draft);
  return jobSpecFromDraft(draft);
}

const daily = (time: string): NodeScheduling => ({ ...defaultNodeScheduling({}, () => 0), cycle: { type: "day", time } });

async function workspaceWithNode(mode: "basic" | "standard", defaults: object = {}) {
  const workspaceId = (await ensureWorkspace({ name: `commit_${randomUUID().slice(0, 8)}`, displayName: "Commit", mode, memberIds: [] })).id;
  workspaces.push(workspaceId);
  await db.workspace.update({ where: { id: workspaceId }, data: { schedulingDefaults: defaults, schedulingTimeZone: "Asia/Shanghai" } });
  await addJobDataSources(workspaceId);
  const workflow = await createWorkflow(workspaceId, { name: "sales", description: "" });
  const nodeId = (await createSyncNode(workspaceId, { nodeType: "batch_sync", name: `bank_${randomUUID().slice(0, 6)}`, workflowId: workflow.id }, "admin")).id;
  let version = 1;
  const save = async (input: { jobSpec?: Record<string, unknown>; scheduling?: NodeScheduling; arguments?: string } = {}) => {
    const saved = await saveSyncNode(workspaceId, { nodeId, baseVersion: version, arguments: "", resourceGroupId: null, jobSpec: specOf(), ...input }, "alice");
    version = saved.version;
    return saved;
  };
  const commit = (description = "first") => commitNode({ workspaceId, nodeId, savedVersion: version, description, committedBy: "alice" });
  return { workspaceId, nodeId, save, commit, savedVersion: () => version };
}

afterAll(async () => {
  await db.workspace.deleteMany({ where: { id: { in: workspaces } } });
  await db.$disconnect();
});

describe("new nodes and saves", () => {
  it("gives a new node the workspace's scheduling defaults and its creator as owner", async () => {
    const { workspaceId, nodeId } = await workspaceWithNode("standard", { rerun: "failureAllowed", autoRerun: { times: 5, intervalMinutes: 10 }, dailyTime: "02:15" });
    const node = await getSyncNode(workspaceId, nodeId);
    expect(node.owner).toBe("admin");
    expect(node.scheduling).toMatchObject({ rerun: "failureAllowed", autoRerun: { times: 5, intervalMinutes: 10 }, cycle: { type: "day", time: "02:15" } });
  });

  it("saves scheduling properties with the node and in the saved version", async () => {
    const { workspaceId, nodeId, save } = await workspaceWithNode("standard");
    const saved = await save({ scheduling: daily("05:30") });
    expect((await getSyncNode(workspaceId, nodeId)).scheduling.cycle).toEqual({ type: "day", time: "05:30" });
    const version = await db.syncNodeVersion.findUniqueOrThrow({ where: { nodeId_version: { nodeId, version: saved.version } } });
    expect(version.scheduling).toMatchObject({ cycle: { type: "day", time: "05:30" } });
  });

  it("refuses an owner who is not a member of the workspace", async () => {
    const { workspaceId, nodeId } = await workspaceWithNode("standard");
    await expect(saveSyncNode(workspaceId, { nodeId, baseVersion: 1, arguments: "", resourceGroupId: null, jobSpec: specOf(), owner: "nobody_here" }, "alice")).rejects.toThrow(
      'Owner: "nobody_here" is not a member of this workspace',
    );
  });
});

describe("commit", () => {
  it("refuses an incomplete node, listing what is missing as Run does, and records nothing", async () => {
    const { nodeId, save, commit } = await workspaceWithNode("standard");
    await save({ jobSpec: jobSpecFromDraft(emptyDraft()) });
    const refused = await commit().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CommitRefused);
    const paths = (refused as CommitRefused).problems.map((problem) => problem.path);
    expect(paths).toEqual(expect.arrayContaining(["steps[0].parameter.datasource", "steps[1].parameter.table"]));
    expect(await db.nodeVersion.count({ where: { nodeId } })).toBe(0);
  });

  it("refuses scheduling properties out of range, naming the limit", async () => {
    const { nodeId, save, commit } = await workspaceWithNode("standard");
    await save();
    // A draft stored before the panel checked it, or written by hand.
    await db.syncNode.update({ where: { id: nodeId }, data: { scheduling: { ...daily("01:00"), cycle: { type: "minute", start: "00:00", end: "23:59", intervalMinutes: 0 }, timeoutMinutes: 20000 } } });
    const refused = (await commit().catch((error: unknown) => error)) as CommitRefused;
    expect(refused.problems).toEqual(
      expect.arrayContaining([
        { path: "scheduling.cycle.intervalMinutes", message: "The interval must be 1 to 59 minutes." },
        { path: "scheduling.timeoutMinutes", message: "The timeout can be at most 168 hours." },
      ]),
    );
  });

  it("refuses a parameter that no argument gives a scheduled instance, and commits once one does", async () => {
    const { save, commit } = await workspaceWithNode("standard");
    const spec = specOf();
    (spec.steps as { parameter: Record<string, unknown> }[])[0]!.parameter.partition = ["pt=${region}"];
    await save({ jobSpec: spec });
    const refused = (await commit().catch((error: unknown) => error)) as CommitRefused;
    expect(refused).toBeInstanceOf(CommitRefused);
    expect(refused.problems).toEqual([{ path: "arguments", message: expect.stringContaining("region") }]);
    await save({ jobSpec: spec, arguments: "region=cn" });
    await expect(commit()).resolves.toMatchObject({ version: 1 });
  });

  it("refuses to commit when a newer save exists than the one the committer saw", async () => {
    const { workspaceId, nodeId, save } = await workspaceWithNode("standard");
    const first = await save();
    await save();
    await expect(commitNode({ workspaceId, nodeId, savedVersion: first.version, description: "x", committedBy: "bob" })).rejects.toThrow(
      `Version ${first.version + 1} was saved by alice after the version you are committing (${first.version})`,
    );
  });

  it("in a standard workspace records versions (create, then change) that wait for Deploy", async () => {
    const { workspaceId, nodeId, save, commit } = await workspaceWithNode("standard");
    await save({ scheduling: daily("05:30"), arguments: "region=cn" });
    const first = await commit("first version");
    expect(first).toMatchObject({ version: 1, changeType: "create", description: "first version", committedBy: "alice", deployedAt: null, deployed: false });
    await save({ scheduling: daily("06:00") });
    const second = await commit("later");
    expect(second).toMatchObject({ version: 2, changeType: "change", deployed: false });
    const stored = await db.nodeVersion.findUniqueOrThrow({ where: { id: first.id } });
    expect(stored).toMatchObject({ arguments: "region=cn", scheduling: expect.objectContaining({ cycle: { type: "day", time: "05:30" } }) });
    expect((await db.syncNode.findUniqueOrThrow({ where: { id: nodeId } })).deployedVersionId).toBeNull();
    // Only the newest commit is offered, against no production version yet.
    const candidates = await listDeployCandidates(workspaceId);
    expect(candidates.map((c) => [c.version.version, c.production])).toEqual([[2, null]]);
  });

  it("in a basic workspace deploys what it commits", async () => {
    const { nodeId, save, commit } = await workspaceWithNode("basic");
    await save();
    const committed = await commit();
    expect(committed.deployed).toBe(true);
    expect(committed.deployedBy).toBe("alice");
    expect((await db.syncNode.findUniqueOrThrow({ where: { id: nodeId } })).deployedVersionId).toBe(committed.id);
  });
});

describe("deploy", () => {
  it("says so when nothing is chosen", async () => {
    const { workspaceId } = await workspaceWithNode("standard");
    await expect(deployNodeVersions({ workspaceId, versionIds: [], deployedBy: "ops" })).rejects.toThrow("Nothing to deploy: commit a node first");
  });

  it("makes the newest commit production and refuses an older one", async () => {
    const { workspaceId, nodeId, save, commit } = await workspaceWithNode("standard");
    await save();
    const first = await commit("one");
    await save({ scheduling: daily("07:00") });
    const second = await commit("two");
    await expect(deployNodeVersions({ workspaceId, versionIds: [first.id], deployedBy: "ops" })).rejects.toThrow("Version 1 of node");
    await expect(deployNodeVersions({ workspaceId, versionIds: [first.id], deployedBy: "ops" })).rejects.toThrow("is not its newest commit (version 2 is)");
    const result = await deployNodeVersions({ workspaceId, versionIds: [second.id], deployedBy: "ops" });
    expect(result.deployed).toEqual([{ nodeName: expect.any(String), version: 2 }]);
    expect((await db.syncNode.findUniqueOrThrow({ where: { id: nodeId } })).deployedVersionId).toBe(second.id);
    expect(await db.nodeVersion.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({ deployedBy: "ops", deployedAt: expect.any(Date) });
    expect(await listDeployCandidates(workspaceId)).toEqual([]);
    // The next commit is offered against version 2 in production.
    await save({ scheduling: daily("08:00") });
    await commit("three");
    const [candidate] = await listDeployCandidates(workspaceId);
    expect(candidate!.production?.version).toBe(2);
    expect(candidate!.version.version).toBe(3);
  });

  it("lets only one of two deploys of the same version win", async () => {
    const { workspaceId, save, commit } = await workspaceWithNode("standard");
    await save();
    const committed = await commit();
    const results = await Promise.allSettled([
      deployNodeVersions({ workspaceId, versionIds: [committed.id], deployedBy: "ops_a" }),
      deployNodeVersions({ workspaceId, versionIds: [committed.id], deployedBy: "ops_b" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(String(refused.reason)).toMatch(/Version 1 of node ".*" is already deployed \(by ops_(a|b)\)/);
  });

  it("deploys all chosen versions or none", async () => {
    const a = await workspaceWithNode("standard");
    await a.save();
    const good = await a.commit();
    const workflow = await db.syncNode.findUniqueOrThrow({ where: { id: a.nodeId }, select: { workflowId: true } });
    const otherId = (await createSyncNode(a.workspaceId, { nodeType: "batch_sync", name: "other_node", workflowId: workflow.workflowId }, "admin")).id;
    await saveSyncNode(a.workspaceId, { nodeId: otherId, baseVersion: 1, arguments: "", resourceGroupId: null, jobSpec: specOf() }, "alice");
    const other = await commitNode({ workspaceId: a.workspaceId, nodeId: otherId, savedVersion: 2, description: "o", committedBy: "alice" });
    await deployNodeVersions({ workspaceId: a.workspaceId, versionIds: [other.id], deployedBy: "ops" });
    await expect(deployNodeVersions({ workspaceId: a.workspaceId, versionIds: [good.id, other.id], deployedBy: "ops" })).rejects.toThrow("already deployed");
    expect((await db.nodeVersion.findUniqueOrThrow({ where: { id: good.id } })).deployedAt).toBeNull();
  });

  it("refuses a version of another workspace as not found", async () => {
    const a = await workspaceWithNode("standard");
    const b = await workspaceWithNode("standard");
    await a.save();
    const committed = await a.commit();
    await expect(deployNodeVersions({ workspaceId: b.workspaceId, versionIds: [committed.id], deployedBy: "ops" })).rejects.toThrow("no longer exists in this workspace");
  });
});

describe("roll back", () => {
  it("makes an older version's content the draft as a new save; production is unchanged until deployed", async () => {
    const { workspaceId, nodeId, save, commit, savedVersion } = await workspaceWithNode("standard");
    await save({ scheduling: daily("05:30"), arguments: "a=1" });
    const first = await commit("one");
    await deployNodeVersions({ workspaceId, versionIds: [first.id], deployedBy: "ops" });
    await save({ scheduling: daily("09:45"), arguments: "a=2" });
    const before = savedVersion();
    const rolled = await rollBackToVersion({ workspaceId, nodeId, versionId: first.id, baseVersion: before, savedBy: "bob" });
    expect(rolled).toMatchObject({ version: before + 1, from: 1, savedBy: "bob" });
    const node = await getSyncNode(workspaceId, nodeId);
    expect(node.arguments).toBe("a=1");
    expect(node.scheduling.cycle).toEqual({ type: "day", time: "05:30" });
    expect(node.deployedVersionId).toBe(first.id);
    const { versions } = await listNodeCommits(workspaceId, nodeId);
    expect(versions).toHaveLength(1);
  });

  it("refuses a roll back based on a stale save", async () => {
    const { workspaceId, nodeId, save, commit } = await workspaceWithNode("standard");
    await save();
    const first = await commit();
    await expect(rollBackToVersion({ workspaceId, nodeId, versionId: first.id, baseVersion: 1, savedBy: "bob" })).rejects.toThrow(/Version 2 was saved by alice/);
  });
});

describe("dependencies at commit", () => {
  // A basic workspace, so each commit is in production at once.
  async function secondNode(first: Awaited<ReturnType<typeof workspaceWithNode>>, name: string) {
    const { workflowId } = await db.syncNode.findUniqueOrThrow({ where: { id: first.nodeId }, select: { workflowId: true } });
    const nodeId = (await createSyncNode(first.workspaceId, { nodeType: "batch_sync", name, workflowId }, "admin")).id;
    let version = 1;
    return {
      nodeId,
      save: async (scheduling: NodeScheduling) => {
        version = (await saveSyncNode(first.workspaceId, { nodeId, baseVersion: version, arguments: "", resourceGroupId: null, jobSpec: specOf(), scheduling }, "alice")).version;
      },
      commit: () => commitNode({ workspaceId: first.workspaceId, nodeId, savedVersion: version, description: "dep", committedBy: "alice" }),
    };
  }
  const withInputs = (inputs: string[]): NodeScheduling => {
    const scheduling = daily("01:00");
    return { ...scheduling, dependencies: { ...scheduling.dependencies, inputs } };
  };

  it("fixes the node-name output at the first commit, refuses an input nobody outputs and a cycle, naming them", async () => {
    const a = await workspaceWithNode("basic");
    const workspace = await db.workspace.findUniqueOrThrow({ where: { id: a.workspaceId }, select: { name: true } });
    const aName = (await db.syncNode.findUniqueOrThrow({ where: { id: a.nodeId }, select: { name: true } })).name;
    await a.save();
    await a.commit();
    const committed = await db.nodeVersion.findFirstOrThrow({ where: { nodeId: a.nodeId } });
    expect((committed.scheduling as NodeScheduling).dependencies.outputs).toEqual([`${workspace.name}.${aName}`]);

    const b = await secondNode(a, "b_node");
    await b.save(withInputs([`${workspace.name}.nobody`]));
    await expect(b.commit()).rejects.toThrow(`No deployed node outputs "${workspace.name}.nobody"`);
    await b.save(withInputs([`${workspace.name}.${aName}`]));
    await b.commit();

    await a.save({ scheduling: withInputs([`${workspace.name}.b_node`]) });
    const refused = await a.commit().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CommitRefused);
    expect((refused as CommitRefused).message).toContain(`dependency cycle (→ = depends on): ${aName} → b_node → ${aName}`);
  });

  it("refuses deleting a node others depend on, naming them", async () => {
    const a = await workspaceWithNode("basic");
    const workspace = await db.workspace.findUniqueOrThrow({ where: { id: a.workspaceId }, select: { name: true } });
    const aName = (await db.syncNode.findUniqueOrThrow({ where: { id: a.nodeId }, select: { name: true } })).name;
    await a.save();
    await a.commit();
    const b = await secondNode(a, "b_child");
    await b.save(withInputs([`${workspace.name}.${aName}`]));
    await b.commit();
    await expect(deleteSyncNode(a.workspaceId, a.nodeId)).rejects.toThrow(`node(s) "b_child" depend on it`);
    await deleteSyncNode(a.workspaceId, b.nodeId);
    await deleteSyncNode(a.workspaceId, a.nodeId);
  });
});
