// Test fixtures for alerts: a workspace with deployed nodes and instances written straight
// to the database, as the scheduler would leave them. Used by the alert tests only.
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { saveAlertRule } from "@/lib/data/alert-rules";
import { ensureWorkspace } from "@/lib/data/workspaces";
import { alertRuleFormSchema, type AlertRuleFormInput } from "@/lib/schemas/alert-rule";
import type { Prisma } from "@/lib/generated/prisma/client";

export async function createAlertWorkspace(timeZone = "Asia/Shanghai"): Promise<{ workspaceId: string; workflowId: string }> {
  const workspace = await ensureWorkspace({ name: `alerts_${randomUUID().slice(0, 8)}`, displayName: "Alerts", mode: "basic", memberIds: [] });
  await db.workspace.update({ where: { id: workspace.id }, data: { schedulingTimeZone: timeZone } });
  const workflow = await db.workflow.create({ data: { workspaceId: workspace.id, name: "nightly" } });
  return { workspaceId: workspace.id, workflowId: workflow.id };
}

/** A node with a committed, deployed version, as Deploy leaves it. */
export async function createDeployedNode(input: { workflowId: string; name: string }): Promise<{ id: string; name: string }> {
  const jobSpec = { type: "job", version: "2.0", steps: [], setting: {}, order: { hops: [] } };
  const node = await db.syncNode.create({ data: { workflowId: input.workflowId, name: input.name, jobSpec } });
  const version = await db.nodeVersion.create({
    data: { nodeId: node.id, version: 1, changeType: "create", jobSpec, scheduling: {}, committedBy: "tester", deployedBy: "tester", deployedAt: new Date() },
  });
  await db.syncNode.update({ where: { id: node.id }, data: { deployedVersionId: version.id } });
  return { id: node.id, name: node.name };
}

type InstanceInput = {
  workspaceId: string;
  nodeId: string;
  scheduledAt: Date;
  bizdate: string;
  kind?: "auto" | "test" | "backfill";
  status: Prisma.InstanceCreateInput["status"];
  dryRun?: boolean;
  frozen?: boolean;
  autoRerunsUsed?: number;
  endedAt?: Date | null;
  /** Attempts, oldest first: each becomes a Run with runNumber 1, 2, ... */
  runs?: { status: "running" | "succeeded" | "failed"; startedAt: Date; endedAt?: Date; errorMessage?: string }[];
};

/** An instance with its attempts; the last attempt is its current run. */
export async function createInstance(input: InstanceInput): Promise<{ id: string; runIds: string[] }> {
  const instance = await db.instance.create({
    data: {
      workspaceId: input.workspaceId,
      nodeId: input.nodeId,
      kind: input.kind ?? "auto",
      batch: input.kind && input.kind !== "auto" ? randomUUID() : "",
      scheduledAt: input.scheduledAt,
      bizdate: input.bizdate,
      parameters: { bizdate: input.bizdate },
      status: input.status,
      dryRun: input.dryRun ?? false,
      frozen: input.frozen ?? false,
      notBefore: input.scheduledAt,
      runNumber: input.runs?.length ?? 0,
      autoRerunsUsed: input.autoRerunsUsed ?? 0,
      startedAt: input.runs?.[0]?.startedAt,
      endedAt: input.endedAt ?? null,
    },
  });
  const runIds: string[] = [];
  for (const [index, run] of (input.runs ?? []).entries()) {
    const created = await db.run.create({
      data: {
        nodeId: input.nodeId,
        jobSpec: {},
        parameters: { bizdate: input.bizdate },
        bizdate: input.bizdate,
        status: run.status,
        triggeredBy: "scheduler",
        instanceId: instance.id,
        runNumber: index + 1,
        environment: "production",
        startedAt: run.startedAt,
        endedAt: run.endedAt,
        errorCode: run.status === "failed" ? "WRITE_FAILED" : null,
        errorMessage: run.errorMessage,
      },
    });
    runIds.push(created.id);
  }
  if (runIds.length) await db.instance.update({ where: { id: instance.id }, data: { currentRunId: runIds.at(-1) } });
  return { id: instance.id, runIds };
}

/** A rule through the form's schema and the data layer, dated `createdAt` (rules alert on outcomes after they exist). */
export async function createRule(input: { workspaceId: string; createdAt: Date; form: Partial<AlertRuleFormInput> & Pick<AlertRuleFormInput, "name" | "trigger"> }): Promise<{ id: string }> {
  const form = alertRuleFormSchema.parse({ objectType: "workspace", minIntervalMinutes: "1", maxAlertsPerDay: "100", webhookUrls: "http://127.0.0.1:9/never", ...input.form });
  const rule = await saveAlertRule({ workspaceId: input.workspaceId, form, user: "tester" });
  await db.alertRule.update({ where: { id: rule.id }, data: { createdAt: input.createdAt } });
  return rule;
}
