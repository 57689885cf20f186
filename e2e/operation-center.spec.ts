import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { BANK_DATA_COLUMNS } from "../lib/maxcompute-local/demo-tables";
import { snap, uniqueName } from "./support/console";
import { e2eSettings } from "./support/e2e-settings";
import { resetSchedulerClock, setSchedulerClock } from "./support/scheduler-clock";

// Operation Center against the real scheduler in the e2e server's worker. Nodes are put
// in production through the database (a deployed NodeVersion, as Deploy leaves it); the
// scheduler's clock file moves time: to 23:30 of a day, which generates that day and the
// next, and past an instance's time. Nothing here sleeps on the wall clock for a schedule.
const consoleUrl = e2eSettings.databaseUrl;
const holoUrl = e2eSettings.holoDatabaseUrl;
const holoTypes: Record<string, string> = { bigint: "int8", string: "text", double: "float8" };

// A day far from the real one, so the generator's days are ours: D 23:30 UTC generates D
// (its 02:30 instance is past and starts at once) and D+1.
const day = "2031-03-14";
const nextDay = "2031-03-15";

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  if (url === holoUrl) await client.query(`SET ROLE ${e2eSettings.holoRole}`);
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const id = () => `e2e${randomUUID().replaceAll("-", "").slice(0, 20)}`;

/** A bank_data -> Hologres node, deployed (version 1) with a daily cycle, as Commit and Deploy leave it. */
async function deployedBankNode(input: { prefix: string; mbps: number; time: string; rerun: "allAllowed" | "failureAllowed" | "allDenied"; validFrom?: string }) {
  const table = uniqueName(input.prefix);
  await withClient(holoUrl, (client) => client.query(`CREATE TABLE public.${table} (${BANK_DATA_COLUMNS.map((c) => `${c.name} ${holoTypes[c.type]}`).join(", ")})`));
  const columns = BANK_DATA_COLUMNS.map((c) => c.name);
  const spec = {
    type: "job",
    version: "2.0",
    steps: [
      { stepType: "odps", category: "reader", name: "Reader", parameter: { datasource: "odps_first", table: "bank_data", column: columns } },
      { stepType: "holo", category: "writer", name: "Writer", parameter: { datasource: "holo_demo", table: `public.${table}`, column: columns, writeMode: "sdk", conflictMode: "ignore", truncate: true } },
    ],
    setting: { errorLimit: { record: "0" }, speed: { throttle: true, mbps: String(input.mbps), concurrent: 2 } },
    order: { hops: [{ from: "Reader", to: "Writer" }] },
  };
  const scheduling = {
    instanceGenerationMode: "nextDay",
    recurrence: "normal",
    cycle: { type: "day", time: input.time },
    validFrom: input.validFrom ?? "1970-01-01",
    validTo: "9999-01-01",
    timeoutMinutes: null,
    rerun: input.rerun,
    autoRerun: null,
  };
  const nodeName = `${table}_node`;
  const nodeId = id();
  await withClient(consoleUrl, async (client) => {
    const workspace = await client.query(`SELECT id FROM "Workspace" WHERE name = 'demo'`);
    await client.query(`UPDATE "Workspace" SET "schedulingTimeZone" = 'UTC' WHERE id = $1`, [workspace.rows[0].id]);
    const group = await client.query(`SELECT id FROM "ResourceGroup" WHERE name = 'default'`);
    const workflowId = id();
    await client.query(`INSERT INTO "Workflow" (id, "workspaceId", name, "updatedAt") VALUES ($1, $2, $3, now())`, [workflowId, workspace.rows[0].id, uniqueName("oc_flow")]);
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

const countRows = (table: string) => withClient(holoUrl, async (client) => Number((await client.query(`SELECT count(*) AS n FROM public.${table}`)).rows[0].n));

/** The row of a node's instance for a business date in an instance list. */
const instanceRow = (page: Page, nodeName: string, bizdate: string) =>
  page
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name: nodeName, exact: true }) })
    .filter({ has: page.getByRole("cell", { name: bizdate, exact: true }) });

let daily: Awaited<ReturnType<typeof deployedBankNode>>;
let denied: Awaited<ReturnType<typeof deployedBankNode>>;
let slow: Awaited<ReturnType<typeof deployedBankNode>>;

test.describe.configure({ mode: "serial" });
test.setTimeout(180_000);

test.beforeAll(async () => {
  daily = await deployedBankNode({ prefix: "oc_daily", mbps: 6, time: "02:30", rerun: "allAllowed" });
  denied = await deployedBankNode({ prefix: "oc_denied", mbps: 20, time: "02:40", rerun: "allDenied" });
  // Never scheduled in these days (its validity starts later): only its Test instance runs, slowly enough to stop.
  slow = await deployedBankNode({ prefix: "oc_slow", mbps: 0.4, time: "01:00", rerun: "allAllowed", validFrom: "2031-06-01" });
});

