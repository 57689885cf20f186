import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { BANK_DATA_COLUMNS } from "../lib/maxcompute-local/demo-tables";
import { logIn, snap, uniqueName } from "./support/console";
import { e2eSettings } from "./support/e2e-settings";
import { resetSchedulerClock, setSchedulerClock } from "./support/scheduler-clock";

// Data Backfill through the console against the e2e server's real scheduler and worker. The
// node is put in production through the database (as Deploy leaves it) with a validity that
// starts later, so only its backfill instances run; the scheduler's clock is moved past the
// chosen business dates so none of them waits for its time.
const holoTypes: Record<string, string> = { bigint: "int8", string: "text", double: "float8" };
const id = () => `e2e${randomUUID().replaceAll("-", "").slice(0, 20)}`;

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  if (url === e2eSettings.holoDatabaseUrl) await client.query(`SET ROLE ${e2eSettings.holoRole}`);
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A deployed node copying bank_data into a table of its own. `inputs` are its parents'
 * outputs (`demo.<node name>`, the default output); `mbps` slows it down.
 */
async function deployedBankNode(options: { prefix?: string; inputs?: string[]; mbps?: string } = {}) {
  const table = uniqueName(options.prefix ?? "bf_bank");
  await withClient(e2eSettings.holoDatabaseUrl, (client) => client.query(`CREATE TABLE public.${table} (${BANK_DATA_COLUMNS.map((c) => `${c.name} ${holoTypes[c.type]}`).join(", ")})`));
  const columns = BANK_DATA_COLUMNS.map((c) => c.name);
  const spec = {
    type: "job",
    version: "2.0",
    steps: [
      { stepType: "odps", category: "reader", name: "Reader", parameter: { datasource: "odps_first", table: "bank_data", column: columns } },
      { stepType: "holo", category: "writer", name: "Writer", parameter: { datasource: "holo_demo", table: `public.${table}`, column: columns, writeMode: "sdk", conflictMode: "ignore", truncate: false } },
    ],
    setting: { errorLimit: { record: "0" }, speed: { throttle: true, mbps: options.mbps ?? "20", concurrent: 2 } },
    order: { hops: [{ from: "Reader", to: "Writer" }] },
  };
  const scheduling = {
    instanceGenerationMode: "nextDay",
    recurrence: "normal",
    cycle: { type: "day", time: "04:00" },
    validFrom: "2032-01-01",
    validTo: "9999-01-01",
    timeoutMinutes: null,
    rerun: "allAllowed",
    autoRerun: null,
    dependencies: { inputs: options.inputs ?? [], crossCycle: "none", crossCycleNodeIds: [] },
  };
  const nodeName = `${table}_node`;
  const nodeId = id();
  await withClient(e2eSettings.databaseUrl, async (client) => {
    const workspace = await client.query(`SELECT id FROM "Workspace" WHERE name = 'demo'`);
    await client.query(`UPDATE "Workspace" SET "schedulingTimeZone" = 'UTC' WHERE id = $1`, [workspace.rows[0].id]);
    const group = await client.query(`SELECT id FROM "ResourceGroup" WHERE name = 'default'`);
    const workflowId = id();
    await client.query(`INSERT INTO "Workflow" (id, "workspaceId", name, "updatedAt") VALUES ($1, $2, $3, now())`, [workflowId, workspace.rows[0].id, uniqueName("bf_flow")]);
    await client.query(
      `INSERT INTO "SyncNode" (id, "workflowId", name, "jobSpec", "dataSourceNames", scheduling, owner, "resourceGroupId", "updatedAt")
       VALUES ($1, $2, $3, $4, ARRAY['odps_first', 'holo_demo'], $5, 'admin', $6, now())`,
      [nodeId, workflowId, nodeName, JSON.stringify(spec), JSON.stringify(scheduling), group.rows[0].id],
    );
    const versionId = id();
    await client.query(
      `INSERT INTO "NodeVersion" (id, "nodeId", version, "changeType", description, "jobSpec", scheduling, "resourceGroupId", "committedBy", "deployedBy", "deployedAt")
       VALUES ($1, $2, 1, 'create', 'first version', $3, $4, $5, 'admin', 'admin', now())`,
      [versionId, nodeId, JSON.stringify(spec), JSON.stringify(scheduling), group.rows[0].id],
    );
    await client.query(`UPDATE "SyncNode" SET "deployedVersionId" = $1 WHERE id = $2`, [versionId, nodeId]);
  });
  return { nodeId, nodeName, table };
}

