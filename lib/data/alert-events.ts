import "server-only";
import { db } from "@/lib/db";
import type { AlertChannelName, AlertEventStatusName, AlertTriggerName } from "@/lib/schemas/alert-rule";

export type AlertEventView = {
  id: string;
  createdAt: Date;
  rule: string;
  ruleId: string;
  node: string;
  bizdate: string;
  trigger: AlertTriggerName;
  channel: AlertChannelName;
  recipient: string;
  summary: string;
  status: AlertEventStatusName;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  sentAt: Date | null;
};

export const alertEventsPageSize = 100;

/** The newest alert events of a workspace, optionally of one status. */
export async function listAlertEvents(input: { workspaceId: string; status?: AlertEventStatusName }): Promise<{ events: AlertEventView[]; counts: Record<AlertEventStatusName, number> }> {
  const [events, grouped] = await Promise.all([
    db.alertEvent.findMany({
      where: { workspaceId: input.workspaceId, ...(input.status ? { status: input.status } : {}) },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      take: alertEventsPageSize,
      include: { rule: { select: { name: true } }, instance: { select: { bizdate: true, node: { select: { name: true } } } } },
    }),
    db.alertEvent.groupBy({ by: ["status"], where: { workspaceId: input.workspaceId }, _count: true }),
  ]);
  const counts = { pending: 0, sent: 0, failed: 0, suppressed: 0 };
  for (const group of grouped) counts[group.status] = group._count;
  return {
    counts,
    events: events.map((event) => ({
      id: event.id,
      createdAt: event.createdAt,
      rule: event.rule.name,
      ruleId: event.ruleId,
      node: event.instance.node.name,
      bizdate: event.instance.bizdate,
      trigger: event.trigger,
      channel: event.channel,
      recipient: event.recipient,
      summary: event.summary,
      status: event.status,
      attempts: event.attempts,
      nextAttemptAt: event.nextAttemptAt,
      lastError: event.lastError,
      sentAt: event.sentAt,
    })),
  };
}
