import { expect, test, type Page } from "@playwright/test";
import { logIn, snap, uniqueName } from "./support/console";
import { chooseResourceGroup, chooseSource, createNode, createTargetTable, openStep, save } from "./support/wizard";


test.beforeEach(async ({ page }) => {
  await logIn(page);
});

const toolbarButton = (page: Page, name: string) => page.getByRole("toolbar", { name: "Node toolbar" }).getByRole("button", { name, exact: true });
const sidePanel = (page: Page, name: string) => page.getByRole("navigation", { name: "Side panels" }).getByRole("button", { name });

test("the workspace's Scheduling Settings refuse an unknown time zone and keep a known one", async ({ page }) => {
  await page.goto("/workspaces");
  const form = page.getByRole("form", { name: "Scheduling Settings" });
  const zone = form.getByLabel("Time zone for scheduling");
  await zone.fill("Mars/Olympus_Mons");
  await form.getByRole("button", { name: "Save settings" }).click();
  await expect(page.locator("#scheduling-time-zone-error")).toHaveText('"Mars/Olympus_Mons" is not a time zone this server knows. Use an IANA name such as Asia/Shanghai or Europe/Berlin.');
  await zone.fill("Asia/Shanghai");
  await form.getByLabel("Default time").fill("00:20");
  await form.getByRole("button", { name: "Save settings" }).click();
  await expect(form.getByRole("status")).toHaveText("Scheduling settings saved. The defaults apply to nodes created from now on.");
  await snap(page, "workspace-scheduling-settings");
  await page.reload();
  await expect(page.getByRole("form", { name: "Scheduling Settings" }).getByLabel("Time zone for scheduling")).toHaveValue("Asia/Shanghai");
});

