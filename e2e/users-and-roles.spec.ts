import { expect, test, type Page } from "@playwright/test";
import { logIn, snap } from "./support/console";

const uniqueUser = () => `vera_${Date.now().toString(36)}`;

async function signInAs(page: Page, username: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("User name").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("an administrator adds a user as a visitor, the user chooses a password, and the role decides what they see", async ({ page, browser }) => {
  const username = uniqueUser();
  await logIn(page);

  // Users: create with a generated first password, shown once.
  await page.getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
  await page.getByRole("button", { name: "Create user" }).click();
  const create = page.getByRole("dialog", { name: "Create user" });
  await create.getByLabel("User name").fill(username);
  await create.getByRole("button", { name: "Create", exact: true }).click();
  const shown = page.getByLabel("One-time password");
  await expect(shown).toBeVisible();
  const firstPassword = (await shown.textContent())!.trim();
  expect(firstPassword.length).toBeGreaterThanOrEqual(12);
  await snap(page, "users-one-time-password");
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("table", { name: "Users" })).toContainText(username);
  await expect(page.getByRole("row", { name: new RegExp(username) })).toContainText("Must change password");

  // Members: add to the demo workspace as a Visitor.
  await page.getByRole("link", { name: "Members" }).click();
  await page.getByLabel("User to add").selectOption(username);
  await page.getByLabel("Role of the new member").selectOption("visitor");
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByLabel(`Role of ${username}`)).toHaveValue("visitor");
  await snap(page, "members");

  // The new user: the first login asks for a password of their own.
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await signInAs(visitor, username, firstPassword);
  await expect(visitor).toHaveURL(/\/password-change/);
  await expect(visitor.getByRole("heading", { name: "Choose your password" })).toBeVisible();
  await snap(visitor, "password-change");
  await visitor.getByLabel("Current password").fill(firstPassword);
  await visitor.locator("#newPassword").fill("vera-own-password-1");
  await visitor.getByLabel("Confirm new password").fill("vera-own-password-1");
  await visitor.getByRole("button", { name: "Change password" }).click();
  await expect(visitor.getByRole("heading", { name: "Data Source", exact: true })).toBeVisible();
  await expect(visitor.getByRole("banner")).toContainText("Visitor");

  // A visitor reads and changes nothing: no node or group buttons, no Users page.
  await visitor.goto("/workflows");
  await expect(visitor.getByRole("list", { name: "Workflows and nodes" })).toBeVisible();
  await expect(visitor.getByRole("button", { name: "New Batch Sync Node" })).toHaveCount(0);
  await visitor.goto("/resource-groups");
  await expect(visitor.getByRole("table", { name: "Resource groups" })).toContainText("default");
  await expect(visitor.getByRole("button", { name: /Create an exclusive/ })).toHaveCount(0);
  await expect(visitor.getByRole("link", { name: "Users" })).toHaveCount(0);

  // Promoted to Developer, the same user may create nodes.
  await page.getByLabel(`Role of ${username}`).selectOption("developer");
  await expect(page.getByLabel(`Role of ${username}`)).toHaveValue("developer");
  await visitor.goto("/workflows");
  await expect(visitor.getByRole("button", { name: "New Batch Sync Node" })).toBeVisible();
  await expect(visitor.getByRole("banner")).toContainText("Developer");
  await visitorContext.close();
});
