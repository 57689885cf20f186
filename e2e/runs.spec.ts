import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { BANK_DATA_COLUMNS } from "../lib/maxcompute-local/demo-tables";
import { logIn, snap, uniqueName } from "./support/console";
import { e2eSettings } from "./support/e2e-settings";

// The wizard that saves nodes is tested in its own spec; here a node's job spec is written
// to the console's database as the wizard saves it, and runs are queued as startRun queues
// them, so these tests watch what the worker that npm start runs does with them.
const consoleUrl = process.env.SYNCLANE_E2E_DATABASE_URL ?? e2eSettings.databaseUrl;
const holoUrl = process.env.SYNCLANE_E2E_HOLO_DATABASE_URL ?? e2eSettings.holoDatabaseUrl;
const holoTypes: Record<string, string> = { bigint: "int8", string: "text", double: "float8" };
const BANK_ROWS = 40_000;

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // Tables the test makes belong to the demo data source's role, as if it had made them.
  if (url === holoUrl) await client.query(`SET ROLE ${e2eSettings.holoRole}`);
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A node syncing bank_data into a fresh table, throttled so that a run lasts several seconds. */
async function createBankNode(mbps: number): Promise<{ nodeId: string; nodeName: string; table: string }> {
  const table = uniqueName("e2e_bank");
  await withClient(holoUrl, (client) =>
    client.query(`CREATE TABLE public.${table} (${BANK_DATA_COLUMNS.map((c) => `${c.name} ${holoTypes[c.type]}`).join(", ")})`),
  );
  const columns = BANK_DATA_COLUMNS.map((c) => c.name);
  const spec = {
    type: "job",
    version: "2.0",
    steps: [
      { stepType: "odps", category: "reader", name: "Reader", parameter: { datasource: "odps_first", table: "bank_data", column: columns } },
      {
        stepType: "holo",
        category: "writer",
        name: "Writer",
        parameter: { datasource: "holo_demo", table: `public.${table}`, column: columns, writeMode: "sdk", conflictMode: "ignore", truncate: true },
      },
    ],
    setting: { errorLimit: { record: "0" }, speed: { throttle: true, mbps: String(mbps), concurrent: 2 } },
    order: { hops: [{ from: "Reader", to: "Writer" }] },
  };
  const nodeName = `${table}_node`;
  const nodeId = `e2e${randomUUID().replaceAll("-", "").slice(0, 20)}`;
  await withClient(consoleUrl, async (client) => {
    const workspace = await client.query(`SELECT id FROM "Workspace" WHERE name = 'demo'`);
    const workflowId = `e2e${randomUUID().replaceAll("-", "").slice(0, 20)}`;
    await client.query(`INSERT INTO "Workflow" (id, "workspaceId", name, "updatedAt") VALUES ($1, $2, $3, now())`, [workflowId, workspace.rows[0].id, uniqueName("runs_flow")]);
    await client.query(
      `INSERT INTO "SyncNode" (id, "workflowId", name, "jobSpec", "dataSourceNames", "updatedAt") VALUES ($1, $2, $3, $4, ARRAY['odps_first', 'holo_demo'], now())`,
      [nodeId, workflowId, nodeName, JSON.stringify(spec)],
    );
  });
  return { nodeId, nodeName, table };
}

async function queueRun(nodeId: string, bizdate: string): Promise<string> {
  return withClient(consoleUrl, async (client) => {
    const node = await client.query(`SELECT "jobSpec" FROM "SyncNode" WHERE id = $1`, [nodeId]);
    const group = await client.query(`SELECT id FROM "ResourceGroup" WHERE name = 'default'`);
    const runId = `e2e${randomUUID().replaceAll("-", "").slice(0, 20)}`;
    await client.query(
      `INSERT INTO "Run" (id, "nodeId", "resourceGroupId", "jobSpec", parameters, bizdate, "triggeredBy") VALUES ($1, $2, $3, $4, $5, $6, 'admin')`,
      [runId, nodeId, group.rows[0].id, JSON.stringify(node.rows[0].jobSpec), JSON.stringify({ bizdate }), bizdate],
    );
    return runId;
  });
}

