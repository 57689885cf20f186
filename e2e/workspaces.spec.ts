import { expect, test } from "@playwright/test";
import { logIn, snap, uniqueName } from "./support/console";

test("a basic-mode workspace hides Applicable environment; the switcher changes workspace", async ({ page }) => {
  await logIn(page);
  await page.getByRole("link", { name: "Workspaces" }).click();
  // Named after "demo", which the other specs expect to be the first workspace.
  const name = uniqueName("team");
  await page.getByLabel("Workspace Name").fill(name);
  await page.getByLabel("Display Name").fill(`Team ${name}`);
  await page.getByLabel("Basic mode").check();
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByLabel("Workspace", { exact: true }).locator("option:checked")).toHaveText(`Team ${name} (basic mode)`);
  await expect(page.getByText("No data sources yet")).toBeVisible();
  await snap(page, "data-sources-empty");

  await page.goto("/data-sources/new/holo");
  await expect(page.getByLabel("Data Source Name")).toBeVisible();
  await expect(page.getByText("Applicable environment")).toHaveCount(0);

  await page.goto("/workspaces");
  await snap(page, "workspaces");
  const options = page.getByLabel("Workspace", { exact: true }).locator("option");
  const demo = await options.filter({ hasText: "Demo workspace" }).getAttribute("value");
  await page.getByLabel("Workspace", { exact: true }).selectOption(demo!);
  // The switch is a server action: the page marks the new current workspace once it is done.
  await expect(page.getByRole("row").filter({ hasText: "Demo workspace" })).toContainText("current");
  await page.goto("/data-sources");
  await expect(page.getByRole("row").filter({ hasText: "odps_first" })).toBeVisible();
  await page.goto("/data-sources/new/holo");
  await expect(page.getByText("Applicable environment")).toBeVisible();
});
