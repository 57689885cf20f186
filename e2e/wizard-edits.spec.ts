// Edits are never lost or saved invalid: a stale save is refused, Back asks, the Channel
// and partition boxes say what they take, and Script mode names a missing data source.
import { expect, test, type Page } from "@playwright/test";
import { logIn, snap, uniqueName } from "./support/console";
import { chooseSource, createNode, openStep, save } from "./support/wizard";

const workflow = "edits";

test.beforeEach(async ({ page }) => {
  await logIn(page);
});

function toolbarButton(page: Page, name: string) {
  return page.getByRole("toolbar", { name: "Node toolbar" }).getByRole("button", { name, exact: true });
}

test("a save on a version someone saved over is refused, names who and when, and offers Compare and Reload", async ({ page }) => {
  const node = uniqueName("two_tabs");
  await createNode(page, { workflow, node });
  // Tab B opens the node before tab A saves.
  const tabB = await page.context().newPage();
  await tabB.goto(page.url());
  await expect(tabB.getByRole("heading", { name: node })).toBeVisible();

  await openStep(page, "Channel");
  await page.getByLabel("Dirty Data Records Allowed").fill("7");
  await save(page);
  await expect(page.getByRole("status").filter({ hasText: "Saved as version 2." })).toBeVisible();

  await openStep(tabB, "Channel");
  await tabB.getByLabel("Dirty Data Records Allowed").fill("9");
  await toolbarButton(tabB, "Save").click();
  const banner = tabB.getByRole("alert", { name: "Newer version" });
  await expect(banner).toContainText(
    /^Version 2 was saved by admin at \d{4}-\d{2}-\d{2} \d{2}:\d{2} after you opened this node\. Reload to see it, or compare\./,
  );
  // B keeps its edits until it chooses.
  await expect(tabB.getByText("Unsaved changes", { exact: true })).toBeVisible();
  await expect(tabB.getByLabel("Dirty Data Records Allowed")).toHaveValue("9");
  await snap(tabB, "wizard-conflict");

  await banner.getByRole("button", { name: "Compare" }).click();
  const compare = tabB.getByRole("dialog", { name: "Compare with the saved version" });
  const diff = compare.getByRole("list", { name: "Job spec differences" });
  await expect(diff.locator('[data-kind="removed"]')).toHaveText([/"record": "7"/]);
  await expect(diff.locator('[data-kind="added"]')).toHaveText([/"record": "9"/]);
  await expect(compare).toContainText("only in Version 2 (admin,");
  await snap(tabB, "wizard-compare");
  await compare.getByRole("button", { name: "Keep my edits" }).click();
  await expect(tabB.getByLabel("Dirty Data Records Allowed")).toHaveValue("9");

  // Reload asks first (the edits are lost), then shows A's version.
  const questions: string[] = [];
  tabB.once("dialog", (dialog) => {
    questions.push(dialog.message());
    void dialog.accept();
  });
  await banner.getByRole("button", { name: "Reload" }).click();
  await expect(tabB.getByText("Saved", { exact: true })).toBeVisible();
  expect(questions).toEqual(["Reload the node as saved? Your unsaved changes here are lost."]);
  await openStep(tabB, "Channel");
  await expect(tabB.getByLabel("Dirty Data Records Allowed")).toHaveValue("7");
  await expect(tabB.getByRole("alert", { name: "Newer version" })).toHaveCount(0);

  // Tab A saves twice in a row, each on the version the one before made.
  await page.getByLabel("Dirty Data Records Allowed").fill("8");
  await toolbarButton(page, "Save").click();
  await expect(page.getByRole("status").filter({ hasText: "Saved as version 3." })).toBeVisible();
  await page.getByLabel("Dirty Data Records Allowed").fill("6");
  await toolbarButton(page, "Save").click();
  await expect(page.getByRole("status").filter({ hasText: "Saved as version 4." })).toBeVisible();
  // B, on version 2 now, learns of it without saving (the wizard polls the newest version).
  await tabB.bringToFront();
  await expect(tabB.getByRole("alert", { name: "Newer version" })).toContainText("Version 4 was saved by admin", { timeout: 30_000 });
  await expect(tabB.getByText("A newer version is saved", { exact: true })).toBeVisible();
  await tabB.close();
});

test("Back and the side bar ask before dropping unsaved edits; Stay keeps them, Leave goes", async ({ page }) => {
  const node = uniqueName("back_guard");
  await createNode(page, { workflow, node });
  const nodeUrl = page.url();
  await openStep(page, "Channel");
  await page.getByLabel("Dirty Data Records Allowed").fill("5");
  await expect(page.getByText("Unsaved changes", { exact: true })).toBeVisible();

  const questions: string[] = [];
  const answerNext = (accept: boolean) =>
    page.once("dialog", (dialog) => {
      questions.push(dialog.message());
      void (accept ? dialog.accept() : dialog.dismiss());
    });

  answerNext(false);
  await page.evaluate(() => history.back());
  await expect.poll(() => questions).toEqual(["This node has unsaved changes. Leave without saving?"]);
  await expect(page).toHaveURL(nodeUrl);
  await expect(page.getByLabel("Dirty Data Records Allowed")).toHaveValue("5");
  await expect(page.getByText("Unsaved changes", { exact: true })).toBeVisible();

  answerNext(false);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Runs" }).click();
  await expect.poll(() => questions.length).toBe(2);
  await expect(page).toHaveURL(nodeUrl);
  await expect(page.getByLabel("Dirty Data Records Allowed")).toHaveValue("5");

  // The history is as it was: Back once more, and leave.
  answerNext(true);
  await page.evaluate(() => history.back());
  await expect(page).toHaveURL(/\/workflows$/);
  await expect(page.getByRole("list", { name: "Workflows and nodes" })).toBeVisible();
  expect(questions).toHaveLength(3);
});

