import { z } from "zod";

export const runStatuses = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type RunStatusName = (typeof runStatuses)[number];
export const terminalRunStatuses: readonly RunStatusName[] = ["succeeded", "failed", "cancelled"];

export const runStatusLabels: Record<RunStatusName, string> = {
  queued: "Waiting for resources",
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
  cancelled: "Cancelled",
};

export const bizdateSchema = z
  .string()
  .trim()
  .regex(/^\d{8}$/, "bizdate must be a date written yyyymmdd, for example 20261123.");

export const startRunInputSchema = z.object({
  nodeId: z.string().min(1, "Choose a node."),
  parameters: z.record(z.string(), z.string()).default({}),
});
export type StartRunInput = z.input<typeof startRunInputSchema>;

export const runIdInputSchema = z.object({ runId: z.string().min(1) });

export const runListFilterSchema = z.object({
  nodeId: z.string().trim().optional().transform((value) => value || undefined),
  status: z
    .enum(runStatuses)
    .optional()
    .or(z.literal("").transform(() => undefined))
    .catch(undefined),
});
export type RunListFilter = z.infer<typeof runListFilterSchema>;

/**
 * A run's verification after writing as the worker stores it (the engine's RunVerification);
 * read back loosely, since a stored row may predate a field.
 */
export const runVerificationSchema = z.object({
  mode: z.enum(["count", "checksum"]),
  ok: z.boolean(),
  scope: z.string(),
  sourceRows: z.number(),
  targetRows: z.number(),
  targetRowsBefore: z.number().default(0),
  sourceChecksum: z.string().nullable().default(null),
  targetChecksum: z.string().nullable().default(null),
  message: z.string(),
});
export type RunVerificationView = z.infer<typeof runVerificationSchema>;
