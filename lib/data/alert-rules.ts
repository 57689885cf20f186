import "server-only";
import { db } from "@/lib/db";
import { ConsoleError, isUniqueViolation } from "@/lib/console-error";
import { recipientsOf } from "@/lib/alerts/evaluate-alert-rules";
import { sealSecret } from "@/lib/secrets";
import type { AlertChannelName, AlertRuleForm, AlertRuleFormInput, AlertTriggerName } from "@/lib/schemas/alert-rule";

export type AlertRuleView = {
  id: string;
  name: string;
  objectType: "node" | "workflow" | "workspace";
  objects: string[];
  trigger: AlertTriggerName;
  uncompletedByTime: string | null;
  thresholdMinutes: number | null;
  /** E-mail addresses and masked URLs: never a token or a secret. */
  recipients: { channel: AlertChannelName; recipient: string }[];
  minIntervalMinutes: number;
  maxAlertsPerDay: number;
  quietStart: string;
  quietEnd: string;
  enabled: boolean;
  createdBy: string;
  updatedAt: Date;
  eventsToday: number;
};

export async function listAlertRules(workspaceId: string): Promise<AlertRuleView[]> {
  const since = new Date(Date.now() - 24 * 3600_000);
  const [rules, nodes, workflows, counts] = await Promise.all([
    db.alertRule.findMany({ where: { workspaceId }, orderBy: { name: "asc" } }),
    db.syncNode.findMany({ where: { workflow: { workspaceId } }, select: { id: true, name: true } }),
    db.workflow.findMany({ where: { workspaceId }, select: { id: true, name: true } }),
    db.alertEvent.groupBy({ by: ["ruleId"], where: { workspaceId, createdAt: { gte: since } }, _count: true }),
  ]);
  const names = new Map([...nodes, ...workflows].map((object) => [object.id, object.name]));
  const countOf = new Map(counts.map((count) => [count.ruleId, count._count]));
  return rules.map((rule) => ({
    id: rule.id,
    name: rule.name,
    objectType: rule.objectType,
    objects: rule.objectIds.map((id) => names.get(id) ?? "(deleted)"),
    trigger: rule.trigger,
    uncompletedByTime: rule.uncompletedByTime,
    thresholdMinutes: rule.thresholdMinutes,
    recipients: recipientsOf(rule).map(({ channel, recipient }) => ({ channel, recipient })),
    minIntervalMinutes: rule.minIntervalMinutes,
    maxAlertsPerDay: rule.maxAlertsPerDay,
    quietStart: rule.quietStart,
    quietEnd: rule.quietEnd,
    enabled: rule.enabled,
    createdBy: rule.createdBy,
    updatedAt: rule.updatedAt,
    eventsToday: countOf.get(rule.id) ?? 0,
  }));
}

export type AlertRuleFormValues = Required<Omit<AlertRuleFormInput, "dingtalkSecret" | "larkSecret" | "removeDingtalkSecret" | "removeLarkSecret">> & {
  hasDingtalkSecret: boolean;
  hasLarkSecret: boolean;
};

/** A rule as its edit form shows it: robot URLs in full (editors need them), secrets only as "stored". */
export async function getAlertRuleFormValues(workspaceId: string, id: string): Promise<AlertRuleFormValues> {
  const rule = await db.alertRule.findFirst({ where: { id, workspaceId } });
  if (!rule) throw new ConsoleError("NOT_FOUND", "This alert rule no longer exists.");
  return {
    id: rule.id,
    name: rule.name,
    objectType: rule.objectType,
    objectIds: rule.objectIds,
    trigger: rule.trigger,
    uncompletedByTime: rule.uncompletedByTime ?? "",
    thresholdMinutes: rule.thresholdMinutes === null ? "" : String(rule.thresholdMinutes),
    emails: rule.emails.join("\n"),
    webhookUrls: rule.webhookUrls.join("\n"),
    dingtalkUrl: rule.dingtalkUrl,
    larkUrl: rule.larkUrl,
    wecomUrl: rule.wecomUrl,
    minIntervalMinutes: String(rule.minIntervalMinutes),
    maxAlertsPerDay: String(rule.maxAlertsPerDay),
    quietStart: rule.quietStart,
    quietEnd: rule.quietEnd,
    enabled: rule.enabled,
    hasDingtalkSecret: Boolean(rule.dingtalkSecretSealed),
    hasLarkSecret: Boolean(rule.larkSecretSealed),
  };
}

/**
 * The stored secret after an edit: a new one typed replaces it, Remove drops it, and an
 * empty field keeps it only while the robot URL is unchanged (a secret is never sent to
 * a URL it was not given for, as with data sources).
 */
function nextSecret(input: { typed: string; remove: boolean; stored: string | null; urlChanged: boolean; url: string; field: string; label: string }): string | null {
  if (!input.url || input.remove) return null;
  if (input.typed) return sealSecret(input.typed);
  if (input.stored && input.urlChanged) {
    throw new ConsoleError("INVALID", `The ${input.label} URL changed: type its signing secret again, or tick Remove secret.`, input.field);
  }
  return input.stored;
}

