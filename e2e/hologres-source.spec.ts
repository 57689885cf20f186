import { expect, test } from "@playwright/test";
import pg from "pg";
import { quoteIdentifier } from "@/lib/sync-engine/sql-identifier";
import { logIn, snap, uniqueName } from "./support/console";
import { e2eSettings } from "./support/e2e-settings";
import { chooseResourceGroup, createNode, createTargetTable, openStep, pickOption, queryFirstCell, runNode, save, waitForRunStatus } from "./support/wizard";

/**
 * Hologres as a source (DataWorks offers a Hologres table read back): a table of the demo
 * Hologres database copied into a new table of the same database, the target made with
 * Create Table from the source's columns, read by three channels split on its key. A
 * PostgreSQL data source is added through its form on the way and offered as a source.
 */

const sourceTable = "public.orders_history";

test.beforeAll(async () => {
  const holo = new pg.Client({ connectionString: e2eSettings.holoDatabaseUrl });
  await holo.connect();
  await holo.query("DROP TABLE IF EXISTS public.orders_history, public.orders_history_copy, public.orders_by_buyer CASCADE");
  await holo.query(`CREATE TABLE ${sourceTable} (id int8 PRIMARY KEY, buyer varchar(40), amount numeric(12,2), paid boolean, created_at timestamptz, note jsonb)`);
  await holo.query("COMMENT ON COLUMN public.orders_history.amount IS 'order total, yuan'");
  // 3,000 orders with gaps in the ids; buyer names in several scripts, fractions of seconds.
  await holo.query(
    `INSERT INTO ${sourceTable} SELECT g * 3, (ARRAY['Ann', 'Bø', '李雷'])[1 + g % 3] || ' ' || g, g / 7.0, g % 4 = 0,
       timestamptz '2026-11-01 00:00:00+00' + g * interval '61.5 seconds', jsonb_build_object('g', g) FROM generate_series(1, 3000) g`,
  );
  await holo.query(`ALTER TABLE ${sourceTable} OWNER TO ${quoteIdentifier(e2eSettings.holoRole)}`);
  await holo.end();
});

test.beforeEach(async ({ page }) => {
  // Run alone, this spec meets the console just started: its first page can take longer than the usual wait.
  await logIn(page).catch(async () => {
    await page.goto("/data-sources");
    await expect(page.getByRole("heading", { name: "Data Source", exact: true })).toBeVisible({ timeout: 60_000 });
  });
});

