import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { logIn, snap, uniqueName } from "./support/console";
import { e2eSettings } from "./support/e2e-settings";

const holoUrl = process.env.SYNCLANE_E2E_HOLO_DATABASE_URL ?? e2eSettings.holoDatabaseUrl;

async function typeSql(page: Page, sql: string) {
  const editor = page.locator('[data-editor="sql"] .cm-content');
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  await editor.pressSequentially(sql);
}

test("query a partitioned table's child in Hologres, read-only, with the limits stated", async ({ page }) => {
  const parent = uniqueName("e2e_sales");
  const client = new pg.Client({ connectionString: holoUrl });
  await client.connect();
  await client.query(`SET ROLE ${e2eSettings.holoRole}`);
  await client.query(`CREATE TABLE public.${parent} (shop_name text, total_price int4, sale_date text) PARTITION BY LIST (sale_date)`);
  await client.query(`CREATE TABLE public.${parent}_20261123 PARTITION OF public.${parent} FOR VALUES IN ('20261123')`);
  await client.query(`CREATE TABLE public.${parent}_20261124 PARTITION OF public.${parent} FOR VALUES IN ('20261124')`);
  await client.query(`INSERT INTO public.${parent} VALUES ('shop_a', 10, '20261123'), ('shop_b', 20, '20261123'), ('shop_c', 30, '20261124')`);
  await client.end();

  await logIn(page);
  await page.getByRole("link", { name: "Query" }).click();
  await expect(page.getByRole("heading", { name: "Query" })).toBeVisible();
  await page.getByLabel("Hologres data source").selectOption({ label: "holo_demo" });
  await expect(page.getByText("READ ONLY transaction")).toContainText("at most 1,000 rows");
  const tables = page.getByRole("list", { name: "Tables" });
  await expect(tables).toContainText(`public.${parent}`);
  await page.getByRole("button", { name: `Expand public.${parent}` }).click();
  const children = page.getByRole("list", { name: `Child tables of public.${parent}` });
  await expect(children).toContainText(`public.${parent}_20261123`);
  await expect(children).toContainText(`public.${parent}_20261124`);

  await children.getByRole("button", { name: new RegExp(`${parent}_20261123`) }).click();
  await expect(page.locator('[data-editor="sql"]')).toContainText(`SELECT * FROM public.${parent}_20261123 LIMIT 100`);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const result = page.getByRole("table", { name: "Query result" });
  await expect(result.getByRole("row")).toHaveCount(3);
  await expect(result).toContainText("shop_a");
  await expect(result).not.toContainText("shop_c");
  await expect(result.getByRole("columnheader").first()).toContainText("shop_name");
  await expect(result.getByRole("columnheader").first()).toContainText("text");
  await expect(page.getByRole("status")).toContainText("2 rows");
  await snap(page, "query-page-result");

  await typeSql(page, `SELECT count(*) AS n FROM public.${parent}`);
  await page.keyboard.press("ControlOrMeta+Enter");
  await expect(result.getByRole("cell")).toHaveText("3");

  await typeSql(page, `DELETE FROM public.${parent}`);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText('Only read-only statements run here (SELECT, WITH, VALUES, TABLE, SHOW, EXPLAIN). "DELETE" can change data or the schema');
  await snap(page, "query-page-refused");
});
