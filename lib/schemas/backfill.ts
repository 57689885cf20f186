import { z } from "zod";
import { backfillRequestSchema } from "@/lib/scheduling/backfill-plan";

/** Data Backfill from a node: the request as the dialog sends it (the dialog checks it with the same schema first). */
export const createBackfillInputSchema = z.object({
  nodeId: z.string({ error: "Say which node." }).min(1, "Say which node."),
  request: backfillRequestSchema,
  // Descendants chosen not to run (scope current and descendants): their instances are dry runs.
  excludedNodeIds: z.array(z.string().min(1)).max(1_000).default([]),
});

export const backfillNodeInputSchema = z.object({ nodeId: z.string({ error: "Say which node." }).min(1, "Say which node.") });

export const backfillIdInputSchema = z.object({ backfillId: z.string({ error: "Say which backfill." }).min(1, "Say which backfill.") });