test("the Channel step says under each field what it takes, and Save saves nothing invalid", async ({ page }) => {
  await createNode(page, { workflow, node: uniqueName("channel_checks") });
  await openStep(page, "Channel");
  const limit = page.getByLabel("Dirty Data Records Allowed");
  for (const value of ["-1", "abc", "1.5"]) {
    await limit.fill(value);
    await expect(page.locator("#channel-error-limit-error")).toHaveText("Dirty Data Records Allowed must be a whole number, 0 or more, or empty for no limit.");
  }
  await page.getByLabel("Enable").check();
  const rate = page.getByLabel("Maximum rate in MB/s");
  for (const value of ["0", "abc"]) {
    await rate.fill(value);
    await expect(page.locator("#channel-mbps-error")).toHaveText("Maximum rate must be a number of MB/s above 0, such as 10 or 0.5.");
  }
  await snap(page, "wizard-channel-errors");

  await toolbarButton(page, "Save").click();
  const refused = page.getByRole("dialog", { name: "Not saved: some fields need attention" });
  await expect(refused).toContainText("Channel: Dirty Data Records Allowed must be a whole number, 0 or more, or empty for no limit.");
  await expect(refused).toContainText("Channel: Maximum rate must be a number of MB/s above 0, such as 10 or 0.5.");
  await snap(page, "wizard-save-refused");
  await refused.getByRole("button", { name: /Dirty Data Records Allowed/ }).click();
  await expect(limit).toBeFocused();
  await page.getByRole("navigation", { name: "Side panels" }).getByRole("button", { name: "Versions" }).click();
  await expect(page.getByRole("list", { name: "Saved versions" }).locator("li")).toHaveCount(1);

  await limit.fill("0");
  await rate.fill("0.5");
  await expect(page.locator("#channel-error-limit-error, #channel-mbps-error")).toHaveCount(0);
  await save(page);
  await expect(page.getByRole("list", { name: "Saved versions" }).locator("li")).toHaveCount(2);
  // Script mode accepts what was saved (it is unfinished: no connections yet).
  await toolbarButton(page, "Script mode").click();
  await expect(page.getByRole("status").filter({ hasText: "The job spec can be saved. Run still needs:" })).toBeVisible();
});

test("each partition box takes one value, pattern or parameter for its own level", async ({ page }) => {
  await createNode(page, { workflow, node: uniqueName("partition_boxes") });
  await chooseSource(page, "odps_table");
  const date = page.getByLabel("Partition sale_date");
  await date.fill("20261129,sale_time=09");
  await expect(page.locator("#source-partition-sale_date-error")).toHaveText(
    'Partition sale_date takes one value, pattern or parameter, such as 20261129, 202611*, * or ${bizdate}; "," is not allowed (each level has its own box).',
  );
  await expect(page.getByTestId("matched-partitions")).toHaveText("Fix the partition boxes to see which partitions they match.");
  await snap(page, "wizard-partition-error");
  await toolbarButton(page, "Save").click();
  await expect(page.getByRole("dialog", { name: "Not saved: some fields need attention" })).toContainText("Source: Partition sale_date takes one value, pattern or parameter");
  await page.keyboard.press("Escape");

  for (const value of ["${bizdate}", "202611*", "$[yyyymmdd-1]", "*"]) {
    await date.fill(value);
    await expect(page.locator("#source-partition-sale_date-error")).toHaveCount(0);
  }
  await date.fill("${bizdate}");
  await page.getByLabel("Partition sale_time").fill("*");
  await expect(page.getByTestId("matched-partitions")).toContainText("this matches");
  await save(page);
});

test("a data source the workspace does not have is named by Script mode, Save and the Run check", async ({ page }) => {
  await createNode(page, { workflow, node: uniqueName("script_source") });
  await toolbarButton(page, "Script mode").click();
  const spec = {
    type: "job",
    version: "2.0",
    steps: [
      { stepType: "odps", category: "reader", name: "Reader", parameter: { datasource: "odps_missing", table: "bank_data", column: ["age"] } },
      { stepType: "holo", category: "writer", name: "Writer", parameter: { datasource: "holo_demo", table: "public.bank_data", column: ["age"] } },
    ],
    setting: { errorLimit: { record: "0" }, speed: { throttle: false, concurrent: 2 } },
    order: { hops: [{ from: "Reader", to: "Writer" }] },
  };
  await page.locator(".cm-content").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(JSON.stringify(spec, null, 2));
  const problems = page.getByRole("list", { name: "Job spec problems" });
  await expect(problems).toContainText('steps[0].parameter.datasource: there is no data source named "odps_missing" in this workspace');
  await toolbarButton(page, "Save").click();
  await expect(page.getByRole("alert").filter({ hasText: "Not saved:" })).toContainText('there is no data source named "odps_missing"');
  await snap(page, "wizard-script-missing-source");

  await toolbarButton(page, "Script mode").click();
  await expect(page.locator("#source-datasource-error")).toHaveText('There is no ODPS data source named "odps_missing" in this workspace. Choose one from the list.');
  await toolbarButton(page, "Run").click();
  const check = page.getByRole("dialog", { name: "The node is not ready to run" });
  await expect(check).toContainText('Source: there is no data source named "odps_missing" in this workspace.');
  await snap(page, "wizard-run-check-missing-source");
});
