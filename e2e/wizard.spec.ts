import { expect, test } from "@playwright/test";
import { logIn, snap } from "./support/console";
import { sourceClient, sourceRowCount } from "./support/source-facts";
import {
  chooseResourceGroup,
  chooseSource,
  createNode,
  createTargetTable,
  openStep,
  queryFirstCell,
  runNode,
  save,
  waitForRunStatus,
} from "./support/wizard";

test.describe.configure({ mode: "serial" });

test.beforeEach(async ({ page }) => {
  await logIn(page);
});

test("1. bank_data into a new non-partitioned table: every source row arrives", async ({ page }) => {
  await createNode(page, { workflow: "guide", node: "bank_data_to_holo" });
  await chooseSource(page, "bank_data");
  await expect(page.getByText("None: bank_data is not partitioned.")).toBeVisible();
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByRole("dialog", { name: "Preview bank_data" });
  const previewTable = preview.getByRole("table", { name: "Preview rows" });
  await expect(previewTable.locator("thead")).toContainText("age");
  await expect(previewTable.locator("thead")).toContainText("bigint");
  await expect(previewTable.locator("tbody tr")).toHaveCount(20);
  await snap(page, "wizard-preview");
  await preview.getByRole("button", { name: "Close" }).click();

  await createTargetTable(page, { name: "bank_data", screenshot: "wizard-create-table" });
  await snap(page, "wizard-connections");

  await openStep(page, "Mappings");
  await expect(page.getByRole("list", { name: "Source fields" })).toContainText("emp_var_rate");
  await page.getByRole("button", { name: "Map Fields with the Same Name" }).click();
  await expect(page.getByText("21 of 21 target fields mapped")).toBeVisible();
  await snap(page, "wizard-mappings");
  // A line can be removed by clicking it and drawn again from field to field.
  await page.getByRole("button", { name: "Mapping y to y" }).click();
  await expect(page.getByText("20 of 21 target fields mapped")).toBeVisible();
  await page.getByRole("button", { name: "Source field y" }).click();
  await page.getByRole("button", { name: "Target field y" }).click();
  await expect(page.getByText("21 of 21 target fields mapped")).toBeVisible();

  await openStep(page, "Channel");
  await page.getByLabel("Expected Maximum Concurrency").selectOption("2");
  await page.getByLabel("Enable").check();
  await page.getByLabel("Maximum rate in MB/s").fill("50");
  await page.getByLabel("Verify after writing").selectOption("checksum");
  await snap(page, "wizard-channel");
  await chooseResourceGroup(page);
  await snap(page, "wizard-resource-group");
  await save(page);

  await runNode(page);
  await waitForRunStatus(page, "Succeeded");
  const expected = await sourceRowCount("bank_data");
  await expect(page.getByRole("status", { name: "Verification" })).toContainText(`Verified: ${expected.toLocaleString("en-US")} rows, checksums equal.`);
  await snap(page, "run-view-succeeded");
  expect(await queryFirstCell(page, "SELECT count(*) FROM public.bank_data")).toBe(String(expected));
  await snap(page, "query-count");
});

