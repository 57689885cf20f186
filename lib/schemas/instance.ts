import { z } from "zod";
import { displayStatuses } from "@/lib/scheduling/instance-status";

const optionalDay = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined)
  .transform((value) => value || undefined);

/**
 * The instance lists' filters, read from the URL (?bizdate=2026-11-29&date=2026-11-30&status=failed&nodeId=...),
 * so a view can be shared. Anything unreadable is dropped rather than refused.
 */
export const instanceListFilterSchema = z.object({
  /** Business date, yyyy-MM-dd. */
  bizdate: optionalDay,
  /** Scheduled date (the day of the scheduled time in the workspace's time zone), yyyy-MM-dd. */
  date: optionalDay,
  status: z.enum(displayStatuses).optional().catch(undefined),
  nodeId: z.string().trim().optional().catch(undefined).transform((value) => value || undefined),
});
export type InstanceListFilter = Partial<z.infer<typeof instanceListFilterSchema>>;

export const instanceKinds = ["auto", "test"] as const;
export type ListedInstanceKind = (typeof instanceKinds)[number];

export const instanceIdInputSchema = z.object({ instanceId: z.string({ error: "Say which instance." }).min(1, "Say which instance.") });
export const instanceFreezeInputSchema = instanceIdInputSchema.extend({ frozen: z.boolean({ error: "Say whether to freeze or unfreeze." }) });
export const nodeFreezeInputSchema = z.object({
  nodeId: z.string({ error: "Say which node." }).min(1, "Say which node."),
  frozen: z.boolean({ error: "Say whether to freeze or unfreeze." }),
});
export const undeployNodeInputSchema = z.object({ nodeId: z.string({ error: "Say which node." }).min(1, "Say which node.") });
export const testInstanceInputSchema = z.object({
  nodeId: z.string({ error: "Say which node." }).min(1, "Say which node."),
  bizdate: z.string({ error: "Choose a business date." }).trim().min(1, "Choose a business date."),
});