test("5. a Hologres table into a new Hologres table made with Create Table: every row after id 1500, three channels", async ({ page }) => {
  test.setTimeout(420_000);
  const pgName = uniqueName("pg_wh");
  await page.getByRole("button", { name: "New data source" }).click();
  const picker = page.getByRole("dialog", { name: "Add data source" });
  await picker.getByRole("link", { name: /PostgreSQL Read tables/ }).click();
  await expect(page.getByRole("heading", { name: "Add PostgreSQL data source" })).toBeVisible();
  await page.getByLabel("Data Source Name").fill(pgName);
  await page.getByLabel("Host").fill("127.0.0.1");
  await page.getByLabel("Port").fill("5432");
  await page.getByLabel("Database Name").fill(e2eSettings.holoDatabaseName);
  await page.getByLabel("User").fill("postgres");
  await page.getByRole("button", { name: "Test connectivity" }).click();
  await expect(page.getByRole("status")).toContainText("Connectivity test passed");
  await expect(page.getByRole("status")).toContainText("PostgreSQL");
  await snap(page, "postgresql-data-source-form");
  await page.getByRole("button", { name: "Complete" }).click();
  await expect(page.getByRole("row").filter({ hasText: pgName })).toContainText("PostgreSQL");

  await createNode(page, { workflow: "holo_copies", node: "orders_history_copy" });
  const sourceType = page.getByLabel("Source type");
  await expect(sourceType.locator("option")).toHaveText(["MaxCompute (ODPS)", "MySQL", "PostgreSQL", "Hologres"]);
  // A PostgreSQL source offers PostgreSQL data sources only; Hologres the Hologres ones.
  await sourceType.selectOption({ label: "PostgreSQL" });
  await expect(page.getByLabel("Source connection").locator("option", { hasText: pgName })).toHaveCount(1);
  await sourceType.selectOption({ label: "Hologres" });
  await expect(page.getByLabel("Source connection").locator("option", { hasText: pgName })).toHaveCount(0);
  await page.getByLabel("Source connection").selectOption("holo_demo");
  await pickOption(page, "Source table", "orders_hist", sourceTable);
  await page.getByLabel("Filter (where)").fill("id > 1500");
  await expect(page.getByLabel("Shard key (splitPk)").locator("option").nth(1)).toHaveText("id");
  await page.getByLabel("Shard key (splitPk)").selectOption("id");
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByRole("dialog", { name: `Preview ${sourceTable}` });
  const rows = preview.getByRole("table", { name: "Preview rows" });
  // The source's own types, as the Hologres user knows them.
  await expect(rows.locator("thead")).toContainText("numeric(12,2)");
  await expect(rows.locator("thead")).toContainText("timestamp with time zone");
  await expect(rows.locator("tbody tr")).toHaveCount(20);
  await expect(rows.locator("tbody tr").first().locator("td").first()).toHaveText("1503");
  await snap(page, "hologres-source-preview");
  await preview.getByRole("button", { name: "Close" }).click();

  await createTargetTable(page, {
    name: "orders_history_copy",
    screenshot: "hologres-source-create-table",
    editDdl: (ddl) => {
      // The proposal keeps the source's key and maps each type as the README says.
      expect(ddl).toContain('"amount" numeric(12,2)');
      expect(ddl).toContain('"created_at" timestamptz');
      expect(ddl).toContain('"note" jsonb');
      expect(ddl).toContain('PRIMARY KEY ("id")');
      return ddl;
    },
  });
  await expect(page.getByRole("radiogroup", { name: "Write conflict strategy" })).toBeVisible();
  await snap(page, "hologres-source-connections");

  await openStep(page, "Mappings");
  await page.getByRole("button", { name: "Map Fields with the Same Name" }).click();
  await expect(page.getByText("6 of 6 target fields mapped")).toBeVisible();
  await expect(page.getByRole("list", { name: "Source fields" })).toContainText("jsonb");
  await snap(page, "hologres-source-mappings");

  await openStep(page, "Channel");
  await page.getByLabel("Expected Maximum Concurrency").selectOption("3");
  await page.getByLabel("Verify after writing").selectOption("checksum");
  await chooseResourceGroup(page);
  await save(page);

  await runNode(page);
  await waitForRunStatus(page, "Succeeded");
  await expect(page.getByRole("status", { name: "Verification" })).toContainText("Verified: 2,500 rows, checksums equal.");
  await snap(page, "hologres-source-run-succeeded");
  expect(await queryFirstCell(page, "SELECT count(*) FROM public.orders_history_copy")).toBe("2500");
  expect(
    await queryFirstCell(
      page,
      "SELECT count(*) FROM public.orders_history s FULL JOIN public.orders_history_copy c USING (id) WHERE s.id > 1500 AND (c.id IS NULL OR (s.buyer, s.amount, s.paid, s.created_at, s.note) IS DISTINCT FROM (c.buyer, c.amount, c.paid, c.created_at, c.note)) OR s.id IS NULL",
    ),
  ).toBe("0");
  await snap(page, "hologres-source-query");
});

test("5b. a querySql's result into a table made with Create Table from the query's columns", async ({ page }) => {
  test.setTimeout(300_000);
  await createNode(page, { workflow: "holo_copies", node: "orders_by_buyer" });
  await page.getByLabel("Source type").selectOption({ label: "Hologres" });
  await page.getByLabel("Source connection").selectOption("holo_demo");
  await page
    .getByLabel("querySql")
    .fill(`SELECT split_part(buyer, ' ', 1) AS buyer_name, sum(amount) AS total, count(*) AS orders FROM ${sourceTable} GROUP BY 1`);
  await createTargetTable(page, {
    name: "orders_by_buyer",
    screenshot: "hologres-source-create-table-from-query",
    editDdl: (ddl) => {
      // The columns the query returns, typed as PostgreSQL describes them; a query has no key.
      expect(ddl).toContain('"buyer_name" text');
      expect(ddl).toContain('"total" numeric');
      expect(ddl).toContain('"orders" int8');
      expect(ddl).not.toContain("PRIMARY KEY");
      return ddl;
    },
  });
  await openStep(page, "Mappings");
  await page.getByRole("button", { name: "Map Fields with the Same Name" }).click();
  await expect(page.getByText("3 of 3 target fields mapped")).toBeVisible();
  await openStep(page, "Channel");
  await chooseResourceGroup(page);
  await save(page);
  await runNode(page);
  await waitForRunStatus(page, "Succeeded");
  // 3,000 orders of three buyers: three rows, their totals equal to the source's.
  expect(
    await queryFirstCell(
      page,
      `SELECT count(*) || ' rows, ' || count(*) FILTER (WHERE c.total = s.total AND c.orders = s.orders) || ' equal' FROM public.orders_by_buyer c JOIN (SELECT split_part(buyer, ' ', 1) AS buyer_name, sum(amount) AS total, count(*) AS orders FROM ${sourceTable} GROUP BY 1) s USING (buyer_name)`,
    ),
  ).toBe("3 rows, 3 equal");
});
