import { expect, type Page } from "@playwright/test";
import { e2eSettings } from "./e2e-settings";

export async function logIn(page: Page, password = e2eSettings.adminPassword) {
  await page.goto("/login");
  await page.getByLabel("User name").fill(e2eSettings.adminUser);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // The first page after a fresh server start can take a while on a busy machine (CI shares 2 CPUs).
  await expect(page.getByRole("heading", { name: "Data Source", exact: true })).toBeVisible({ timeout: 60_000 });
}

/** Full-page screenshots for people to look at (screenshots/ is not committed). */
export async function snap(page: Page, name: string) {
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: true });
}

export const uniqueName = (prefix: string) => `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