export async function saveAlertRule(input: { workspaceId: string; form: AlertRuleForm; user: string }): Promise<{ id: string }> {
  const { workspaceId, form } = input;
  if (form.objectType === "node") {
    const found = await db.syncNode.count({ where: { id: { in: form.objectIds }, workflow: { workspaceId } } });
    if (found !== form.objectIds.length) throw new ConsoleError("INVALID", "Some chosen nodes are not in this workspace any more. Choose again.", "objectIds");
  } else if (form.objectType === "workflow") {
    const found = await db.workflow.count({ where: { id: { in: form.objectIds }, workspaceId } });
    if (found !== form.objectIds.length) throw new ConsoleError("INVALID", "Some chosen workflows are not in this workspace any more. Choose again.", "objectIds");
  }
  const existing = form.id ? await db.alertRule.findFirst({ where: { id: form.id, workspaceId } }) : null;
  if (form.id && !existing) throw new ConsoleError("NOT_FOUND", "This alert rule no longer exists.");
  const sameName = await db.alertRule.findFirst({ where: { workspaceId, name: { equals: form.name, mode: "insensitive" }, NOT: form.id ? { id: form.id } : undefined }, select: { name: true } });
  if (sameName) throw new ConsoleError("NAME_TAKEN", `An alert rule named "${sameName.name}" already exists in this workspace (names are compared without case).`, "name");
  const data = {
    name: form.name,
    objectType: form.objectType,
    objectIds: form.objectIds,
    trigger: form.trigger,
    uncompletedByTime: form.uncompletedByTime,
    thresholdMinutes: form.thresholdMinutes,
    emails: form.emails,
    webhookUrls: form.webhookUrls,
    dingtalkUrl: form.dingtalkUrl,
    dingtalkSecretSealed: nextSecret({ typed: form.dingtalkSecret, remove: form.removeDingtalkSecret, stored: existing?.dingtalkSecretSealed ?? null, urlChanged: existing?.dingtalkUrl !== form.dingtalkUrl, url: form.dingtalkUrl, field: "dingtalkSecret", label: "DingTalk robot" }),
    larkUrl: form.larkUrl,
    larkSecretSealed: nextSecret({ typed: form.larkSecret, remove: form.removeLarkSecret, stored: existing?.larkSecretSealed ?? null, urlChanged: existing?.larkUrl !== form.larkUrl, url: form.larkUrl, field: "larkSecret", label: "Lark robot" }),
    wecomUrl: form.wecomUrl,
    minIntervalMinutes: form.minIntervalMinutes,
    maxAlertsPerDay: form.maxAlertsPerDay,
    quietStart: form.quietStart,
    quietEnd: form.quietEnd,
    enabled: form.enabled,
    // Another trigger or other objects: outcomes are read afresh from the window's start.
    ...(existing && (existing.trigger !== form.trigger || existing.objectType !== form.objectType || existing.objectIds.join() !== form.objectIds.join()) ? { outcomesCheckedUntil: null } : {}),
  };
  try {
    if (existing) return await db.alertRule.update({ where: { id: existing.id }, data, select: { id: true } });
    return await db.alertRule.create({ data: { ...data, workspaceId, createdBy: input.user }, select: { id: true } });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConsoleError("NAME_TAKEN", `An alert rule named "${form.name}" already exists in this workspace.`, "name");
    throw error;
  }
}

export async function setAlertRuleEnabled(input: { workspaceId: string; id: string; enabled: boolean }): Promise<void> {
  const { count } = await db.alertRule.updateMany({ where: { id: input.id, workspaceId: input.workspaceId }, data: { enabled: input.enabled } });
  if (count === 0) throw new ConsoleError("NOT_FOUND", "This alert rule no longer exists.");
}

/** Deletes a rule with its events (they only make sense with it). */
export async function deleteAlertRule(input: { workspaceId: string; id: string }): Promise<void> {
  const { count } = await db.alertRule.deleteMany({ where: { id: input.id, workspaceId: input.workspaceId } });
  if (count === 0) throw new ConsoleError("NOT_FOUND", "This alert rule no longer exists.");
}

/** Nodes and workflows a rule may watch, for the form's pickers. */
export async function alertRuleObjectOptions(workspaceId: string): Promise<{ nodes: { id: string; name: string; workflow: string }[]; workflows: { id: string; name: string }[] }> {
  const [nodes, workflows] = await Promise.all([
    db.syncNode.findMany({ where: { workflow: { workspaceId } }, select: { id: true, name: true, workflow: { select: { name: true } } }, orderBy: { name: "asc" } }),
    db.workflow.findMany({ where: { workspaceId }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  return { nodes: nodes.map((node) => ({ id: node.id, name: node.name, workflow: node.workflow.name })), workflows };
}
