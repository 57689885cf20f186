import { expect, test } from "@playwright/test";
import { logIn, snap, uniqueName } from "./support/console";
import { e2eSettings } from "./support/e2e-settings";

test.beforeEach(async ({ page }) => {
  await logIn(page);
});

test("the demo data sources are listed with type and environments", async ({ page }) => {
  const rows = page.getByRole("row");
  await expect(rows.filter({ hasText: "odps_first" })).toContainText("MaxCompute (ODPS)");
  await expect(rows.filter({ hasText: "holo_demo" })).toContainText("Hologres");
  await expect(rows.filter({ hasText: "holo_demo" })).toContainText("Production");
  await snap(page, "data-sources-list");
});

test("a Hologres data source as in the guide's step 2, tested and saved, never shows its secret", async ({ page, request }) => {
  const name = uniqueName("holo_guide");
  const secret = "Guide-Step2-Secret-Value";
  await page.getByRole("button", { name: "New data source" }).click();
  await expect(page.getByRole("dialog", { name: "Add data source" })).toContainText("Big Data Storage");
  await snap(page, "data-source-type-picker");
  await page.getByRole("link", { name: /Hologres/ }).click();
  await expect(page.getByRole("heading", { name: "Add Hologres data source" })).toBeVisible();
  await page.getByLabel("Connection string mode").check();
  await page.getByLabel("Data Source Name").fill(name);
  await page.getByLabel("Description").fill("Local Hologres stand-in");
  await expect(page.getByLabel("Development", { exact: true })).toBeChecked();
  await expect(page.getByLabel("Production", { exact: true })).toBeChecked();
  await page.getByLabel("Host").fill("127.0.0.1");
  await page.getByLabel("Port").fill("5432");
  await page.getByLabel("Database Name").fill(new URL(e2eSettings.holoDatabaseUrl).pathname.slice(1));
  await page.getByLabel("User").fill("postgres");
  await page.getByLabel("Password").fill(secret);
  await page.getByRole("button", { name: "Test connectivity" }).click();
  await expect(page.getByRole("status")).toContainText("Connectivity test passed");
  await expect(page.getByRole("status")).toContainText("PostgreSQL");
  await snap(page, "data-source-hologres-form");
  await page.getByRole("button", { name: "Complete" }).click();

  await expect(page.getByRole("heading", { name: "Data Source", exact: true })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toBeVisible();
  await row.getByRole("button", { name: "Test connectivity" }).click();
  await expect(row).toContainText("Connected");
  // postgres is the cluster's superuser: the row says what that means for Pre-SQL and Query.
  await expect(row).toContainText("Privileged user");
  await snap(page, "data-sources-list-warning");
  expect(await page.content()).not.toContain(secret);

  await row.getByRole("link", { name: "Edit" }).click();
  await expect(page.getByText("A secret is stored.")).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveValue("");
  await expect(page.getByText(/This user can do anything on the server/)).toBeVisible();
  expect(await page.content()).not.toContain(secret);
  // The raw server response (HTML and the React payload in it) carries no secret either.
  const html = await (await request.get(page.url(), { headers: { cookie: (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ") } })).text();
  expect(html).toContain(name);
  expect(html).not.toContain(secret);
  await snap(page, "data-source-edit");
});

test("the guide's name and description rules show errors next to their fields", async ({ page }) => {
  await page.goto("/data-sources/new/holo");
  await page.getByLabel("Connection string mode").check();
  await page.getByLabel("Data Source Name").fill("1holo");
  await page.getByLabel("Description").fill("x".repeat(81));
  await page.getByRole("button", { name: "Complete" }).click();
  await expect(page.locator("#name-error")).toHaveText("Data Source Name may use only the letters A-Z and a-z, digits and underscores, and must start with a letter (like sales_2024).");
  await expect(page.locator("#description-error")).toHaveText("Description must be at most 80 characters.");
  await expect(page.locator("#host-error")).toHaveText("Host is required.");
  await snap(page, "data-source-errors");
});

test("a duplicate name is refused with a message that says so", async ({ page }) => {
  await page.goto("/data-sources/new/holo");
  await page.getByLabel("Connection string mode").check();
  await page.getByLabel("Data Source Name").fill("holo_demo");
  await page.getByLabel("Host").fill("127.0.0.1");
  await page.getByLabel("Port").fill("5432");
  await page.getByLabel("Database Name").fill(e2eSettings.holoDatabaseName);
  await page.getByLabel("User").fill("postgres");
  await page.getByRole("button", { name: "Complete" }).click();
  await expect(page.locator("#name-error")).toHaveText(
    'A data source named "holo_demo" already exists in this workspace. Choose another name.',
  );
});

test("a MaxCompute data source as in the guide's step 3 connects to the local service", async ({ page }) => {
  const name = uniqueName("odps_guide");
  await page.getByRole("button", { name: "New data source" }).click();
  await page.getByRole("link", { name: /MaxCompute \(ODPS\)/ }).click();
  // Until the form is there, "Data Source Name" would also match the list's search box.
  await expect(page.getByRole("heading", { name: "Add MaxCompute (ODPS) data source" })).toBeVisible();
  await page.getByLabel("Data Source Name").fill(name);
  await page.getByLabel("Data source description").fill("The guide's MaxCompute project");
  await page.getByLabel("ODPS Endpoint").fill(`http://127.0.0.1:${e2eSettings.maxComputePort}/api`);
  await page.getByLabel("ODPS project name").fill("synclane_demo");
  await page.getByLabel("AccessKey ID").fill("LTAIwrongkey");
  await page.getByLabel("AccessKey Secret").fill("wrong-secret-value");
  await page.getByRole("button", { name: "Test connectivity" }).click();
  await expect(page.getByRole("status")).toContainText("Connectivity test failed");
  await expect(page.getByRole("status")).toContainText("LTAIwrongkey");
  await expect(page.getByRole("status")).not.toContainText("wrong-secret-value");
  await snap(page, "data-source-maxcompute-form");
  await page.getByRole("button", { name: "Complete" }).click();
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("MaxCompute (ODPS)");

  // The demo data source holds the local service's real AccessKey pair.
  const demo = page.getByRole("row").filter({ hasText: "odps_first" });
  await demo.getByRole("button", { name: "Test connectivity" }).click();
  await expect(demo).toContainText("Connected");
  await expect(demo).toContainText(/project synclane_demo: \d+ tables? visible/);
});

test("search by name and filter by type", async ({ page }) => {
  await page.getByLabel("Search by data source name").fill("odps_fi");
  await page.getByRole("button", { name: "Search" }).click();
  // By the name cell: a privileged data source's warning may name the database holo_demo.
  const named = (name: string) => page.getByRole("cell", { name, exact: true });
  await expect(named("odps_first")).toBeVisible();
  await expect(named("holo_demo")).toHaveCount(0);
  await page.goto("/data-sources?type=holo");
  await expect(named("holo_demo")).toBeVisible();
  await expect(named("odps_first")).toHaveCount(0);
});

test("in standard mode Production can have connection settings of its own", async ({ page }) => {
  const name = uniqueName("holo_envs");
  await page.goto("/data-sources/new/holo");
  await page.getByLabel("Connection string mode").check();
  await page.getByLabel("Data Source Name").fill(name);
  await page.getByLabel("Host").fill("127.0.0.1");
  await page.getByLabel("Port").fill("5432");
  await page.getByLabel("Database Name").fill(new URL(e2eSettings.holoDatabaseUrl).pathname.slice(1));
  await page.getByLabel("User").fill("postgres");
  await page.getByLabel("Production uses different connection settings").check();
  const production = page.getByRole("region", { name: "Production configuration" });
  await expect(production.getByLabel("Host")).toHaveValue("127.0.0.1");
  await production.getByLabel("Database Name").fill("postgres");
  await page.getByRole("button", { name: "Test connectivity" }).click();
  await expect(page.getByRole("status")).toContainText("Connectivity test passed");
  await expect(page.getByRole("status")).toContainText("Development: Connected");
  await expect(page.getByRole("status")).toContainText("Production: Connected");
  await snap(page, "data-source-production-settings");
  await page.getByRole("button", { name: "Complete" }).click();

  const row = page.getByRole("row").filter({ hasText: name });
  await row.getByRole("link", { name: "Edit" }).click();
  await expect(page.getByLabel("Production uses different connection settings")).toBeChecked();
  await expect(page.getByRole("region", { name: "Production configuration" }).getByLabel("Database Name")).toHaveValue("postgres");
  await expect(page.locator("#database")).toHaveValue(new URL(e2eSettings.holoDatabaseUrl).pathname.slice(1));
});