test("set a daily cycle in Properties, commit, deploy in a standard workspace, and see it Deployed in Versions", async ({ page }) => {
  // One user's whole path through four pages: longer than the default budget on a busy machine.
  test.setTimeout(240_000);
  const node = uniqueName("sched_node");
  await createNode(page, { workflow: "scheduling", node });
  await chooseSource(page, "bank_data");
  await createTargetTable(page, { name: uniqueName("sched_bank") });
  await openStep(page, "Mappings");
  // Both tables' fields first: mapping before they load maps nothing.
  await expect(page.getByRole("list", { name: "Source fields" })).toContainText("emp_var_rate");
  await expect(page.getByText("0 of 21 target fields mapped")).toBeVisible();
  await page.getByRole("button", { name: "Map Fields with the Same Name" }).click();
  await expect(page.getByText("21 of 21 target fields mapped")).toBeVisible();
  await chooseResourceGroup(page);

  await sidePanel(page, "Properties").click();
  const properties = page.getByRole("complementary", { name: "Properties" });
  await properties.getByLabel("Scheduling Cycle", { exact: true }).selectOption("day");
  await properties.getByLabel("Scheduled time", { exact: true }).fill("05:30");
  await expect(properties.getByLabel("Cron expression", { exact: true })).toHaveValue("00 30 05 * * ?");
  const nextTimes = properties.getByRole("list", { name: "Next scheduled times" }).locator("li");
  await expect(nextTimes).toHaveCount(5);
  for (const time of await nextTimes.allInnerTexts()) expect(time).toMatch(/^\w{3} \d{4}-\d{2}-\d{2} 05:30$/);

  // Wrong values are told under their fields, with the limit, and stop Save.
  await properties.getByLabel("Scheduling Cycle", { exact: true }).selectOption("minute");
  await properties.getByLabel("Interval (minutes)", { exact: true }).fill("0");
  await expect(page.locator("#scheduling-interval-error")).toHaveText("The interval must be 1 to 59 minutes.");
  await properties.getByLabel("Start time", { exact: true }).fill("10:00");
  await properties.getByLabel("End time", { exact: true }).fill("08:00");
  await expect(page.locator("#scheduling-end-error")).toHaveText("The end time is before the start time.");
  await properties.getByLabel("Timeout definition", { exact: true }).selectOption("custom");
  await properties.getByLabel("Timeout hours", { exact: true }).fill("169");
  await expect(page.locator("#scheduling-timeout-error")).toHaveText("The timeout can be at most 168 hours.");
  await expect(properties.getByLabel("Cron expression", { exact: true })).toHaveValue("—");
  await snap(page, "scheduling-properties-errors");
  await toolbarButton(page, "Save").click();
  const refused = page.getByRole("dialog", { name: "Not saved: some fields need attention" });
  await expect(refused).toContainText("Schedule: The interval must be 1 to 59 minutes.");
  await refused.getByRole("button", { name: "Close" }).first().click();

  await properties.getByLabel("Scheduling Cycle", { exact: true }).selectOption("week");
  await properties.locator('label[title="Friday"]').click();
  await expect(properties.getByRole("checkbox", { name: "Friday" })).toBeChecked();
  await properties.getByLabel("Scheduled time", { exact: true }).fill("05:30");
  await expect(properties.getByLabel("Cron expression", { exact: true })).toHaveValue("00 30 05 * * 1,5");
  for (const time of await nextTimes.allInnerTexts()) expect(time).toMatch(/^(Mon|Fri) \d{4}-\d{2}-\d{2} 05:30$/);
  await properties.getByLabel("Timeout hours", { exact: true }).fill("2");
  await expect(page.locator("#scheduling-timeout-error")).toHaveCount(0);
  await properties.getByLabel("Rerun", { exact: true }).selectOption("allDenied");
  await expect(properties.getByLabel("Auto Rerun upon Failure", { exact: true })).toBeDisabled();
  await snap(page, "scheduling-properties");

  // Commit records the saved node: unsaved edits are saved first.
  await toolbarButton(page, "Commit").click();
  const saveFirst = page.getByRole("dialog", { name: "Save before committing" });
  await expect(saveFirst).toContainText("This node has unsaved changes.");
  await saveFirst.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Saved as version \d+/ })).toBeVisible();

  await toolbarButton(page, "Commit").click();
  const commit = page.getByRole("dialog", { name: `Commit ${node}` });
  await commit.getByRole("button", { name: "Commit", exact: true }).click();
  await expect(commit.locator("#commit-description-error")).toHaveText("Describe the change: what is different in this version.");
  await commit.getByLabel("Change description").fill("Run on Mondays and Fridays at 05:30");
  await snap(page, "commit-dialog");
  await commit.getByRole("button", { name: "Commit", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Committed as version 1. Deploy it on the Deploy page" })).toBeVisible();

  await sidePanel(page, "Versions").click();
  const versions = page.getByRole("list", { name: "Committed versions" });
  await expect(versions.getByRole("listitem", { name: "Version 1" })).toContainText("Not Deployed");
  await expect(versions).toContainText("Run on Mondays and Fridays at 05:30");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Deploy" }).click();
  await expect(page.getByRole("heading", { name: "Deploy", exact: true })).toBeVisible();
  const row = page.getByRole("row", { name: node });
  await expect(row).toContainText("V1");
  await expect(row).toContainText("Not deployed yet");
  await row.getByRole("button", { name: "Changes", exact: true }).click();
  const changes = page.getByRole("region", { name: `Changes of ${node}` });
  await expect(changes).toContainText("Every Monday, Friday at 05:30");
  await expect(changes).toContainText("00 30 05 * * 1,5");
  await snap(page, "deploy-page");
  await page.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Choose the versions to deploy (tick them in the list)." })).toBeVisible();
  await row.getByRole("checkbox").check();
  await page.getByRole("button", { name: "Deploy 1 selected" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Deployed ${node} (version 1).` })).toBeVisible();
  await expect(page.getByRole("row", { name: node })).toHaveCount(0);

  await page.goBack();
  await page.reload();
  await sidePanel(page, "Versions").click();
  await expect(page.getByRole("list", { name: "Committed versions" }).getByRole("listitem", { name: "Version 1" })).toContainText("Deployed · production");
  await snap(page, "versions-panel");
  await page.getByRole("button", { name: "Compare with draft" }).click();
  const compare = page.getByRole("dialog", { name: "Compare Version 1 with the current draft" });
  await expect(compare.getByRole("table", { name: "Properties" })).toContainText("Disallow Regardless of Running Status");
  await compare.getByRole("button", { name: "Close" }).first().click();
});
