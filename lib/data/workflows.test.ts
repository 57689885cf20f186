import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createSyncNode, createWorkflow, deleteWorkflow, describeWorkflowContents, getSyncNode, listWorkflowTree, renameWorkflow } from "./workflows";
import { ensureWorkspace } from "./workspaces";

let workspaceId = "";

beforeAll(async () => {
  workspaceId = (await ensureWorkspace({ name: `wf_${randomUUID().slice(0, 8)}`, displayName: "WF", mode: "basic", memberIds: [] })).id;
});
afterAll(async () => {
  await db.workspace.delete({ where: { id: workspaceId } });
  await db.$disconnect();
});

describe("workflows and sync nodes", () => {
  it("creates a node with an empty job spec and its first saved version", async () => {
    const workflow = await createWorkflow(workspaceId, { name: "sales", description: "" });
    const node = await createSyncNode(workspaceId, { nodeType: "batch_sync", name: "bank_to_holo", workflowId: workflow.id }, "admin");
    const view = await getSyncNode(workspaceId, node.id);
    expect(view.workflow.name).toBe("sales");
    expect(view.jobSpec).toMatchObject({ type: "job", version: "2.0", order: { hops: [{ from: "Reader", to: "Writer" }] } });
    expect(view.versions).toEqual([expect.objectContaining({ version: 1, savedBy: "admin" })]);
  });

  it("refuses a node name used in the same workflow, and in another workflow of the workspace", async () => {
    const [sales] = await listWorkflowTree(workspaceId);
    await expect(
      createSyncNode(workspaceId, { nodeType: "batch_sync", name: "bank_to_holo", workflowId: sales.id }, "admin"),
    ).rejects.toThrow('A node named "bank_to_holo" already exists in this workflow.');
    const other = await createWorkflow(workspaceId, { name: "marketing", description: "" });
    await expect(
      createSyncNode(workspaceId, { nodeType: "batch_sync", name: "bank_to_holo", workflowId: other.id }, "admin"),
    ).rejects.toThrow('A node named "bank_to_holo" already exists in workflow "sales" (node names are unique in the workspace).');
    await expect(
      createSyncNode(workspaceId, { nodeType: "batch_sync", name: "campaign_to_holo", workflowId: other.id }, "admin"),
    ).resolves.toHaveProperty("id");
  });

  it("refuses a duplicate workflow name, renames, and deletes with its nodes", async () => {
    await expect(createWorkflow(workspaceId, { name: "sales", description: "" })).rejects.toThrow(/already exists/);
    const tree = await listWorkflowTree(workspaceId);
    const marketing = tree.find((w) => w.name === "marketing")!;
    await renameWorkflow(workspaceId, marketing.id, { name: "campaigns", description: "renamed" });
    expect(await describeWorkflowContents(workspaceId, marketing.id)).toEqual({ name: "campaigns", nodes: 1, runs: 0 });
    await deleteWorkflow(workspaceId, marketing.id);
    expect((await listWorkflowTree(workspaceId)).map((w) => w.name)).toEqual(["sales"]);
    expect(await db.syncNode.count({ where: { workflowId: marketing.id } })).toBe(0);
  });
});
