import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { logIn, snap, uniqueName } from "./support/console";
import { e2eSettings } from "./support/e2e-settings";

// The scheduler (issue #12) generates and runs instances; this spec writes a deployed node
// and a failed auto-triggered instance straight into the console's database, as the
// scheduler would leave them, and uses Alert Events > Check now to run the evaluator.
const consoleUrl = process.env.SYNCLANE_E2E_DATABASE_URL ?? e2eSettings.databaseUrl;

async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: consoleUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function deployedNode(name: string): Promise<{ nodeId: string; workspaceId: string }> {
  const [{ id: workspaceId }] = await sql<{ id: string }>(`SELECT id FROM "Workspace" WHERE name = 'demo'`);
  const workflowId = randomUUID();
  const nodeId = randomUUID();
  const versionId = randomUUID();
  await sql(`INSERT INTO "Workflow" (id, "workspaceId", name, "updatedAt") VALUES ($1, $2, $3, now())`, [workflowId, workspaceId, uniqueName("alert_flow")]);
  await sql(`INSERT INTO "SyncNode" (id, "workflowId", name, "jobSpec", "updatedAt") VALUES ($1, $2, $3, '{}', now())`, [nodeId, workflowId, name]);
  await sql(`INSERT INTO "NodeVersion" (id, "nodeId", version, "changeType", "jobSpec", scheduling, "committedBy", "deployedBy", "deployedAt") VALUES ($1, $2, 1, 'create', '{}', '{}', 'e2e', 'e2e', now())`, [versionId, nodeId]);
  await sql(`UPDATE "SyncNode" SET "deployedVersionId" = $1 WHERE id = $2`, [versionId, nodeId]);
  return { nodeId, workspaceId };
}

async function failedAutoInstance(input: { nodeId: string; workspaceId: string }): Promise<void> {
  const instanceId = randomUUID();
  const runId = randomUUID();
  await sql(
    `INSERT INTO "Instance" (id, "workspaceId", "nodeId", kind, "scheduledAt", bizdate, parameters, status, "notBefore", "runNumber", "startedAt", "endedAt")
     VALUES ($1, $2, $3, 'auto', now() - interval '1 hour', '20261129', '{}', 'failed', now() - interval '1 hour', 1, now() - interval '2 minutes', now())`,
    [instanceId, input.workspaceId, input.nodeId],
  );
  await sql(
    `INSERT INTO "Run" (id, "nodeId", "jobSpec", parameters, bizdate, status, "triggeredBy", "instanceId", "runNumber", environment, "startedAt", "endedAt", "errorCode", "errorMessage")
     VALUES ($1, $2, '{}', '{}', '20261129', 'failed', 'scheduler', $3, 1, 'production', now() - interval '2 minutes', now(), 'WRITE_FAILED', 'Hologres refused the batch')`,
    [runId, input.nodeId, instanceId],
  );
  await sql(`UPDATE "Instance" SET "currentRunId" = $1 WHERE id = $2`, [runId, instanceId]);
}

let receiver: Server;
const received: Record<string, unknown>[] = [];
let hookUrl = "";

