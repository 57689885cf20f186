// Resource groups belong to the workspaces bound to them (before, every group was global
// and any member could change the slots of a group every workspace used: the walk in
// lib/auth/access-walk.test.ts covers who may change a group; this covers who may use one).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { checkResourceGroupOfWorkspace, createResourceGroup, listResourceGroupOptions, listResourceGroups, resourceGroupForRun, updateResourceGroup } from "./resource-groups";
import { createSyncNode, createWorkflow, saveSyncNode } from "./workflows";
import { ensureWorkspace } from "./workspaces";

const suffix = randomUUID().slice(0, 8);
let teamA = "";
let teamB = "";
let groupOfA = "";

beforeAll(async () => {
  teamA = (await ensureWorkspace({ name: `bind_a_${suffix}`, displayName: "A", mode: "basic", memberIds: [] })).id;
  teamB = (await ensureWorkspace({ name: `bind_b_${suffix}`, displayName: "B", mode: "basic", memberIds: [] })).id;
  groupOfA = (await createResourceGroup({ name: `bind_${suffix}`, slots: 1, description: "", workspaceIds: [teamA] })).id;
});

afterAll(async () => {
  await db.resourceGroup.deleteMany({ where: { id: groupOfA } });
  await db.workspace.deleteMany({ where: { id: { in: [teamA, teamB] } } });
  await db.$disconnect();
});

describe("resource groups bound to workspaces", () => {
  it("are offered only to the workspaces bound to them", async () => {
    expect((await listResourceGroupOptions(teamA)).map((group) => group.id)).toContain(groupOfA);
    expect((await listResourceGroupOptions(teamB)).map((group) => group.id)).not.toContain(groupOfA);
    expect((await listResourceGroups({ workspaceId: teamB })).map((group) => group.id)).not.toContain(groupOfA);
    const all = await listResourceGroups({ workspaceId: null });
    expect(all.find((group) => group.id === groupOfA)?.workspaces.map((w) => w.id)).toEqual([teamA]);
  });

  it("refuse a node of another workspace on Save and on Run", async () => {
    const workflow = await createWorkflow(teamB, { name: "wf", description: "" });
    const node = await createSyncNode(teamB, { nodeType: "batch_sync", name: "n", workflowId: workflow.id }, "tester");
    await expect(saveSyncNode(teamB, { nodeId: node.id, baseVersion: 1, jobSpec: {}, arguments: "", resourceGroupId: groupOfA }, "tester")).rejects.toThrow(/may not use resource group "bind_/);
    await expect(resourceGroupForRun({ workspaceId: teamB, resourceGroupId: groupOfA })).rejects.toThrow(/may not use resource group/);
    await expect(resourceGroupForRun({ workspaceId: teamA, resourceGroupId: groupOfA })).resolves.toMatchObject({ id: groupOfA });
  });

  it("follow the bindings an administrator changes", async () => {
    await updateResourceGroup({ id: groupOfA, slots: 3, description: "shared", workspaceIds: [teamB] });
    await expect(checkResourceGroupOfWorkspace({ workspaceId: teamB, resourceGroupId: groupOfA })).resolves.toBeUndefined();
    await expect(checkResourceGroupOfWorkspace({ workspaceId: teamA, resourceGroupId: groupOfA })).rejects.toThrow(/may not use/);
  });
});
