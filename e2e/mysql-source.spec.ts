import { expect, test } from "@playwright/test";
import mysql from "mysql2/promise";
import pg from "pg";
import { quoteIdentifier } from "@/lib/sync-engine/sql-identifier";
import { logIn, snap, uniqueName } from "./support/console";
import { e2eSettings } from "./support/e2e-settings";
import { chooseResourceGroup, createNode, openStep, pickOption, queryFirstCell, runNode, save, waitForRunStatus } from "./support/wizard";

/**
 * The fourth scenario: a MariaDB table (the local real server, 127.0.0.1:3306) into a
 * partitioned Hologres table, the reader's where on ${bizdate}, the key range split by
 * splitPk, the child partition for the business date created by the writer.
 */

const shopDatabase = `${e2eSettings.databaseName}_shop`;
const bizdate = "20261128";

test.beforeAll(async () => {
  const admin = await mysql.createConnection({ host: "127.0.0.1", port: 3306, user: "root", password: "", multipleStatements: true });
  await admin.query(`DROP DATABASE IF EXISTS \`${shopDatabase}\`; CREATE DATABASE \`${shopDatabase}\` CHARACTER SET utf8mb4; USE \`${shopDatabase}\``);
  await admin.query("CREATE TABLE orders (id BIGINT PRIMARY KEY, buyer VARCHAR(40), amount DECIMAL(12,2), gmt_modified DATE)");
  // 30 days of orders, 200 a day, with gaps in the ids; buyer names in several scripts.
  await admin.query(
    "INSERT INTO orders SELECT seq * 3, CONCAT(ELT(1 + seq % 3, 'Ann', 'Bø', '李雷'), ' ', seq), seq / 7, DATE_ADD('2026-11-01', INTERVAL seq % 30 DAY) FROM seq_1_to_6000",
  );
  await admin.end();
  // The target: partitioned by day, as the guide's holo_test; owned by the demo Hologres role.
  const target = new pg.Client({ connectionString: e2eSettings.holoDatabaseUrl });
  await target.connect();
  await target.query("DROP TABLE IF EXISTS public.orders_by_day CASCADE");
  await target.query("CREATE TABLE public.orders_by_day (id int8, buyer text, amount numeric(12,2), gmt_modified date, ds text NOT NULL) PARTITION BY LIST (ds)");
  await target.query(`ALTER TABLE public.orders_by_day OWNER TO ${quoteIdentifier(e2eSettings.holoRole)}`);
  await target.end();
});

test.beforeEach(async ({ page }) => {
  // Run alone, this spec meets the console just started: its first page (the data source
  // list, with the first database and catalog connections) can take longer than the usual wait.
  await logIn(page).catch(async () => {
    await page.goto("/data-sources");
    await expect(page.getByRole("heading", { name: "Data Source", exact: true })).toBeVisible({ timeout: 60_000 });
  });
});

test("4. a MariaDB table into a partitioned Hologres table, where on ${bizdate}: the child holds that day's orders", async ({ page }) => {
  // The whole guide in one test (data source, node, run, queries): more than the default 90 s on a busy machine.
  test.setTimeout(420_000);
  const name = uniqueName("shop");
  await page.getByRole("button", { name: "New data source" }).click();
  const picker = page.getByRole("dialog", { name: "Add data source" });
  await expect(picker).toContainText("Relational Database");
  await snap(page, "mysql-type-picker");
  await picker.getByRole("link", { name: /MySQL/ }).click();
  await expect(page.getByRole("heading", { name: "Add MySQL data source" })).toBeVisible();
  await page.getByLabel("Data Source Name").fill(name);
  await page.getByLabel("Host").fill("127.0.0.1");
  await page.getByLabel("Port").fill("3306");
  await page.getByLabel("Database Name").fill(shopDatabase);
  await page.getByLabel("User").fill("root");
  await page.getByRole("button", { name: "Test connectivity" }).click();
  await expect(page.getByRole("status")).toContainText("Connectivity test passed");
  await expect(page.getByRole("status")).toContainText("MariaDB");
  await snap(page, "mysql-data-source-form");
  await page.getByRole("button", { name: "Complete" }).click();
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("MySQL");

  await createNode(page, { workflow: "shop", node: "orders_to_holo" });
  await page.getByLabel("Source type").selectOption("mysql");
  await page.getByLabel("Source connection").selectOption(name);
  await pickOption(page, "Source table", "ord", "orders");
  await page.getByLabel("Filter (where)").fill("gmt_modified = '${bizdate}'");
  await page.getByLabel("Shard key (splitPk)").selectOption("id");
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByRole("dialog", { name: "Preview orders" });
  const rows = preview.getByRole("table", { name: "Preview rows" });
  await expect(rows.locator("thead")).toContainText("buyer");
  await expect(rows.locator("thead")).toContainText("decimal(12,2)");
  await expect(rows.locator("tbody tr")).toHaveCount(20);
  await snap(page, "mysql-wizard-preview");
  await preview.getByRole("button", { name: "Close" }).click();

  await page.getByLabel("Target connection").selectOption("holo_demo");
  // A partitioned parent is offered with its kind beside the name.
  const targetTable = page.getByRole("combobox", { name: "Target table" });
  await targetTable.click();
  await targetTable.fill("orders_by");
  await page.getByRole("listbox", { name: "Target table" }).getByRole("option", { name: /^public\.orders_by_day\b/ }).click();
  await expect(targetTable).toHaveValue("public.orders_by_day");
  await page.getByLabel("Target partition ds").fill("${bizdate}");
  await page.getByLabel("Truncate the target partition first").check();
  await snap(page, "mysql-wizard-connections");

  await openStep(page, "Mappings");
  await expect(page.getByRole("list", { name: "Source fields" })).toContainText("gmt_modified");
  await page.getByLabel("Kind of source field").selectOption("parameter");
  await page.getByLabel("Parameter name").fill("bizdate");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await page.getByRole("button", { name: "Map Fields in the Same Line" }).click();
  await expect(page.getByText("5 of 5 target fields mapped")).toBeVisible();
  await snap(page, "mysql-wizard-mappings");

  await openStep(page, "Channel");
  await page.getByLabel("Expected Maximum Concurrency").selectOption("3");
  await page.getByLabel("Verify after writing").selectOption("checksum");
  await chooseResourceGroup(page);
  await save(page);

  await runNode(page, { bizdate: `${bizdate.slice(0, 4)}-${bizdate.slice(4, 6)}-${bizdate.slice(6, 8)}` });
  await waitForRunStatus(page, "Succeeded");
  await expect(page.getByRole("status", { name: "Verification" })).toContainText("Verified: 200 rows, checksums equal.");
  await snap(page, "mysql-run-succeeded");
  expect(await queryFirstCell(page, `SELECT count(*) FROM public.orders_by_day_${bizdate}`)).toBe("200");
  expect(await queryFirstCell(page, `SELECT count(*) FROM public.orders_by_day WHERE gmt_modified <> DATE '2026-11-28' OR ds <> '${bizdate}'`)).toBe("0");
  expect(await queryFirstCell(page, "SELECT sum(amount)::text FROM public.orders_by_day")).toBe(await sourceSum());
  await snap(page, "mysql-query-result");
});

async function sourceSum(): Promise<string> {
  const admin = await mysql.createConnection({ host: "127.0.0.1", port: 3306, user: "root", password: "", database: shopDatabase });
  const [rows] = await admin.query("SELECT CAST(SUM(amount) AS CHAR) AS s FROM orders WHERE gmt_modified = '2026-11-28'");
  await admin.end();
  return (rows as Array<{ s: string }>)[0]!.s;
}
