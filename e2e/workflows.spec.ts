import { expect, test } from "@playwright/test";
import { logIn, snap, uniqueName } from "./support/console";

test("create a workflow and a batch sync node in it, as in the guide's step 4", async ({ page }) => {
  await logIn(page);
  await page.getByRole("link", { name: "Sync Nodes" }).click();
  await snap(page, "workflows-empty");
  const workflow = uniqueName("sales");
  const node = uniqueName("bank_node");
  await page.getByRole("button", { name: "+ Workflow" }).click();
  await page.getByLabel("Workflow Name").fill(workflow);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page.getByRole("list", { name: "Workflows and nodes" })).toContainText(workflow);

  await page.getByRole("button", { name: "New Batch Sync Node" }).click();
  const dialog = page.getByRole("dialog", { name: "Create Node" });
  await expect(dialog.getByLabel("Node Type")).toHaveValue("batch_sync");
  await dialog.getByLabel("Node Name").fill("2bad");
  await dialog.getByLabel("Location").selectOption({ label: `Workflows / ${workflow}` });
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Node Name may use only the letters A-Z and a-z, digits and underscores, and must start with a letter (like sales_2024).");
  await dialog.getByLabel("Node Name").fill(node);
  await snap(page, "create-node-dialog");
  await dialog.getByRole("button", { name: "Confirm" }).click();

  await expect(page.getByRole("heading", { name: node })).toBeVisible();
  await expect(page.getByRole("list", { name: "Wizard steps" })).toContainText("Connections");
  await expect(page.getByRole("list", { name: "Wizard steps" })).toContainText("Mappings");
  await expect(page.getByRole("list", { name: "Wizard steps" })).toContainText("Channel");
  await expect(page.getByRole("link", { name: node })).toHaveAttribute("aria-current", "page");
  await snap(page, "sync-node");

  // The same name twice in one workflow is refused, also when it differs only in case.
  await page.getByRole("button", { name: "New Batch Sync Node" }).click();
  await dialog.getByLabel("Node Name").fill(node.toUpperCase());
  await dialog.getByLabel("Location").selectOption({ label: `Workflows / ${workflow}` });
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog.getByRole("alert")).toContainText(`A node named "${node}" already exists in this workflow (names are compared without case`);
  await snap(page, "create-node-name-case");
});

test("a node is deleted from the tree after confirming", async ({ page }) => {
  await logIn(page);
  await page.goto("/workflows");
  const workflow = uniqueName("cleanup");
  await page.getByRole("button", { name: "+ Workflow" }).click();
  await page.getByLabel("Workflow Name").fill(workflow);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await page.getByRole("button", { name: "New Batch Sync Node" }).click();
  const dialog = page.getByRole("dialog", { name: "Create Node" });
  await dialog.getByLabel("Node Name").fill("short_lived");
  await dialog.getByLabel("Location").selectOption({ label: `Workflows / ${workflow}` });
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByRole("heading", { name: "short_lived" })).toBeVisible();
  await page.getByRole("link", { name: "short_lived" }).hover();
  await page.getByRole("button", { name: "Delete node short_lived" }).click();
  await page.getByRole("dialog", { name: "Delete node short_lived?" }).getByRole("button", { name: "Delete node" }).click();
  await expect(page).toHaveURL(/\/workflows$/);
  await expect(page.getByRole("link", { name: "short_lived" })).toHaveCount(0);
});
