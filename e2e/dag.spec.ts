import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { logIn, snap, uniqueName } from "./support/console";
import { e2eSettings } from "./support/e2e-settings";

// The DAG in Operation Center: two deployed nodes, the child's input naming the parent's
// output, put in production through the database as Commit and Deploy leave them, with an
// instance each for a business date in 2035 and the edge between them (as the generator
// makes it). Their validity starts in 2035 and the instances' time is far off, so the
// e2e server's scheduler neither generates nor starts anything of theirs.

const id = () => `e2e${randomUUID().replaceAll("-", "").slice(0, 20)}`;
const scheduledAt = "2035-06-02T00:10:00Z";

async function withConsoleDb<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: e2eSettings.databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

type GraphNode = { name: string; parents: string[]; crossCycle?: "self" | "children" | "nodes"; crossCycleOn?: string[] };

/** Deployed nodes named with their parents (by name), an instance each and the instance edges between them. */
async function deployGraph(nodes: GraphNode[]) {
  return withConsoleDb(async (client) => {
    const workspace = (await client.query(`SELECT id, name FROM "Workspace" WHERE name = 'demo'`)).rows[0];
    const group = (await client.query(`SELECT id FROM "ResourceGroup" WHERE name = 'default'`)).rows[0];
    const workflowId = id();
    await client.query(`INSERT INTO "Workflow" (id, "workspaceId", name, "updatedAt") VALUES ($1, $2, $3, now())`, [workflowId, workspace.id, uniqueName("dag_flow")]);
    const scheduling = (inputs: string[], crossCycle = "none", crossCycleNodeIds: string[] = []) => ({
      instanceGenerationMode: "nextDay",
      recurrence: "normal",
      cycle: { type: "day", time: "00:10" },
      validFrom: "2035-01-01",
      validTo: "9999-01-01",
      timeoutMinutes: null,
      rerun: "allAllowed",
      autoRerun: null,
      dependencies: { inputs, crossCycle, crossCycleNodeIds },
    });
    const deploy = async (name: string, inputs: string[], ...crossCycle: [string?, string[]?]) => {
      const nodeId = id();
      const versionId = id();
      await client.query(
        `INSERT INTO "SyncNode" (id, "workflowId", name, "jobSpec", scheduling, owner, "resourceGroupId", "updatedAt") VALUES ($1, $2, $3, '{}', $4, 'admin', $5, now())`,
        [nodeId, workflowId, name, JSON.stringify(scheduling(inputs, ...crossCycle)), group.id],
      );
      await client.query(
        `INSERT INTO "NodeVersion" (id, "nodeId", version, "changeType", description, "jobSpec", scheduling, "resourceGroupId", "committedBy", "deployedBy", "deployedAt")
         VALUES ($1, $2, 1, 'create', 'first version', '{}', $3, $4, 'admin', 'admin', now())`,
        [versionId, nodeId, JSON.stringify(scheduling(inputs, ...crossCycle)), group.id],
      );
      await client.query(`UPDATE "SyncNode" SET "deployedVersionId" = $1 WHERE id = $2`, [versionId, nodeId]);
      const instanceId = id();
      await client.query(
        `INSERT INTO "Instance" (id, "workspaceId", "nodeId", "scheduledAt", bizdate, parameters, status, "notBefore")
         VALUES ($1, $2, $3, $4, '20350601', '{"bizdate":"20350601"}', $5, $4)`,
        [instanceId, workspace.id, nodeId, scheduledAt, inputs.length ? "notRun" : "waitingTime"],
      );
      return { nodeId, instanceId };
    };
    const made = new Map<string, { nodeId: string; instanceId: string }>();
    for (const node of nodes) {
      const crossCycleNodeIds = (node.crossCycleOn ?? []).map((name) => made.get(name)!.nodeId);
      made.set(node.name, await deploy(node.name, node.parents.map((parent) => `${workspace.name}.${parent}`), node.crossCycle, crossCycleNodeIds));
      for (const parent of node.parents) {
        await client.query(`INSERT INTO "InstanceDependency" ("childId", "parentId", kind) VALUES ($1, $2, 'sameCycle')`, [made.get(node.name)!.instanceId, made.get(parent)!.instanceId]);
      }
    }
    return made;
  });
}