test.beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      received.push(JSON.parse(body) as Record<string, unknown>);
      response.end("{}");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alerts?token=e2e-webhook-token-123`;
});
test.afterAll(() => {
  receiver.close();
});

test.beforeEach(async ({ page }) => {
  await logIn(page);
});

test("create an alert rule, see its field errors, and see the event a failed auto instance raises", async ({ page }) => {
  const nodeName = uniqueName("ods_alerted");
  const ruleName = uniqueName("failed_rule");
  const node = await deployedNode(nodeName);

  await page.getByRole("link", { name: "Alert Rules" }).click();
  await expect(page.getByRole("heading", { name: "Alert Rules", exact: true })).toBeVisible();
  await page.getByRole("link", { name: "Create rule" }).first().click();
  await expect(page.getByRole("heading", { name: "Create Custom Rule" })).toBeVisible();

  // Wrong input first: the form says what to fix, field by field, before anything is sent.
  await page.getByLabel("Rule Name").fill(ruleName);
  await page.getByLabel("Trigger Condition").selectOption({ label: "Uncompleted by a time" });
  await page.getByLabel("Uncompleted by").fill("48:00");
  await page.getByLabel("Minimum interval (minutes)").fill("0");
  await page.getByRole("button", { name: "Create rule" }).click();
  await expect(page.getByText("Give the time as hh:mm with hh from 0 to 47")).toBeVisible();
  await expect(page.getByText("Minimum interval must be at least 1 minute.")).toBeVisible();
  await expect(page.getByText("Give at least one channel")).toBeVisible();
  await expect(page.getByText("Choose at least one node.")).toBeVisible();
  await snap(page, "alert-rule-form-errors");

  await page.getByRole("group", { name: "Nodes" }).getByLabel(nodeName).check();
  await page.getByLabel("Trigger Condition").selectOption({ label: "Error Persisting After Automatic Rerun" });
  await page.getByLabel("Minimum interval (minutes)").fill("30");
  await page.getByLabel("Webhook URLs").fill(hookUrl);
  await page.getByLabel("DingTalk robot URL").fill("not a url");
  await page.getByRole("button", { name: "Create rule" }).click();
  await expect(page.getByText("DingTalk robot URL must be a valid http:// or https:// URL.")).toBeVisible();
  await page.getByLabel("DingTalk robot URL").fill("");
  await page.getByRole("button", { name: "Create rule" }).click();

  await expect(page.getByRole("heading", { name: "Alert Rules", exact: true })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: ruleName });
  await expect(row).toContainText("Error Persisting After Automatic Rerun");
  await expect(row).toContainText(nodeName);
  // The webhook's token is masked wherever the rule is listed.
  await expect(row).toContainText("token=e2e-…");
  await expect(row).not.toContainText("e2e-webhook-token-123");
  await snap(page, "alert-rules-list");

  await failedAutoInstance(node);
  await page.getByRole("link", { name: "Alert Events" }).click();
  await page.getByRole("button", { name: "Check now" }).click();
  // The e2e server's own scheduler evaluates rules every few seconds too, so the event may
  // have been sent before the click: the check reports its own count, the list shows the event.
  await expect(page.getByRole("status")).toContainText(/\d+ sent/);
  const event = page.getByRole("row").filter({ hasText: ruleName });
  await expect(event).toContainText(nodeName);
  await expect(event).toContainText("business date 20261129");
  await expect(event).toContainText("Sent");
  await expect(event).toContainText("Webhook");
  await expect(event).not.toContainText("e2e-webhook-token-123");
  expect(received).toEqual([expect.objectContaining({ rule: ruleName, node: nodeName, trigger: "errorAfterAutoRerun", bizdate: "20261129", errorMessage: "Hologres refused the batch" })]);
  await snap(page, "alert-events");

  await page.getByRole("link", { name: /^Failed/ }).click();
  await expect(page.getByRole("row").filter({ hasText: ruleName })).toHaveCount(0);
});

test("SMTP settings are the workspace administrators' and keep the password sealed", async ({ page }) => {
  await page.getByRole("link", { name: "Workspace Settings" }).click();
  await page.getByLabel("SMTP host").fill("127.0.0.1");
  await page.getByLabel("Port").fill("70000");
  await page.getByLabel("From address").fill("alerts");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Port must be a number from 1 to 65535.")).toBeVisible();
  await expect(page.getByText("From address must be an e-mail address")).toBeVisible();
  await page.getByLabel("Port").fill("2525");
  await page.getByLabel("From address").fill("synclane@example.com");
  await page.getByLabel("User name").fill("alerts");
  await page.getByLabel("Password").fill("Smtp-Secret-Value-9");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved.");
  await page.reload();
  await expect(page.getByText("A password is stored")).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveValue("");
  expect(await page.content()).not.toContain("Smtp-Secret-Value-9");
  await snap(page, "workspace-settings-smtp");
});
