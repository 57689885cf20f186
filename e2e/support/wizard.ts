import { expect, type Page } from "@playwright/test";
import { snap } from "./console";

/** Creates a workflow (when given) and a batch sync node, and opens the node's page. */
export async function createNode(page: Page, { workflow, node }: { workflow: string; node: string }) {
  await page.goto("/workflows");
  const tree = page.getByRole("list", { name: "Workflows and nodes" });
  if (!(await tree.getByText(workflow, { exact: true }).count())) {
    await page.getByRole("button", { name: "+ Workflow" }).click();
    await page.getByLabel("Workflow Name").fill(workflow);
    await page.getByRole("button", { name: "Create", exact: true }).click();
    await expect(tree).toContainText(workflow);
  }
  await page.getByRole("button", { name: "New Batch Sync Node" }).click();
  const dialog = page.getByRole("dialog", { name: "Create Node" });
  await dialog.getByLabel("Node Name").fill(node);
  await dialog.getByLabel("Location").selectOption({ label: `Workflows / ${workflow}` });
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByRole("heading", { name: node })).toBeVisible();
}

export async function pickOption(page: Page, label: string, search: string, option: string) {
  const box = page.getByRole("combobox", { name: label });
  await box.click();
  await box.fill(search);
  await page.getByRole("listbox", { name: label }).getByRole("option", { name: option, exact: true }).click();
  await expect(box).toHaveValue(option);
}

export async function chooseSource(page: Page, table: string) {
  await page.getByLabel("Source connection").selectOption("odps_first");
  await pickOption(page, "Source table", table.slice(0, 4), table);
}

/** Create Table from the wizard: optionally edits the generated DDL, runs it, and checks it got selected. */
export async function createTargetTable(page: Page, { name, editDdl, screenshot }: { name: string; editDdl?: (ddl: string) => string; screenshot?: string }) {
  await page.getByLabel("Target connection").selectOption("holo_demo");
  await page.getByRole("button", { name: "Create Table" }).click();
  const dialog = page.getByRole("dialog", { name: "Create Table" });
  await dialog.getByLabel("Table name").fill(name);
  const editor = dialog.locator(".cm-content");
  await expect(editor).toContainText(`CREATE TABLE`);
  await expect(editor).toContainText(name);
  if (editDdl) {
    const ddl = editDdl(await editor.innerText());
    await editor.click();
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    await page.keyboard.insertText(ddl);
  }
  if (screenshot) await snap(page, screenshot);
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("combobox", { name: "Target table" })).toHaveValue(`public.${name}`);
}

export async function openStep(page: Page, step: "Connections" | "Mappings" | "Channel") {
  await page.getByRole("list", { name: "Wizard steps" }).getByRole("button", { name: step }).click();
}

export async function chooseResourceGroup(page: Page, name = "default") {
  await page.getByRole("navigation", { name: "Side panels" }).getByRole("button", { name: "Resource Group configuration" }).click();
  const select = page.getByLabel("Exclusive Resource Groups");
  const value = await select.locator("option").filter({ hasText: new RegExp(`^${name} \\(`) }).getAttribute("value");
  await select.selectOption(value!);
}

export async function save(page: Page) {
  await page.getByRole("toolbar", { name: "Node toolbar" }).getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Saved as version \d+/ })).toBeVisible();
}

/** Run from the toolbar; fills the parameters given; ends on the run page. */
export async function runNode(page: Page, parameters: Record<string, string> = {}) {
  await page.getByRole("toolbar", { name: "Node toolbar" }).getByRole("button", { name: "Run" }).click();
  const dialog = page.getByRole("dialog", { name: "Run the node" });
  for (const [name, value] of Object.entries(parameters)) await dialog.getByLabel(name, { exact: true }).fill(value);
  await dialog.getByRole("button", { name: "Run" }).click();
  await expect(page).toHaveURL(/\/runs\/[a-z0-9]+$/);
}

export async function waitForRunStatus(page: Page, status: "Succeeded" | "Failed" | "Cancelled" | "Running", timeout = 120_000) {
  await expect(page.getByRole("status", { name: "Run status" })).toHaveText(status, { timeout });
}

/** Runs SQL on the Query page against holo_demo and returns the first cell. */
export async function queryFirstCell(page: Page, sql: string): Promise<string> {
  await page.goto("/query");
  await page.getByLabel(/data source/i).first().selectOption({ label: "holo_demo" });
  const editor = page.locator(".cm-content").first();
  await editor.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(sql);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const result = page.getByRole("table", { name: "Query result" });
  await expect(result).toBeVisible();
  return (await result.locator("tbody tr").first().locator("td").first().innerText()).trim();
}