async function chainOfThree() {
  const [grandparent, parent, child] = [uniqueName("dag_grand"), uniqueName("dag_parent"), uniqueName("dag_child")];
  const made = await deployGraph([
    { name: grandparent, parents: [] },
    { name: parent, parents: [grandparent] },
    { name: child, parents: [parent] },
  ]);
  return { grandparent: { name: grandparent, ...made.get(grandparent)! }, parent: { name: parent, ...made.get(parent)! }, child: { name: child, ...made.get(child)! } };
}

const graph = (page: Page) => page.getByRole("region", { name: /^DAG of / });
const box = (page: Page, label: string) => graph(page).getByRole("group", { name: label, exact: true });

test.beforeEach(async ({ page }) => {
  await logIn(page);
});

test("open the DAG of a node and of an instance from Operation Center, see the boxes and the edge, expand a level, and act on the parent from the graph", async ({ page }) => {
  test.setTimeout(180_000);
  const blocked: string[] = [];
  page.on("console", (message) => {
    if (/Content.Security.Policy/i.test(message.text())) blocked.push(message.text());
  });
  const { grandparent, parent, child } = await chainOfThree();
  const edge = (from: string, to: string) => graph(page).getByRole("group", { name: `Dependency: ${to} depends on ${from}` });

  // The node DAG, from Auto Triggered Nodes: one level each way, then the parent's parents.
  await page.goto("/operation-center/nodes");
  await page.getByRole("group", { name: `Actions of ${child.name}` }).getByRole("link", { name: "DAG" }).click();
  await expect(page.getByRole("heading", { name: `DAG of ${child.name}` })).toBeVisible();
  await expect(box(page, `Node ${parent.name}`)).toContainText("Every day at 00:10");
  await expect(box(page, `Node ${child.name}`)).toContainText("Owner admin");
  await expect(edge(parent.name, child.name)).toHaveCount(1);
  await expect(box(page, `Node ${grandparent.name}`)).toHaveCount(0);
  await page.getByRole("button", { name: `Expand parents of ${parent.name}` }).click();
  await expect(box(page, `Node ${grandparent.name}`)).toBeVisible();
  await expect(edge(grandparent.name, parent.name)).toHaveCount(1);
  await snap(page, "dag-nodes");

  // The instance DAG, from the child instance's page.
  await page.goto(`/operation-center/instances/${child.instanceId}`);
  await page.getByRole("link", { name: "DAG", exact: true }).click();
  await expect(page.getByRole("heading", { name: `DAG of ${child.name}` })).toBeVisible();
  const parentBox = box(page, `Instance ${parent.name} 2035-06-01`);
  const childBox = box(page, `Instance ${child.name} 2035-06-01`);
  await expect(parentBox).toContainText("Not run");
  await expect(parentBox).toContainText("Biz 2035-06-01");
  await expect(childBox).toContainText("Not run");
  await expect(edge(parent.name, child.name)).toHaveCount(1);
  await expect(page.getByRole("list", { name: "Legend" })).toContainText("Frozen");
  await snap(page, "dag-instances");
  await page.getByRole("button", { name: `Expand parents of ${parent.name}` }).click();
  const grandparentBox = box(page, `Instance ${grandparent.name} 2035-06-01`);
  await expect(grandparentBox).toContainText("Waiting for time");
  await expect(edge(grandparent.name, parent.name)).toHaveCount(1);

  // Select the grandparent, freeze it from the panel: its box turns Frozen.
  await grandparentBox.click();
  const panel = page.getByRole("complementary", { name: "Selected" });
  await expect(panel.getByRole("heading", { name: grandparent.name })).toBeVisible();
  await panel.getByRole("button", { name: "Freeze" }).click();
  await expect(grandparentBox).toContainText("Frozen");
  await snap(page, "dag-instances-frozen");

  // Set it to succeeded: the box says so; the others still wait for their own time.
  await panel.getByRole("button", { name: "Set to Succeeded" }).click();
  await page.getByRole("dialog", { name: "Set to Succeeded" }).getByRole("button", { name: "Set to Succeeded" }).click();
  await expect(grandparentBox).toContainText("Set to succeeded");
  await expect(childBox).toContainText("Not run");
  await snap(page, "dag-instances-succeeded");

  // Rerun Downstream from the graph: the grandparent waits to run again, what follows it stays Not run.
  await panel.getByRole("button", { name: "Rerun Downstream" }).click();
  const confirm = page.getByRole("dialog", { name: "Rerun Downstream" });
  await expect(confirm).toContainText("set every instance downstream of it in the same cycle back to Not run");
  await confirm.getByRole("button", { name: "Rerun Downstream" }).click();
  await expect(grandparentBox).not.toContainText("Set to succeeded");
  await expect(panel.getByRole("alert")).toHaveCount(0);
  await expect(parentBox).toContainText("Not run");
  await expect(childBox).toContainText("Not run");
  expect(blocked).toEqual([]);
});