const rowCount = (table: string) =>
  withClient(e2eSettings.holoDatabaseUrl, async (client) => Number((await client.query(`SELECT count(*) AS n FROM public.${table}`)).rows[0].n));

async function openBackfillDialog(page: Page, nodeName: string) {
  await page.goto("/operation-center/nodes");
  const nodeRow = page.getByRole("row").filter({ has: page.getByRole("link", { name: nodeName, exact: true }) });
  await nodeRow.getByRole("button", { name: "Backfill" }).click();
  return page.getByRole("dialog", { name: `Data Backfill: ${nodeName}` });
}

test.setTimeout(180_000);
test.afterAll(() => resetSchedulerClock());

test("Data Backfill from a node: 3 business dates, newest first, 2 at once; the backfill page shows each date succeed and links its instances", async ({ page }) => {
  const node = await deployedBankNode();
  setSchedulerClock(new Date("2031-05-01T12:00:00Z"));
  await page.goto("/login");
  await page.getByLabel("User name").fill(e2eSettings.adminUser);
  await page.getByLabel("Password").fill(e2eSettings.adminPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto("/operation-center/nodes");
  const nodeRow = page.getByRole("row").filter({ has: page.getByRole("link", { name: node.nodeName, exact: true }) });
  await nodeRow.getByRole("button", { name: "Backfill" }).click();
  const dialog = page.getByRole("dialog", { name: `Data Backfill: ${node.nodeName}` });
  await dialog.getByLabel("Range 1 start").fill("2031-04-12");
  await dialog.getByLabel("Range 1 end").fill("2031-04-10");
  await dialog.getByRole("button", { name: "Run backfill" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Range 1 ends before it starts: the end date must be on or after 2031-04-12.");
  await dialog.getByLabel("Range 1 start").fill("2031-04-10");
  await dialog.getByLabel("Range 1 end").fill("2031-04-11");
  await dialog.getByRole("button", { name: "Add range" }).click();
  await dialog.getByLabel("Range 2 start").fill("2031-04-12");
  await dialog.getByLabel("Range 2 end").fill("2031-04-12");
  await dialog.getByLabel("Parallelism").selectOption("2");
  await dialog.getByLabel("Order").selectOption("desc");
  await expect(dialog.getByRole("alert")).toHaveCount(0);
  await snap(page, "backfill-dialog");
  await dialog.getByRole("button", { name: "Run backfill" }).click();

  await expect(page).toHaveURL(/\/operation-center\/backfills\/[\w-]+$/);
  await expect(page.getByRole("heading", { name: `P_${node.nodeName}_20310410_20310412` })).toBeVisible();
  const grid = page.getByRole("region", { name: "Progress per business date" }).getByRole("listitem");
  await expect(grid).toHaveCount(3);
  // Newest date first.
  await expect(grid.nth(0)).toContainText("2031-04-12");
  await expect(grid.nth(2)).toContainText("2031-04-10");
  await expect(page.getByRole("button", { name: "Stop all" })).toBeVisible();
  for (let i = 0; i < 3; i++) await expect(grid.nth(i)).toHaveAttribute("data-state", "succeeded", { timeout: 120_000 });
  await expect(page.getByText("succeeded", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Stop all" })).toHaveCount(0);
  await snap(page, "backfill-page");
  expect(await withClient(e2eSettings.holoDatabaseUrl, async (client) => Number((await client.query(`SELECT count(*) AS n FROM public.${node.table}`)).rows[0].n))).toBe(3 * 40_000);

  await page.getByRole("table", { name: "Backfill instances" }).getByRole("link", { name: "2031-04-11" }).click();
  await expect(page.getByRole("status", { name: "Instance status" })).toHaveText("Succeeded");
  await expect(page.getByRole("region", { name: "Parameters" })).toContainText("20310411");
  await expect(page.getByRole("region", { name: "Parameters" })).toContainText("20310412040000");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Data Backfill" }).click();
  await expect(page.getByRole("table", { name: "Backfills" }).getByRole("row").filter({ hasText: node.nodeName })).toContainText("2031-04-10 … 2031-04-12 (3)");
});

test("Data Backfill of current and descendant nodes: an unchosen descendant is a dry run, the others run parent first for each date; Stop all stops a slow backfill", async ({ page }) => {
  const first = await deployedBankNode({ prefix: "bf_chain_a" });
  const middle = await deployedBankNode({ prefix: "bf_chain_b", inputs: [`demo.${first.nodeName}`] });
  const last = await deployedBankNode({ prefix: "bf_chain_c", inputs: [`demo.${middle.nodeName}`] });
  setSchedulerClock(new Date("2031-05-01T12:00:00Z"));
  await logIn(page);

  const dialog = await openBackfillDialog(page, first.nodeName);
  await dialog.getByLabel("Scope").selectOption("currentAndDescendants");
  const descendants = dialog.getByRole("list", { name: "Descendant nodes" });
  await expect(descendants.getByRole("listitem")).toHaveCount(2);
  await expect(descendants.getByRole("listitem").nth(0)).toContainText(middle.nodeName);
  await expect(descendants.getByRole("listitem").nth(0)).toContainText("level 1");
  await expect(descendants.getByRole("listitem").nth(1)).toContainText(last.nodeName);
  await expect(descendants.getByRole("listitem").nth(1)).toContainText("level 2");
  await descendants.getByRole("checkbox", { name: middle.nodeName }).uncheck();
  await dialog.getByLabel("Range 1 start").fill("2031-04-20");
  await dialog.getByLabel("Range 1 end").fill("2031-04-21");
  await dialog.getByLabel("Parallelism").selectOption("2");
  await snap(page, "backfill-dialog-descendants");
  await dialog.getByRole("button", { name: "Run backfill" }).click();

  await expect(page).toHaveURL(/\/operation-center\/backfills\/[\w-]+$/);
  await expect(page.getByText("current and descendant nodes")).toBeVisible();
  const grid = page.getByRole("region", { name: "Progress per business date" }).getByRole("listitem");
  await expect(grid).toHaveCount(2);
  await expect(grid.nth(0)).toContainText("2031-04-20");
  await expect(grid.nth(1)).toContainText("2031-04-21");
  for (let i = 0; i < 2; i++) {
    await expect(grid.nth(i)).toHaveAttribute("data-state", "succeeded", { timeout: 150_000 });
    await expect(grid.nth(i)).toContainText("3/3");
  }
  await expect(page.getByText("2 of 2 dates done · 6 of 6 instances ended")).toBeVisible();
  const instances = page.getByRole("table", { name: "Backfill instances" });
  await expect(instances.getByRole("row").filter({ hasText: middle.nodeName })).toHaveCount(2);
  for (const row of await instances.getByRole("row").filter({ hasText: middle.nodeName }).all()) await expect(row).toContainText("Dry run (Excluded from the backfill)");
  await snap(page, "backfill-page-descendants");
  // Two dates of bank_data for the nodes that ran, none for the dry run.
  expect([await rowCount(first.table), await rowCount(middle.table), await rowCount(last.table)]).toEqual([2 * 40_000, 0, 2 * 40_000]);

  // Stop all on a slow backfill: one date runs, the next wait; all stop.
  const slow = await deployedBankNode({ prefix: "bf_slow", mbps: "0.2" });
  const slowDialog = await openBackfillDialog(page, slow.nodeName);
  await slowDialog.getByLabel("Range 1 start").fill("2031-04-20");
  await slowDialog.getByLabel("Range 1 end").fill("2031-04-22");
  await slowDialog.getByRole("button", { name: "Run backfill" }).click();
  await expect(page).toHaveURL(/\/operation-center\/backfills\/[\w-]+$/);
  const slowGrid = page.getByRole("region", { name: "Progress per business date" }).getByRole("listitem");
  await expect(slowGrid.nth(0)).toHaveAttribute("data-state", "running", { timeout: 60_000 });
  await expect(slowGrid.nth(1)).toHaveAttribute("data-state", "waiting");
  await expect(page.getByRole("table", { name: "Backfill instances" }).getByRole("row").filter({ has: page.getByRole("link", { name: "2031-04-22", exact: true }) })).toContainText("Waiting for its date");
  await snap(page, "backfill-page-running");
  page.once("dialog", (confirm) => void confirm.accept());
  await page.getByRole("button", { name: "Stop all" }).click();
  for (let i = 0; i < 3; i++) await expect(slowGrid.nth(i)).toHaveAttribute("data-state", "stopped");
  await expect(page.getByText("stopped by admin", { exact: true })).toBeVisible();
  await expect(page.getByText("0 succeeded, 0 failed, 3 stopped")).toBeVisible();
  await expect(page.getByRole("button", { name: "Stop all" })).toHaveCount(0);
  await snap(page, "backfill-page-stopped");
});
