import { z } from "zod";
import { objectName } from "./common";

export const alertObjectTypes = ["node", "workflow", "workspace"] as const;
export const alertObjectTypeLabels: Record<(typeof alertObjectTypes)[number], string> = {
  node: "Node",
  workflow: "Workflow",
  workspace: "Workspace",
};

export const alertTriggers = ["error", "errorAfterAutoRerun", "finished", "uncompletedBy", "uncompletedInCycle", "timedOut"] as const;
export type AlertTriggerName = (typeof alertTriggers)[number];
// DataWorks' labels (Create Custom Rule > Trigger Condition).
export const alertTriggerLabels: Record<AlertTriggerName, string> = {
  error: "Error",
  errorAfterAutoRerun: "Error Persisting After Automatic Rerun",
  finished: "Finished",
  uncompletedBy: "Uncompleted by a time",
  uncompletedInCycle: "Uncompleted in Cycle",
  timedOut: "Timed Out",
};

export const alertChannels = ["email", "webhook", "dingtalk", "lark", "wecom"] as const;
export type AlertChannelName = (typeof alertChannels)[number];
export const alertChannelLabels: Record<AlertChannelName, string> = {
  email: "E-mail",
  webhook: "Webhook",
  dingtalk: "DingTalk robot",
  lark: "Lark robot",
  wecom: "WeCom robot",
};

const hhmm = /^(\d{1,2}):(\d{2})$/;

/** Minutes since midnight of "hh:mm" with hh up to maxHour, or null when it is not one. */
export function parseClockTime(value: string, maxHour: number): number | null {
  const match = hhmm.exec(value.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > maxHour || minutes > 59) return null;
  return hours * 60 + minutes;
}

const emailPattern = /^[^\s@,;<>]+@[^\s@,;<>]+\.[^\s@,;<>]+$/;

function splitList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((item) => item.trim())
    .filter(Boolean);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && Boolean(url.hostname);
  } catch {
    return false;
  }
}

const optionalUrl = (label: string) =>
  z
    .string()
    .trim()
    .max(2000, `${label} must be at most 2000 characters.`)
    .default("")
    .refine((value) => value === "" || isHttpUrl(value), `${label} must be a valid http:// or https:// URL.`);

const minutes = (label: string, max: number) =>
  z.coerce
    .number({ error: `${label} must be a whole number of minutes.` })
    .int(`${label} must be a whole number of minutes.`)
    .min(1, `${label} must be at least 1 minute.`)
    .max(max, `${label} must be at most ${max} minutes.`);

// Uncompleted in Cycle's allowance: minutes past the end of the instance's cycle, at most a day.
const allowanceMinutes = z.coerce
  .number({ error: "Allowance must be a whole number of minutes." })
  .int("Allowance must be a whole number of minutes.")
  .min(0, "Allowance must be 0 minutes or more.")
  .max(1_440, "Allowance must be at most 1440 minutes (a day).");

/**
 * The Alert rule form, shared by the client form and the server actions. Lists (e-mail
 * addresses, webhook URLs) are typed one per line and arrive as text; the schema splits
 * them. A robot's signing secret left empty keeps the stored one (see the data layer).
 */
