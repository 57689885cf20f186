"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { evaluateAlertRules, deliverPendingAlertEvents, type DeliverySummary, type EvaluationSummary } from "@/lib/alerts";
import { authedAction } from "@/lib/auth/authed-action";

/**
 * Alert events > Check now: evaluates the workspace's rules and sends what is due, the
 * same two calls the scheduler makes every few seconds. For when no scheduler runs, and
 * to see a new rule work at once. Bounded like the scheduler's call.
 */
export const checkAlertsNow = authedAction("deploy", z.object({}), async (_input, { workspace }): Promise<EvaluationSummary & DeliverySummary> => {
  const evaluated = await evaluateAlertRules({ workspaceId: workspace.id });
  const delivered = await deliverPendingAlertEvents({ workspaceId: workspace.id });
  revalidatePath("/alerts", "layout");
  return { ...evaluated, ...delivered };
});
