import { expect, test, type Page, type Response } from "@playwright/test";
import { logIn, uniqueName } from "./support/console";
import { e2eSettings } from "./support/e2e-settings";
import { createNode } from "./support/wizard";

function expectSecurityHeaders(response: Response | null) {
  const headers = response?.headers() ?? {};
  const policy = headers["content-security-policy"] ?? "";
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(policy).not.toContain("unsafe-eval");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("base-uri 'self'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-powered-by"]).toBeUndefined();
  return policy;
}

type Violation = { directive: string; blocked: string; sample: string; path: string };

/** Everything the browser refuses under the policy: the page's violation events, and console lines about it. */
async function watchPolicyViolations(page: Page) {
  const violations: (Violation | string)[] = [];
  await page.exposeFunction("reportPolicyViolation", (violation: Violation) => violations.push(violation));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { reportPolicyViolation: (violation: Violation) => void }).reportPolicyViolation;
      report({ directive: event.violatedDirective, blocked: event.blockedURI, sample: event.sample, path: location.pathname });
    });
  });
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) violations.push(message.text());
  });
  return violations;
}

test("the login page and the console's pages send the security headers, with a fresh nonce each time", async ({ page }) => {
  const first = expectSecurityHeaders(await page.goto("/login"));
  const second = expectSecurityHeaders(await page.goto("/login"));
  expect(first).not.toBe(second);
  await logIn(page);
  expectSecurityHeaders(await page.goto("/data-sources"));
  expectSecurityHeaders(await page.goto("/query"));
});

test("the pages work under the policy and the browser refuses nothing", async ({ page }) => {
  const violations = await watchPolicyViolations(page);

  // Logging in runs the form's client code and a server action.
  await logIn(page);
  // Hydrated: the user menu opens.
  await page.getByRole("button", { name: e2eSettings.adminUser }).click();
  await expect(page.getByRole("button", { name: "Log out" })).toBeVisible();
  await page.keyboard.press("Escape");

  // The query page's CodeMirror editor, and a query run from it.
  await page.getByRole("link", { name: "Query" }).click();
  await page.getByLabel("Hologres data source").selectOption({ label: "holo_demo" });
  const editor = page.locator('[data-editor="sql"] .cm-content');
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  await editor.pressSequentially("SELECT 41 + 1 AS answer");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByRole("table", { name: "Query result" }).getByRole("cell")).toHaveText("42");

  // A node's wizard page, reached through the workflow tree's dialogs.
  await createNode(page, { workflow: uniqueName("csp_flow"), node: uniqueName("csp_node") });
  await page.getByLabel("Source connection").selectOption("odps_first");
  await expect(page.getByRole("combobox", { name: "Source table" })).toBeVisible();
  await page.getByRole("combobox", { name: "Source table" }).click();
  await expect(page.getByRole("listbox", { name: "Source table" }).getByRole("option").first()).toBeVisible();

  expect(violations).toEqual([]);
});

test("the console cannot be framed by another page", async ({ page, baseURL }) => {
  const violations = await watchPolicyViolations(page);
  // about:blank, a page of no origin of ours, tries to frame the login page.
  await page.setContent(`<iframe src="${baseURL}/login" title="framed"></iframe>`);
  await expect.poll(() => JSON.stringify(violations)).toContain("frame-ancestors 'none'");
  await expect(page.frameLocator('iframe[title="framed"]').getByLabel("User name")).toHaveCount(0);
});
