import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { BANK_DATA_COLUMNS } from "../lib/maxcompute-local/demo-tables";
import { snap, uniqueName } from "./support/console";
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

async function deployedBankNode() {
  const table = uniqueName("bf_bank");
  await withClient(e2eSettings.holoDatabaseUrl, (client) => client.query(`CREATE TABLE public.${table} (${BANK_DATA_COLUMNS.map((c) => `${c.name} ${holoTypes[c.type]}`).join(", ")})`));
  const columns = BANK_DATA_COLUMNS.map((c) => c.name);
  const spec = {
    type: "job",
    version: "2.0",
    steps: [
      { stepType: "odps", category: "reader", name: "Reader", parameter: { datasource: "odps_first", table: "bank_data", column: columns } },
      { stepType: "holo", category: "writer", name: "Writer", parameter: { datasource: "holo_demo", table: `public.${table}`, column: columns, writeMode: "sdk", conflictMode: "ignore", truncate: false } },
    ],
    setting: { errorLimit: { record: "0" }, speed: { throttle: true, mbps: "20", concurrent: 2 } },
    order: { hops: [{ from: "Reader", to: "Writer" }] },
  };
  const scheduling = { instanceGenerationMode: "nextDay", recurrence: "normal", cycle: { type: "day", time: "04:00" }, validFrom: "2032-01-01", validTo: "9999-01-01", timeoutMinutes: null, rerun: "allAllowed", autoRerun: null };
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