test.afterAll(() => resetSchedulerClock());

test.beforeEach(async ({ page }) => {
  // logIn's steps, with room for the first page after a fresh server start on a busy machine.
  await page.goto("/login");
  await page.getByLabel("User name").fill(e2eSettings.adminUser);
  await page.getByLabel("Password").fill(e2eSettings.adminPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Data Source", exact: true })).toBeVisible({ timeout: 60_000 });
});

test("the scheduler generates a deployed node's instances at 23:30, runs the one whose time has come, and the log opens its run", async ({ page }) => {
  setSchedulerClock(new Date(`${day}T23:30:00Z`));

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Auto Triggered Nodes" }).click();
  await expect(page.getByRole("heading", { name: "Auto Triggered Nodes" })).toBeVisible();
  const nodeRow = page.getByRole("row").filter({ has: page.getByRole("link", { name: daily.nodeName, exact: true }) });
  await expect(nodeRow).toContainText("Every day at 02:30");
  await expect(nodeRow).toContainText("00 30 02 * * ?");
  await expect(nodeRow).toContainText(`${nextDay} 02:30:00`);
  await expect(nodeRow).toContainText("default");
  await expect(nodeRow).toContainText("Normal");
  await snap(page, "operation-center-nodes");

  await nodeRow.getByRole("link", { name: "Instances" }).click();
  await expect(page).toHaveURL(new RegExp(`/operation-center/instances\\?nodeId=${daily.nodeId}`));
  const today = instanceRow(page, daily.nodeName, "2031-03-13");
  const tomorrow = instanceRow(page, daily.nodeName, "2031-03-14");
  // The scheduler generates within a tick of the clock's move; a list shows what was there when it was loaded.
  await expect(async () => {
    await page.reload();
    await expect(tomorrow).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(tomorrow).toContainText("Waiting for time");
  await expect(tomorrow).toContainText(`${nextDay} 02:30:00`);
  await expect(today).toContainText(/Waiting for resources|Running|Succeeded/);
  await expect(today).toContainText("Succeeded", { timeout: 90_000 });
  await expect(today.getByRole("cell").nth(7)).toHaveText("1");
  await expect(page.getByRole("navigation", { name: "Instances per status" }).getByRole("link", { name: "Succeeded: 1" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Instances per status" }).getByRole("link", { name: "Waiting for time: 1" })).toBeVisible();
  expect(await countRows(daily.table)).toBe(40_000);
  await snap(page, "operation-center-instances");

  await today.getByRole("link", { name: "Log" }).click();
  await expect(page).toHaveURL(/\/runs\/[\w-]+$/);
  await expect(page.getByRole("status", { name: "Run status" })).toHaveText("Succeeded");
  await expect(page.getByRole("log", { name: "Run log" })).toContainText("Total records written    : 40000");
});

test("Rerun follows the node's Rerun property: allowed runs attempt 2, Disallow is refused with the reason", async ({ page }) => {
  await page.goto(`/operation-center/instances?bizdate=2031-03-13`);
  const deniedRow = instanceRow(page, denied.nodeName, "2031-03-13");
  await expect(deniedRow).toContainText("Succeeded", { timeout: 90_000 });
  const deniedRerun = deniedRow.getByRole("button", { name: "Rerun", exact: true });
  await expect(deniedRerun).toBeDisabled();
  await expect(deniedRerun).toHaveAttribute("title", 'The node\'s Rerun property is "Disallow Regardless of Running Status".');

  await instanceRow(page, daily.nodeName, "2031-03-13").getByRole("link", { name: daily.nodeName }).click();
  await expect(page.getByRole("status", { name: "Instance status" })).toHaveText("Succeeded");
  await expect(page.getByRole("region", { name: "Parameters" })).toContainText("20310313");
  await expect(page.getByRole("region", { name: "Parameters" })).toContainText("20310314023000");
  await page.getByRole("button", { name: "Rerun", exact: true }).click();
  await expect(page.getByRole("status", { name: "Instance status" })).not.toHaveText("Succeeded");
  await expect(page.getByRole("status", { name: "Instance status" })).toHaveText("Succeeded", { timeout: 90_000 });
  const attempts = page.getByRole("table", { name: "Attempts" }).getByRole("row");
  await expect(attempts).toHaveCount(3);
  await expect(attempts.nth(1)).toContainText("2");
  await expect(attempts.nth(2)).toContainText("1");
  await expect(page.getByRole("region", { name: "Waiting for" })).toContainText("Nothing: it has ended.");
  await page.setViewportSize({ width: 1440, height: 1300 });
  await snap(page, "operation-center-instance");
  await page.setViewportSize({ width: 1440, height: 900 });
  await attempts.nth(1).getByRole("link", { name: "Run 2 log" }).click();
  await expect(page.getByRole("status", { name: "Run status" })).toHaveText("Succeeded");
});

test("Freeze holds an instance past its time; Set to Succeeded releases it; a node freezes and unfreezes", async ({ page }) => {
  await page.goto(`/operation-center/instances?nodeId=${daily.nodeId}&bizdate=2031-03-14`);
  const row = instanceRow(page, daily.nodeName, "2031-03-14");
  await row.getByRole("button", { name: "Freeze" }).click();
  await expect(row).toContainText("Frozen");
  await expect(page.getByRole("navigation", { name: "Instances per status" }).getByRole("link", { name: "Frozen: 1" })).toBeVisible();
  setSchedulerClock(new Date(`${nextDay}T02:35:00Z`));

  await row.getByRole("link", { name: daily.nodeName }).click();
  await expect(page.getByRole("status", { name: "Instance status" })).toHaveText("Frozen");
  await expect(page.getByRole("region", { name: "Waiting for" })).toContainText("Being unfrozen");
  await snap(page, "operation-center-instance-frozen");
  await page.getByRole("button", { name: "Set to Succeeded" }).click();
  const confirm = page.getByRole("dialog", { name: "Set to Succeeded" });
  await expect(confirm).toContainText("2031-03-14");
  await confirm.getByRole("button", { name: "Set to Succeeded" }).click();
  await expect(page.getByRole("status", { name: "Instance status" })).toHaveText("Set to succeeded");
  await expect(page.getByRole("region", { name: "Status", exact: true })).toContainText("Set to succeeded by admin.");
  await expect(page.getByRole("table", { name: "Attempts" })).toHaveCount(0);

  await page.goto("/operation-center/nodes");
  const nodeRow = page.getByRole("row").filter({ has: page.getByRole("link", { name: daily.nodeName, exact: true }) });
  await nodeRow.getByRole("button", { name: "Freeze" }).click();
  await expect(nodeRow.getByText("Frozen", { exact: true })).toBeVisible();
  await expect(nodeRow).toContainText("will be frozen");
  await snap(page, "operation-center-nodes-frozen");
  await nodeRow.getByRole("button", { name: "Unfreeze" }).click();
  await expect(nodeRow.getByRole("button", { name: "Freeze" })).toBeVisible();
  await expect(nodeRow.getByText("Frozen", { exact: true })).toHaveCount(0);
});

test("Test runs a node for a chosen business date; Stop fails it as stopped by the user, and Rerun runs it again", async ({ page }) => {
  await page.goto("/operation-center/nodes");
  const nodeRow = page.getByRole("row").filter({ has: page.getByRole("link", { name: slow.nodeName, exact: true }) });
  await nodeRow.getByRole("button", { name: "Test" }).click();
  const dialog = page.getByRole("dialog", { name: `Test ${slow.nodeName}` });
  // Yesterday in the workspace's time zone, on the scheduler's clock (2031-03-15 02:35).
  await expect(dialog.getByLabel("Business date")).toHaveValue(day);
  await dialog.getByLabel("Business date").fill("2031-03-10");
  await snap(page, "operation-center-test-dialog");
  await dialog.getByRole("button", { name: "Run test" }).click();

  await expect(page).toHaveURL(/\/operation-center\/test-instances\/[\w-]+$/);
  await expect(page.getByText(/Test instance [\w-]+ · scheduled/)).toBeVisible();
  const parameters = page.getByRole("region", { name: "Parameters" });
  await expect(parameters).toContainText("20310310");
  await expect(parameters).toContainText("20310311010000");
  await expect(page.getByRole("status", { name: "Instance status" })).toHaveText("Running", { timeout: 60_000 });
  await page.getByRole("button", { name: "Stop" }).click();
  await page.getByRole("dialog", { name: "Stop" }).getByRole("button", { name: "Stop" }).click();
  await expect(page.getByRole("status", { name: "Instance status" })).toHaveText("Failed");
  await expect(page.getByRole("region", { name: "Status", exact: true })).toContainText("Stopped by admin");
  await expect(page.getByRole("table", { name: "Attempts" }).getByRole("row").nth(1)).toContainText("Cancelled", { timeout: 20_000 });
  await snap(page, "operation-center-test-stopped");

  await page.getByRole("button", { name: "Rerun", exact: true }).click();
  await expect(page.getByRole("status", { name: "Instance status" })).toHaveText(/Waiting|Running/);
  await expect(page.getByRole("status", { name: "Instance status" })).toHaveText("Running", { timeout: 60_000 });

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Test Instances" }).click();
  const row = instanceRow(page, slow.nodeName, "2031-03-10");
  await expect(row).toContainText("Running");
  await expect(row.getByRole("cell").nth(7)).toHaveText("2");
  await snap(page, "operation-center-test-instances");
  await expect(row).toContainText("Succeeded", { timeout: 120_000 });
  expect(await countRows(slow.table)).toBe(40_000);
});
