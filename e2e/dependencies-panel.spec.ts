import { expect, test, type Page } from "@playwright/test";
import { logIn, snap, uniqueName } from "./support/console";
import { chooseResourceGroup, chooseSource, createNode, createTargetTable, openStep, save } from "./support/wizard";

test.beforeEach(async ({ page }) => {
  await logIn(page);
});

const toolbarButton = (page: Page, name: string) => page.getByRole("toolbar", { name: "Node toolbar" }).getByRole("button", { name, exact: true });

test("add outputs and a parent by output name in Properties, save, and see Commit refuse a parent no deployed node outputs", async ({ page }) => {
  test.setTimeout(240_000);
  const node = uniqueName("deps_node");
  const table = uniqueName("deps_bank");
  await createNode(page, { workflow: "dependencies", node });
  await chooseSource(page, "bank_data");
  await createTargetTable(page, { name: table });
  await openStep(page, "Mappings");
  await expect(page.getByRole("list", { name: "Source fields" })).toContainText("emp_var_rate");
  await expect(page.getByText("0 of 21 target fields mapped")).toBeVisible();
  await page.getByRole("button", { name: "Map Fields with the Same Name" }).click();
  await expect(page.getByText("21 of 21 target fields mapped")).toBeVisible();
  await chooseResourceGroup(page);

  await page.getByRole("navigation", { name: "Side panels" }).getByRole("button", { name: "Properties" }).click();
  const properties = page.getByRole("complementary", { name: "Properties" });
  const outputs = properties.getByRole("list", { name: "Outputs" });
  await expect(properties.getByLabel("Output (fixed)")).toHaveValue(/^\w+\.\w+_out$/);
  const nameOutput = await outputs.getByRole("textbox").nth(1).inputValue();
  expect(nameOutput).toMatch(new RegExp(`^\\w+\\.${node}$`));
  const workspace = nameOutput.slice(0, nameOutput.indexOf("."));

  await properties.getByRole("button", { name: "Add target table as output" }).click();
  await expect(outputs.getByRole("textbox")).toHaveCount(3);
  await expect(outputs.getByRole("textbox").nth(2)).toHaveValue(`${workspace}.${table}`);
  await expect(properties.getByRole("button", { name: "Add target table as output" })).toHaveCount(0);

  // No parent: the root node, said so.
  await expect(properties).toContainText(`No parent: the node depends on the workspace's root node ${workspace}_root.`);
  const parentName = properties.getByLabel("Parent output name");
  // A name the schema refuses is told under the field.
  await parentName.fill("bad name");
  await properties.getByRole("button", { name: "Add", exact: true }).first().click();
  await expect(page.locator("#dependencies-inputs-error")).toHaveText("An output name cannot contain spaces or commas (for example project.table).");
  await properties.getByRole("button", { name: "Remove parent bad name" }).click();
  await expect(page.locator("#dependencies-inputs-error")).toHaveCount(0);

  const missing = `${workspace}.${uniqueName("nobody")}`;
  await parentName.fill(missing);
  await parentName.press("Enter");
  const parents = properties.getByRole("list", { name: "Parent nodes" });
  await expect(parents.getByRole("listitem")).toHaveCount(1);
  await expect(parents).toContainText(missing);
  await expect(parents).toContainText("No deployed node outputs this yet");
  await properties.getByLabel("Instance of current node (previous cycle)").check();
  await properties.getByRole("heading", { name: "Dependencies" }).scrollIntoViewIfNeeded();
  await snap(page, "dependencies-properties");

  await save(page);
  // Saved with the node: a reload shows them again.
  await page.reload();
  await page.getByRole("navigation", { name: "Side panels" }).getByRole("button", { name: "Properties" }).click();
  await expect(properties.getByRole("list", { name: "Parent nodes" })).toContainText(missing);
  await expect(properties.getByRole("list", { name: "Outputs" }).getByRole("textbox").nth(2)).toHaveValue(`${workspace}.${table}`);
  await expect(properties.getByLabel("Instance of current node (previous cycle)")).toBeChecked();

  await toolbarButton(page, "Commit").click();
  const commit = page.getByRole("dialog", { name: `Commit ${node}` });
  await commit.getByLabel("Change description").fill("Wait for a parent that is not deployed");
  await commit.getByRole("button", { name: "Commit", exact: true }).click();
  await expect(commit.getByRole("alert")).toContainText(`No deployed node outputs "${missing}": deploy the node that outputs it first, or remove this parent.`);
  await snap(page, "dependencies-commit-refused");
});