test("a parent with eight children: every box fits in the view and stays readable", async ({ page }) => {
  const parent = uniqueName("dag_fan");
  const children = Array.from({ length: 8 }, (_, i) => `${parent}_child${i + 1}`);
  const made = await deployGraph([{ name: parent, parents: [] }, ...children.map((name) => ({ name, parents: [parent] }))]);
  await page.goto(`/operation-center/instances/${made.get(parent)!.instanceId}/dag`);
  const region = await graph(page).boundingBox();
  for (const name of [parent, ...children]) {
    const shown = box(page, `Instance ${name} 2035-06-01`);
    await expect(shown).toBeVisible();
    const at = (await shown.boundingBox())!;
    expect(at.x).toBeGreaterThanOrEqual(region!.x);
    expect(at.y).toBeGreaterThanOrEqual(region!.y);
    expect(at.x + at.width).toBeLessThanOrEqual(region!.x + region!.width);
    expect(at.y + at.height).toBeLessThanOrEqual(region!.y + region!.height);
  }
  await snap(page, "dag-instances-wide");
});

/** A stopped backfill of `nodes`' instances for one business date, as the backfill service leaves one (far in the future: nothing of it runs). */
async function stoppedBackfill(rootNodeId: string, nodeIds: string[]) {
  return withConsoleDb(async (client) => {
    const workspace = (await client.query(`SELECT id FROM "Workspace" WHERE name = 'demo'`)).rows[0];
    const backfillId = id();
    const request = { scope: "currentAndDescendants", ranges: [{ start: "2035-06-01", end: "2035-06-01" }], parallelism: 1, order: "asc", window: null, runFutureNow: false };
    await client.query(
      `INSERT INTO "Backfill" (id, "workspaceId", name, "rootNodeId", scope, request, dates, "createdBy", status, "stoppedBy", "endedAt")
       VALUES ($1, $2, $3, $4, 'currentAndDescendants', $5, ARRAY['20350601'], 'admin', 'stopped', 'admin', now())`,
      [backfillId, workspace.id, uniqueName("P_dag"), rootNodeId, JSON.stringify(request)],
    );
    const instanceIds: string[] = [];
    for (const nodeId of nodeIds) {
      const instanceId = id();
      instanceIds.push(instanceId);
      await client.query(
        `INSERT INTO "Instance" (id, "workspaceId", "nodeId", kind, batch, "backfillId", "scheduledAt", bizdate, parameters, status, "notBefore")
         VALUES ($1, $2, $3, 'backfill', $4, $4, $5, '20350601', '{"bizdate":"20350601"}', 'notRun', $5)`,
        [instanceId, workspace.id, nodeId, backfillId, scheduledAt],
      );
    }
    await client.query(`INSERT INTO "InstanceDependency" ("childId", "parentId", kind) VALUES ($1, $2, 'sameCycle')`, [instanceIds[1], instanceIds[0]]);
    return backfillId;
  });
}