const countRows = (table: string) => withClient(holoUrl, async (client) => Number((await client.query(`SELECT count(*) AS n FROM public.${table}`)).rows[0].n));

test.beforeEach(async ({ page }) => {
  await logIn(page);
});

test("a run goes from waiting to succeeded in the run view, with counters, speed chart and DataX log; the Runs list filters it", async ({ page }) => {
  const { nodeId, nodeName, table } = await createBankNode(1.5);
  const runId = await queueRun(nodeId, "20261120");
  await page.goto(`/runs/${runId}`);
  await expect(page.getByRole("heading", { name: nodeName })).toBeVisible();
  await expect(page.getByRole("status", { name: "Run status" })).toContainText(/Running|Waiting for resources/);
  await expect(page.getByRole("log", { name: "Run log" })).toContainText("Total", { timeout: 20_000 });
  await expect(page.getByRole("status", { name: "Run status" })).toHaveText("Succeeded", { timeout: 45_000 });
  await expect(page.getByRole("progressbar", { name: "Progress" })).toHaveAttribute("aria-valuenow", "100");
  await expect(page.getByRole("region", { name: "Progress" })).toContainText("40,000");
  await expect(page.getByRole("log", { name: "Run log" })).toContainText(`Total records written    : ${BANK_ROWS}`);
  await expect(page.getByRole("img", { name: "Records per second over time" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Run stages" })).toContainText("Succeeded");
  expect(await countRows(table)).toBe(BANK_ROWS);
  await page.setViewportSize({ width: 1440, height: 2000 });
  await snap(page, "run-page-succeeded");
  await page.setViewportSize({ width: 1440, height: 900 });

  await page.getByRole("link", { name: "Runs", exact: true }).first().click();
  await expect(page.getByRole("heading", { name: "Runs" })).toBeVisible();
  await page.getByLabel("Filter by node").selectOption({ label: `${await workflowOf(nodeId)} / ${nodeName}` });
  await page.getByLabel("Filter by status").selectOption("succeeded");
  await page.getByRole("button", { name: "Filter" }).click();
  const rows = page.getByRole("table", { name: "Runs" }).getByRole("row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText(nodeName);
  await expect(rows.nth(1)).toContainText("20261120");
  await expect(rows.nth(1)).toContainText("40,000");
  await snap(page, "runs-list");
  await page.getByLabel("Filter by status").selectOption("failed");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText("No run matches")).toBeVisible();
});

async function workflowOf(nodeId: string): Promise<string> {
  return withClient(consoleUrl, async (client) => {
    const { rows } = await client.query(`SELECT w.name FROM "SyncNode" n JOIN "Workflow" w ON w.id = n."workflowId" WHERE n.id = $1`, [nodeId]);
    return rows[0].name as string;
  });
}

test("Stop ends a running run within seconds as cancelled, and Rerun succeeds with exactly the source rows", async ({ page }) => {
  const { nodeId, table } = await createBankNode(0.4);
  const runId = await queueRun(nodeId, "20261121");
  await page.goto(`/runs/${runId}`);
  await expect(page.getByRole("status", { name: "Run status" })).toHaveText("Running", { timeout: 20_000 });
  await expect(page.getByRole("log", { name: "Run log" })).toContainText("Channels:");
  await page.waitForTimeout(3_000);
  await snap(page, "run-page-running");
  await page.getByRole("button", { name: "Stop" }).click();
  const stoppedAt = Date.now();
  await expect(page.getByRole("status", { name: "Run status" })).toHaveText("Cancelled", { timeout: 10_000 });
  expect(Date.now() - stoppedAt).toBeLessThan(10_000);
  await expect(page.getByRole("list", { name: "Run stages" })).toContainText("Cancelled");
  await expect(page.getByRole("log", { name: "Run log" })).toContainText("Stop requested by admin");
  await snap(page, "run-page-cancelled");

  await page.getByRole("button", { name: "Rerun" }).click();
  await expect(page).not.toHaveURL(new RegExp(`/runs/${runId}$`));
  await expect(page.getByRole("link", { name: runId })).toBeVisible();
  await expect(page.getByRole("status", { name: "Run status" })).toHaveText("Succeeded", { timeout: 60_000 });
  expect(await countRows(table)).toBe(BANK_ROWS);
});