export const alertRuleFormSchema = z
  .object({
    id: z.string().default(""),
    name: objectName("Rule Name"),
    objectType: z.enum(alertObjectTypes, { error: "Choose what the rule watches." }),
    objectIds: z.array(z.string().min(1)).default([]),
    trigger: z.enum(alertTriggers, { error: "Choose a trigger condition." }),
    uncompletedByTime: z.string().trim().default(""),
    thresholdMinutes: z.string().trim().default(""),
    emails: z.string().default(""),
    webhookUrls: z.string().default(""),
    dingtalkUrl: optionalUrl("DingTalk robot URL"),
    dingtalkSecret: z.string().trim().max(200).default(""),
    removeDingtalkSecret: z.boolean().default(false),
    larkUrl: optionalUrl("Lark robot URL"),
    larkSecret: z.string().trim().max(200).default(""),
    removeLarkSecret: z.boolean().default(false),
    wecomUrl: optionalUrl("WeCom robot URL"),
    minIntervalMinutes: minutes("Minimum interval", 10_000),
    maxAlertsPerDay: z.coerce
      .number({ error: "Maximum alerts per day must be a whole number." })
      .int("Maximum alerts per day must be a whole number.")
      .min(1, "Maximum alerts per day must be at least 1.")
      .max(10_000, "Maximum alerts per day must be at most 10000."),
    quietStart: z.string().trim().default(""),
    quietEnd: z.string().trim().default(""),
    enabled: z.boolean().default(true),
  })
  .superRefine((form, ctx) => {
    if (form.objectType !== "workspace" && form.objectIds.length === 0) {
      ctx.addIssue({ code: "custom", path: ["objectIds"], message: `Choose at least one ${form.objectType}.` });
    }
    if (form.trigger === "uncompletedBy" && parseClockTime(form.uncompletedByTime, 47) === null) {
      ctx.addIssue({
        code: "custom",
        path: ["uncompletedByTime"],
        message: "Give the time as hh:mm with hh from 0 to 47 (24:00 and later mean the day after the next day), like 08:30.",
      });
    }
    if (form.trigger === "timedOut") {
      const parsed = minutes("Timeout", 21_600).safeParse(form.thresholdMinutes || undefined);
      if (!parsed.success) {
        ctx.addIssue({ code: "custom", path: ["thresholdMinutes"], message: form.thresholdMinutes ? parsed.error.issues[0].message : "Give a number of minutes (1 or more)." });
      }
    }
    if (form.trigger === "uncompletedInCycle") {
      // The allowance past the cycle's end; empty = none (alert as the cycle ends).
      const parsed = allowanceMinutes.safeParse(form.thresholdMinutes || "0");
      if (!parsed.success) ctx.addIssue({ code: "custom", path: ["thresholdMinutes"], message: parsed.error.issues[0].message });
    }
    for (const address of splitList(form.emails)) {
      if (!emailPattern.test(address)) {
        ctx.addIssue({ code: "custom", path: ["emails"], message: `"${address}" is not an e-mail address.` });
        break;
      }
    }
    for (const url of splitList(form.webhookUrls)) {
      if (!isHttpUrl(url)) {
        ctx.addIssue({ code: "custom", path: ["webhookUrls"], message: `"${url.slice(0, 80)}" is not a valid http:// or https:// URL.` });
        break;
      }
    }
    if (!splitList(form.emails).length && !splitList(form.webhookUrls).length && !form.dingtalkUrl && !form.larkUrl && !form.wecomUrl) {
      ctx.addIssue({ code: "custom", path: ["channels"], message: "Give at least one channel: an e-mail address, a webhook URL or a robot URL." });
    }
    const start = form.quietStart ? parseClockTime(form.quietStart, 23) : null;
    const end = form.quietEnd ? parseClockTime(form.quietEnd, 23) : null;
    if (form.quietStart && start === null) ctx.addIssue({ code: "custom", path: ["quietStart"], message: "Give the start as hh:mm (00:00 to 23:59)." });
    if (form.quietEnd && end === null) ctx.addIssue({ code: "custom", path: ["quietEnd"], message: "Give the end as hh:mm (00:00 to 23:59)." });
    if (Boolean(form.quietStart) !== Boolean(form.quietEnd)) {
      ctx.addIssue({ code: "custom", path: [form.quietStart ? "quietEnd" : "quietStart"], message: "Give both the start and the end of the quiet hours, or neither." });
    } else if (start !== null && start === end) {
      ctx.addIssue({ code: "custom", path: ["quietEnd"], message: "The quiet hours must end at another time than they start." });
    }
  })
  .transform((form) => ({
    ...form,
    objectIds: form.objectType === "workspace" ? [] : [...new Set(form.objectIds)],
    emails: [...new Set(splitList(form.emails).map((address) => address.toLowerCase()))],
    webhookUrls: [...new Set(splitList(form.webhookUrls))],
    uncompletedByTime: form.trigger === "uncompletedBy" ? form.uncompletedByTime : null,
    thresholdMinutes: form.trigger === "timedOut" ? Number(form.thresholdMinutes) : form.trigger === "uncompletedInCycle" ? Number(form.thresholdMinutes || "0") : null,
  }));
export type AlertRuleFormInput = z.input<typeof alertRuleFormSchema>;
export type AlertRuleForm = z.output<typeof alertRuleFormSchema>;

export const alertEventStatuses = ["pending", "sent", "failed", "suppressed"] as const;
export type AlertEventStatusName = (typeof alertEventStatuses)[number];

export const smtpSecurities = ["starttls", "tls", "none"] as const;
export const smtpSecurityLabels: Record<(typeof smtpSecurities)[number], string> = {
  starttls: "STARTTLS (port 587)",
  tls: "TLS (port 465)",
  none: "None (a local relay only)",
};

/** Workspace settings > SMTP. An empty password keeps the stored one while host and user stay. */
export const smtpSettingsFormSchema = z.object({
  host: z.string({ error: "SMTP host is required." }).trim().min(1, "SMTP host is required.").max(255, "SMTP host must be at most 255 characters.").regex(/^[A-Za-z0-9.:\-[\]]+$/, "SMTP host must be a host name or an IP address."),
  port: z.coerce.number({ error: "Port must be a number from 1 to 65535." }).int("Port must be a number from 1 to 65535.").min(1, "Port must be a number from 1 to 65535.").max(65535, "Port must be a number from 1 to 65535."),
  security: z.enum(smtpSecurities, { error: "Choose how to secure the connection." }),
  username: z.string().trim().max(255).default(""),
  password: z.string().max(500).default(""),
  fromAddress: z.string({ error: "From address is required." }).trim().regex(emailPattern, "From address must be an e-mail address, like alerts@example.com."),
});
export type SmtpSettingsFormInput = z.input<typeof smtpSettingsFormSchema>;
export type SmtpSettingsForm = z.output<typeof smtpSettingsFormSchema>;
