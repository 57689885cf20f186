import { expect, test } from "@playwright/test";
import pg from "pg";
import { logIn, snap, uniqueName } from "./support/console";
import { e2eSettings } from "./support/e2e-settings";

test("a visitor without a session is sent to the login page", async ({ page }) => {
  await page.goto("/data-sources");
  await expect(page).toHaveURL(/\/login\?next=%2Fdata-sources/);
  await snap(page, "login");
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("User name").fill(e2eSettings.adminUser);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong user name or password.");
  await expect(page).toHaveURL(/\/login/);
});

test("the admin logs in, sees the demo workspace and logs out", async ({ page, context }) => {
  await logIn(page);
  await expect(page.getByLabel("Workspace", { exact: true })).toContainText("Demo workspace (standard mode)");
  const cookie = (await context.cookies()).find((c) => c.name === "synclane_session");
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe("Lax");
  await page.getByRole("button", { name: e2eSettings.adminUser }).click();
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/workflows");
  await expect(page).toHaveURL(/\/login/);
});

// Finding 7: these `next` values sent the browser to another host after the login.
for (const next of ["/%5Cexample.invalid/", "/%09/example.invalid/"]) {
  test(`a login with next=${next} stays on the console`, async ({ page, baseURL }) => {
    await page.goto(`/login?next=${next}`);
    await page.getByLabel("User name").fill(e2eSettings.adminUser);
    await page.getByLabel("Password").fill(e2eSettings.adminPassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "Data Source", exact: true })).toBeVisible();
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  });
}

test("a login with a same-origin next opens that page", async ({ page }) => {
  await page.goto("/workflows");
  await expect(page).toHaveURL(/\/login\?next=%2Fworkflows/);
  await page.getByLabel("User name").fill(e2eSettings.adminUser);
  await page.getByLabel("Password").fill(e2eSettings.adminPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/workflows$/);
});

// Finding 6: the login throttle counted failures against the first X-Forwarded-For value.
test("failed logins are counted against the connection's address, not one the client claims", async ({ browser }) => {
  const context = await browser.newContext({
    extraHTTPHeaders: { "X-Forwarded-For": "203.0.113.7", "X-Synclane-Client-Address": "203.0.113.8" },
  });
  const page = await context.newPage();
  const username = uniqueName("nobody");
  await page.goto("/login");
  await page.getByLabel("User name").fill(username);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong user name or password.");
  await context.close();

  const client = new pg.Client({ connectionString: e2eSettings.databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ address: string }>(`SELECT address FROM "LoginAttempt" WHERE username = $1`, [username]);
  await client.end();
  expect(rows).toHaveLength(1);
  expect(["127.0.0.1", "::1"]).toContain(rows[0].address);
});