test("the node DAG draws previous-cycle dependencies; DAG in the node page's toolbar and on the instance lists' rows opens the graph", async ({ page }) => {
  test.setTimeout(180_000);
  const [p, q, r, s, t] = [uniqueName("xc_p"), uniqueName("xc_q"), uniqueName("xc_r"), uniqueName("xc_s"), uniqueName("xc_t")];
  // p waits for the previous instances of its children q, s and t; r for p's; s for its own; t for p's of this cycle and the previous one.
  const made = await deployGraph([
    { name: p, parents: [], crossCycle: "children" },
    { name: q, parents: [p] },
    { name: r, parents: [], crossCycle: "nodes", crossCycleOn: [p] },
    { name: s, parents: [p], crossCycle: "self" },
    { name: t, parents: [p], crossCycle: "nodes", crossCycleOn: [p] },
  ]);
  const edge = (from: string, to: string, previous = false) =>
    graph(page).getByRole("group", { name: `Dependency: ${to} depends on ${from}${previous ? " (previous cycle)" : ""}`, exact: true });

  // From the node page's toolbar (the wizard) to the node DAG.
  await page.goto(`/workflows/nodes/${made.get(p)!.nodeId}`);
  await page.getByRole("link", { name: "DAG", exact: true }).click();
  await expect(page.getByRole("heading", { name: `DAG of ${p}` })).toBeVisible();
  await expect(edge(p, q)).toHaveCount(1);
  await expect(edge(p, s)).toHaveCount(1);
  await expect(edge(q, p, true)).toHaveCount(1);
  await expect(edge(s, p, true)).toHaveCount(1);
  await expect(edge(p, r, true)).toHaveCount(1);
  await expect(edge(p, t)).toHaveCount(1);
  await expect(edge(p, t, true)).toHaveCount(1);
  await expect(edge(t, p, true)).toHaveCount(1);
  await expect(graph(page).getByText("previous cycle", { exact: true })).toHaveCount(5);
  await expect(box(page, `Node ${s}`)).toContainText("own previous cycle");
  const panel = page.getByRole("complementary", { name: "Selected" });
  await expect(panel).toContainText("Its first-level children's previous instances");
  // Every box in view, none on another.
  const region = (await graph(page).boundingBox())!;
  const boxes = await Promise.all([p, q, r, s, t].map(async (name) => (await box(page, `Node ${name}`).boundingBox())!));
  for (const [i, at] of boxes.entries()) {
    expect(at.x).toBeGreaterThanOrEqual(region.x);
    expect(at.y + at.height).toBeLessThanOrEqual(region.y + region.height);
    for (const other of boxes.slice(i + 1)) expect(at.x + at.width <= other.x || other.x + other.width <= at.x || at.y + at.height <= other.y || other.y + other.height <= at.y).toBe(true);
  }
  await snap(page, "dag-nodes-previous-cycle");

  // p's instance waits for q's previous one (as the generator makes the edge): the instance DAG draws it dashed too.
  await withConsoleDb(async (client) => {
    const instanceId = id();
    await client.query(
      `INSERT INTO "Instance" (id, "workspaceId", "nodeId", "scheduledAt", bizdate, parameters, status, "notBefore")
       SELECT $1, "workspaceId", "nodeId", "scheduledAt" - interval '1 day', '20350531', '{"bizdate":"20350531"}', 'waitingTime', "notBefore" - interval '1 day' FROM "Instance" WHERE id = $2`,
      [instanceId, made.get(q)!.instanceId],
    );
    await client.query(`INSERT INTO "InstanceDependency" ("childId", "parentId", kind) VALUES ($1, $2, 'crossCycle')`, [made.get(p)!.instanceId, instanceId]);
  });
  await page.goto(`/operation-center/instances/${made.get(p)!.instanceId}/dag`);
  await expect(box(page, `Instance ${q} 2035-05-31`)).toBeVisible();
  await expect(edge(q, p, true)).toHaveCount(1);
  await expect(edge(p, q)).toHaveCount(1);
  await expect(graph(page).getByText("previous cycle", { exact: true })).toHaveCount(1);
  await snap(page, "dag-instances-previous-cycle");

  // DAG on a row of Auto Triggered Instances.
  await page.goto(`/operation-center/instances?nodeId=${made.get(q)!.nodeId}`);
  const row = page.getByRole("group", { name: `Actions of ${q} 2035-06-01` });
  await expect(row.getByRole("link", { name: "DAG" })).toBeVisible();
  await snap(page, "instances-list-dag-link");
  await row.getByRole("link", { name: "DAG" }).click();
  await expect(page.getByRole("heading", { name: `DAG of ${q}` })).toBeVisible();
  await expect(box(page, `Instance ${p} 2035-06-01`)).toBeVisible();

  // DAG on a row of a backfill's instances.
  const backfillId = await stoppedBackfill(made.get(p)!.nodeId, [made.get(p)!.nodeId, made.get(q)!.nodeId]);
  await page.goto(`/operation-center/backfills/${backfillId}`);
  const backfillRow = page.getByRole("table", { name: "Backfill instances" }).getByRole("row").filter({ hasText: q });
  await snap(page, "backfill-instances-dag-link");
  await backfillRow.getByRole("link", { name: "DAG" }).click();
  await expect(page.getByRole("heading", { name: `DAG of ${q}` })).toBeVisible();
  await expect(box(page, `Instance ${p} 2035-06-01`)).toBeVisible();
  await expect(edge(p, q)).toHaveCount(1);
  await snap(page, "dag-backfill-instance");
});