test("2. odps_table sale_date=${bizdate} into the partitioned holo_test: the child holds that day's rows", async ({ page }) => {
  const client = sourceClient();
  const days = [...new Set((await client.listAllPartitions("odps_table")).map((p) => p.values[0][1]))].sort();
  client.close();
  const day = days[days.length - 3] ?? days[0];

  await createNode(page, { workflow: "guide", node: "odps_table_to_holo_test" });
  await chooseSource(page, "odps_table");
  await expect(page.getByLabel("Partition sale_date")).toBeVisible();
  await page.getByLabel("Partition sale_date").fill("${bizdate}");
  await page.getByLabel("Partition sale_time").fill("*");
  await expect(page.getByTestId("matched-partitions")).toContainText("this matches");
  await createTargetTable(page, { name: "holo_test" });
  await expect(page.getByLabel("Target partition sale_date")).toBeVisible();
  await page.getByLabel("Target partition sale_date").fill("${bizdate}");
  await page.getByLabel("Truncate the target partition first").check();
  await snap(page, "wizard-connections-partitioned");

  await openStep(page, "Mappings");
  // As in the guide, partition fields are not source fields until the user adds them.
  await expect(page.getByRole("list", { name: "Source fields" })).not.toContainText("sale_date");
  await page.getByLabel("Kind of source field").selectOption("partition");
  await page.getByLabel("Partition field").selectOption("sale_date");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await page.getByLabel("Partition field").selectOption("sale_time");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await page.getByRole("button", { name: "Map Fields with the Same Name" }).click();
  await expect(page.getByText("5 of 5 target fields mapped")).toBeVisible();
  await snap(page, "wizard-mappings-partitioned");
  await chooseResourceGroup(page);
  await save(page);

  await runNode(page, { bizdate: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}` });
  await waitForRunStatus(page, "Succeeded");
  const expected = await sourceRowCount("odps_table", `sale_date=${day}`);
  expect(expected).toBeGreaterThan(0);
  expect(await queryFirstCell(page, `SELECT count(*) FROM public.holo_test_${day}`)).toBe(String(expected));
  expect(await queryFirstCell(page, `SELECT count(*) FROM public.holo_test WHERE sale_date <> '${day}'`)).toBe("0");
});

test("3. odps_table into a non-partitioned table, partition columns as ordinary columns", async ({ page }) => {
  await createNode(page, { workflow: "guide", node: "odps_table_flat" });
  await chooseSource(page, "odps_table");
  await page.getByLabel("Partition sale_date").fill("*");
  await page.getByLabel("Partition sale_time").fill("*");
  await page.getByLabel("Target connection").selectOption("holo_demo");
  await page.getByRole("button", { name: "Create Table" }).click();
  const dialog = page.getByRole("dialog", { name: "Create Table" });
  await dialog.getByLabel("Table name").fill("odps_flat");
  await dialog.getByLabel("Partition by list").selectOption("");
  await expect(dialog.locator(".cm-content")).not.toContainText("PARTITION BY");
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page.getByRole("combobox", { name: "Target table" })).toHaveValue("public.odps_flat");

  await openStep(page, "Mappings");
  await page.getByLabel("Kind of source field").selectOption("partition");
  await page.getByLabel("Partition field").selectOption("sale_date");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await page.getByLabel("Partition field").selectOption("sale_time");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await page.getByRole("button", { name: "Map Fields in the Same Line" }).click();
  await expect(page.getByText("5 of 5 target fields mapped")).toBeVisible();
  await chooseResourceGroup(page);
  await save(page);
  await runNode(page);
  await waitForRunStatus(page, "Succeeded");
  const expected = await sourceRowCount("odps_table", "*");
  expect(await queryFirstCell(page, "SELECT count(*) FROM public.odps_flat")).toBe(String(expected));
  expect(await queryFirstCell(page, "SELECT count(DISTINCT sale_date || '/' || sale_time) FROM public.odps_flat WHERE sale_date IS NOT NULL")).toBe(
    String((await sourceClient().listAllPartitions("odps_table")).length),
  );
});

test("4. rows that do not fit the target beyond the dirty limit fail the run and are shown with the reason", async ({ page }) => {
  await createNode(page, { workflow: "guide", node: "bank_ages_dirty" });
  await chooseSource(page, "bank_data");
  await createTargetTable(page, {
    name: "bank_young",
    editDdl: () => 'CREATE TABLE public.bank_young (age int2 CHECK (age < 60), job text)',
  });
  await openStep(page, "Mappings");
  await page.getByRole("button", { name: "Map Fields with the Same Name" }).click();
  await expect(page.getByText("2 of 2 target fields mapped")).toBeVisible();
  await openStep(page, "Channel");
  await page.getByLabel("Dirty Data Records Allowed").fill("5");
  await chooseResourceGroup(page);
  await save(page);
  await runNode(page);
  await waitForRunStatus(page, "Failed");
  await expect(page.locator("main").getByRole("alert").filter({ hasText: "DIRTY_LIMIT_EXCEEDED" })).toBeVisible();
  const dirty = page.getByRole("table", { name: "Dirty records" });
  await expect(dirty).toContainText("age");
  await expect(dirty).toContainText(/check constraint/i);
  await snap(page, "run-view-dirty");
});

test("5. a throttled run is stopped, ends cancelled, and a rerun gives exactly the source rows", async ({ page }) => {
  await createNode(page, { workflow: "guide", node: "bank_stop_rerun" });
  await chooseSource(page, "bank_data");
  await createTargetTable(page, { name: "bank_rerun" });
  await openStep(page, "Mappings");
  await page.getByRole("button", { name: "Map Fields with the Same Name" }).click();
  await openStep(page, "Channel");
  await page.getByLabel("Enable").check();
  await page.getByLabel("Maximum rate in MB/s").fill("0.3");
  await chooseResourceGroup(page);
  await save(page);
  await runNode(page);
  await waitForRunStatus(page, "Running", 60_000);
  await expect(page.getByRole("progressbar", { name: "Progress" })).toBeVisible();
  await snap(page, "run-view-running");
  await page.getByRole("button", { name: "Stop" }).click();
  await waitForRunStatus(page, "Cancelled", 30_000);
  const cancelledRun = page.url();
  await page.getByRole("button", { name: "Rerun" }).click();
  await expect(page).not.toHaveURL(cancelledRun);
  await expect(page.getByRole("link", { name: cancelledRun.split("/").pop()! })).toBeVisible();
  await waitForRunStatus(page, "Succeeded", 180_000);
  const expected = await sourceRowCount("bank_data");
  expect(await queryFirstCell(page, "SELECT count(*) FROM public.bank_rerun")).toBe(String(expected));
});

test("6. a Post-SQL that deletes a row fails the run's verification, which names the difference", async ({ page }) => {
  await createNode(page, { workflow: "guide", node: "bank_verify_post_sql" });
  await chooseSource(page, "bank_data");
  await createTargetTable(page, { name: "bank_verify", editDdl: () => "CREATE TABLE public.bank_verify (age int8, job text)" });
  await page.getByLabel("Post-SQL").fill("DELETE FROM public.bank_verify WHERE ctid = (SELECT min(ctid) FROM public.bank_verify)");
  await openStep(page, "Mappings");
  await page.getByRole("button", { name: "Map Fields with the Same Name" }).click();
  await expect(page.getByText("2 of 2 target fields mapped")).toBeVisible();
  await openStep(page, "Channel");
  // A new node counts what it wrote.
  await expect(page.getByLabel("Verify after writing")).toHaveValue("count");
  await chooseResourceGroup(page);
  await save(page);
  await runNode(page);
  await waitForRunStatus(page, "Failed");
  const expected = await sourceRowCount("bank_data");
  const written = expected.toLocaleString("en-US");
  await expect(page.getByRole("alert", { name: "Verification" })).toContainText(
    `Verification failed: ${written} rows written, but public.bank_verify holds ${(expected - 1).toLocaleString("en-US")}: 1 missing.`,
  );
  await snap(page, "run-view-verification-failed");
});
