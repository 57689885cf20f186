import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { logIn, snap, uniqueName } from "./support/console";
import { e2eSettings } from "./support/e2e-settings";

// Undeploy on Auto Triggered Nodes: refused while a deployed node depends on the node,
// naming it; the child (no dependants) leaves production and the list. The two nodes are
// put in production through the database, as Commit and Deploy leave them, with a validity
// that starts years ahead so the scheduler of the e2e server generates nothing for them.
const id = () => `e2e${randomUUID().replaceAll("-", "").slice(0, 20)}`;

async function deployNode(client: pg.Client, input: { workflowId: string; name: string; outputs: string[]; inputs: string[] }): Promise<void> {
  const spec = { type: "job", version: "2.0", steps: [], setting: {}, order: { hops: [] } };
  const scheduling = {
    instanceGenerationMode: "nextDay",
    recurrence: "normal",
    cycle: { type: "day", time: "03:00" },
    validFrom: "2099-01-01",
    validTo: "9999-01-01",
    timeoutMinutes: null,
    rerun: "allAllowed",
    autoRerun: null,
    dependencies: { outputs: input.outputs, inputs: input.inputs, crossCycle: "none", crossCycleNodeIds: [] },
  };
  const nodeId = id();
  const versionId = id();
  await client.query(
    `INSERT INTO "SyncNode" (id, "workflowId", name, "jobSpec", scheduling, owner, "updatedAt") VALUES ($1, $2, $3, $4, $5, 'admin', now())`,
    [nodeId, input.workflowId, input.name, JSON.stringify(spec), JSON.stringify(scheduling)],
  );
  await client.query(
    `INSERT INTO "NodeVersion" (id, "nodeId", version, "changeType", description, "jobSpec", scheduling, "committedBy", "deployedBy", "deployedAt")
     VALUES ($1, $2, 1, 'create', 'first version', $3, $4, 'admin', 'admin', now())`,
    [versionId, nodeId, JSON.stringify(spec), JSON.stringify(scheduling)],
  );
  await client.query(`UPDATE "SyncNode" SET "deployedVersionId" = $1 WHERE id = $2`, [versionId, nodeId]);
}

test("Undeploy is refused while a deployed node depends on the node, naming it; a node without dependants leaves production", async ({ page }) => {
  test.setTimeout(120_000);
  const parent = uniqueName("undeploy_parent");
  const child = uniqueName("undeploy_child");
  const client = new pg.Client({ connectionString: e2eSettings.databaseUrl });
  await client.connect();
  try {
    const workspace = await client.query(`SELECT id FROM "Workspace" WHERE name = 'demo'`);
    const workflowId = id();
    await client.query(`INSERT INTO "Workflow" (id, "workspaceId", name, "updatedAt") VALUES ($1, $2, $3, now())`, [workflowId, workspace.rows[0].id, uniqueName("undeploy_flow")]);
    await deployNode(client, { workflowId, name: parent, outputs: [`demo.${parent}`], inputs: [] });
    await deployNode(client, { workflowId, name: child, outputs: [`demo.${child}`], inputs: [`demo.${parent}`] });
  } finally {
    await client.end();
  }

  await logIn(page);
  await page.goto("/operation-center/nodes");
  const actionsOf = (name: string) => page.getByRole("group", { name: `Actions of ${name}` });
  await expect(actionsOf(child).getByRole("button", { name: "Undeploy" })).toBeVisible();
  await snap(page, "undeploy-nodes");
  await actionsOf(parent).getByRole("button", { name: "Undeploy" }).click();
  const dialog = page.getByRole("dialog", { name: `Undeploy ${parent}?` });
  await expect(dialog).toContainText("the scheduler generates no more instances for it");
  await dialog.getByRole("button", { name: "Undeploy", exact: true }).click();
  await expect(dialog.getByRole("alert")).toHaveText(
    `Node "${parent}" cannot be undeployed: deployed node(s) "${child}" depend on it. Remove it from their parent nodes (or cross-cycle dependencies) and deploy them first.`,
  );
  await snap(page, "undeploy-refused");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("link", { name: parent, exact: true })).toBeVisible();

  await actionsOf(child).getByRole("button", { name: "Undeploy" }).click();
  const childDialog = page.getByRole("dialog", { name: `Undeploy ${child}?` });
  await snap(page, "undeploy-confirm");
  await childDialog.getByRole("button", { name: "Undeploy", exact: true }).click();
  await expect(childDialog).toBeHidden();
  await expect(page.getByRole("link", { name: child, exact: true })).toHaveCount(0);
  await expect(page.getByRole("link", { name: parent, exact: true })).toBeVisible();
  await snap(page, "undeploy-done");
});
