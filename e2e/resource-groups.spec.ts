import { expect, test } from "@playwright/test";
import { logIn, snap, uniqueName } from "./support/console";

test.beforeEach(async ({ page }) => {
  await logIn(page);
  await page.getByRole("link", { name: "Resource Groups" }).click();
  await expect(page.getByRole("heading", { name: "Resource Groups" })).toBeVisible();
});

test("the default group has the worker npm start runs, and a connectivity test runs on it", async ({ page }) => {
  const row = page.getByRole("row").filter({ hasText: "default" }).first();
  await expect(row).toContainText("1 online");
  await expect(row).toContainText("heartbeat");
  await snap(page, "resource-groups-list");

  await page.getByRole("button", { name: "Test connectivity from default" }).click();
  const dialog = page.getByRole("dialog", { name: "Test connectivity from default" });
  await dialog.getByLabel("Data source").selectOption({ label: "holo_demo (Hologres)" });
  await dialog.getByRole("button", { name: "Test connectivity" }).click();
  await expect(dialog.getByRole("status")).toContainText("Connected", { timeout: 25_000 });
  await expect(dialog.getByRole("status")).toContainText("from worker");
  await snap(page, "resource-group-connectivity");
});

test("create an exclusive resource group with the guide's rules, edit its slots, and see that it has no worker", async ({ page }) => {
  const name = uniqueName("e2e_group");
  await page.getByRole("button", { name: "Create an exclusive data integration resource group" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Create an exclusive data integration resource group" });
  await dialog.getByLabel("Resource Group Name").fill("9groups");
  await dialog.getByLabel("Slots").fill("40");
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog.getByText("Resource Group Name may use only the letters A-Z and a-z, digits and underscores, and must start with a letter (like sales_2024).")).toBeVisible();
  await expect(dialog.getByText("Slots must be at most 32.")).toBeVisible();
  await dialog.getByLabel("Resource Group Name").fill(name);
  await dialog.getByLabel("Slots").fill("3");
  await dialog.getByLabel("Description").fill("Nightly syncs of the sales team");
  await snap(page, "resource-group-create");
  await dialog.getByRole("button", { name: "Create" }).click();

  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("No worker");
  await expect(row).toContainText(`npm run worker -- --group ${name}`);
  await expect(row.getByRole("cell").nth(1)).toHaveText("3");

  await page.getByRole("button", { name: `Edit ${name}` }).click();
  const edit = page.getByRole("dialog", { name: `Edit resource group ${name}` });
  await edit.getByLabel("Slots").fill("5");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(row.getByRole("cell").nth(1)).toHaveText("5");

  await page.getByRole("button", { name: `Test connectivity from ${name}` }).click();
  const check = page.getByRole("dialog", { name: `Test connectivity from ${name}` });
  await check.getByRole("button", { name: "Test connectivity" }).click();
  await expect(check.getByRole("alert")).toContainText(`No worker of resource group "${name}" is online`);
  await snap(page, "resource-group-no-worker");
});
