// Names that differ only in case are one name: the console refuses `WALK_HOLO` next to
// `walk_holo` for data sources, workflows, nodes, resource groups and workspaces.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { dataSourceFormSchema } from "@/lib/schemas/data-source";
import { createDataSource, updateDataSource } from "./data-sources";
import { createResourceGroup } from "./resource-groups";
import { createSyncNode, createWorkflow, renameWorkflow } from "./workflows";
import { createWorkspace, ensureWorkspace } from "./workspaces";

const suffix = randomUUID().slice(0, 8);
let workspaceId = "";
let userId = "";
const groupIds: string[] = [];
const workspaceIds: string[] = [];

const holoForm = (name: string) =>
  dataSourceFormSchema.parse({
    type: "holo",
    connectionMode: "connection_string",
    name,
    description: "",
    environments: ["development"],
    host: "127.0.0.1",
    port: 5432,
    database: "holo_demo",
    user: "postgres",
    password: "pw",
    ssl: false,
  });

beforeAll(async () => {
  workspaceId = (await ensureWorkspace({ name: `names_${suffix}`, displayName: "Names", mode: "basic", memberIds: [] })).id;
  userId = (await db.user.create({ data: { username: `names_${suffix}`, displayName: "N", passwordHash: "x" } })).id;
});

afterAll(async () => {
  await db.resourceGroup.deleteMany({ where: { id: { in: groupIds } } });
  await db.workspace.deleteMany({ where: { id: { in: [workspaceId, ...workspaceIds] } } });
  await db.user.delete({ where: { id: userId } });
  await db.$disconnect();
});

describe("names are unique without regard to case", () => {
  it("refuses a data source WALK_HOLO next to walk_holo, naming the existing one", async () => {
    await createDataSource(workspaceId, holoForm("walk_holo"));
    await expect(createDataSource(workspaceId, holoForm("WALK_HOLO"))).rejects.toThrow(
      'A data source named "walk_holo" already exists in this workspace (names are compared without case). Choose another name.',
    );
    expect(await db.dataSource.count({ where: { workspaceId, name: { in: ["walk_holo", "WALK_HOLO"] } } })).toBe(1);
  });

  it("refuses renaming a data source onto another's name in other case, and allows changing the case of its own", async () => {
    const { id } = await createDataSource(workspaceId, holoForm("holo_other"));
    await expect(updateDataSource(workspaceId, id, holoForm("Walk_Holo"))).rejects.toThrow(/A data source named "walk_holo" already exists/);
    await updateDataSource(workspaceId, id, holoForm("HOLO_OTHER"));
    expect((await db.dataSource.findUniqueOrThrow({ where: { id } })).name).toBe("HOLO_OTHER");
  });

  it("refuses a workflow Sales next to sales, on create and on rename", async () => {
    await createWorkflow(workspaceId, { name: "sales", description: "" });
    await expect(createWorkflow(workspaceId, { name: "Sales", description: "" })).rejects.toThrow(
      /A workflow named "sales" already exists in this workspace \(names are compared without case/,
    );
    const other = await createWorkflow(workspaceId, { name: "marketing", description: "" });
    await expect(renameWorkflow(workspaceId, other.id, { name: "SALES", description: "" })).rejects.toThrow(/"sales" already exists/);
  });

  it("refuses a node whose name another node of the workspace has in any case, in any workflow", async () => {
    const first = await createWorkflow(workspaceId, { name: "wf_nodes_a", description: "" });
    const second = await createWorkflow(workspaceId, { name: "wf_nodes_b", description: "" });
    await createSyncNode(workspaceId, { nodeType: "batch_sync", name: "load_bank", workflowId: first.id }, "tester");
    await expect(createSyncNode(workspaceId, { nodeType: "batch_sync", name: "LOAD_BANK", workflowId: first.id }, "tester")).rejects.toThrow(
      /A node named "load_bank" already exists in this workflow \(names are compared without case/,
    );
    await expect(createSyncNode(workspaceId, { nodeType: "batch_sync", name: "Load_Bank", workflowId: second.id }, "tester")).rejects.toThrow(
      'A node named "load_bank" already exists in workflow "wf_nodes_a" (node names are unique in the workspace; names are compared without case). Choose another name.',
    );
  });

  it("refuses a resource group DEFAULT_x next to default_x, and a workspace in other case", async () => {
    const name = `default_${suffix}`;
    groupIds.push((await createResourceGroup({ name, slots: 1, description: "", workspaceIds: [] })).id);
    await expect(createResourceGroup({ name: name.toUpperCase(), slots: 1, description: "", workspaceIds: [] })).rejects.toThrow(
      `A resource group named "${name}" already exists (names are compared without case`,
    );
    const form = { name: `Team_${suffix}`, displayName: "Team", mode: "basic" as const, description: "" };
    workspaceIds.push((await createWorkspace(form, userId)).id);
    await expect(createWorkspace({ ...form, name: form.name.toLowerCase() }, userId)).rejects.toThrow(`A workspace named "${form.name}" already exists`);
  });

  it("lets only one of two concurrent creations of the same name in different case through", async () => {
    const results = await Promise.allSettled([
      createWorkflow(workspaceId, { name: "Race", description: "" }),
      createWorkflow(workspaceId, { name: "race", description: "" }),
      createWorkflow(workspaceId, { name: "RACE", description: "" }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await db.workflow.count({ where: { workspaceId, name: { in: ["Race", "race", "RACE"] } } })).toBe(1);
  });
});
