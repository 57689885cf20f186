import "server-only";
import { db } from "@/lib/db";
import { ConsoleError } from "@/lib/console-error";
import { sealSecret } from "@/lib/secrets";
import type { SmtpSettingsForm } from "@/lib/schemas/alert-rule";

export type SmtpSettingsView = { host: string; port: number; security: "starttls" | "tls" | "none"; username: string; hasPassword: boolean; fromAddress: string; updatedBy: string; updatedAt: Date };

export async function getSmtpSettings(workspaceId: string): Promise<SmtpSettingsView | null> {
  const settings = await db.workspaceSmtpSettings.findUnique({ where: { workspaceId } });
  if (!settings) return null;
  const { host, port, username, fromAddress, updatedBy, updatedAt } = settings;
  return { host, port, security: settings.security as SmtpSettingsView["security"], username, hasPassword: Boolean(settings.passwordSealed), fromAddress, updatedBy, updatedAt };
}

/**
 * Saves the workspace's SMTP server. An empty password keeps the stored one only while the
 * host and user name stay the same, so a stored password never goes to another server.
 */
export async function saveSmtpSettings(input: { workspaceId: string; form: SmtpSettingsForm; user: string }): Promise<void> {
  const { form } = input;
  const existing = await db.workspaceSmtpSettings.findUnique({ where: { workspaceId: input.workspaceId } });
  let passwordSealed: string | null = null;
  if (form.password) passwordSealed = sealSecret(form.password);
  else if (existing?.passwordSealed && form.username) {
    if (existing.host !== form.host || existing.username !== form.username) {
      throw new ConsoleError("INVALID", "The host or user name changed: type the password again (a stored password is only used with the server it was saved for).", "password");
    }
    passwordSealed = existing.passwordSealed;
  }
  const data = { host: form.host, port: form.port, security: form.security, username: form.username, passwordSealed, fromAddress: form.fromAddress, updatedBy: input.user };
  await db.workspaceSmtpSettings.upsert({ where: { workspaceId: input.workspaceId }, create: { workspaceId: input.workspaceId, ...data }, update: data });
}
