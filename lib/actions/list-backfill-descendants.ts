"use server";
import { authedAction } from "@/lib/auth/authed-action";
import { listDescendantNodes } from "@/lib/scheduling/node-descendants";
import { backfillNodeInputSchema } from "@/lib/schemas/backfill";

/** The deployed descendants of a node, for the Data Backfill dialog's choice of nodes; seeing the graph is reading. */
export const listBackfillDescendants = authedAction("read", backfillNodeInputSchema, ({ nodeId }, { workspace }) =>
  listDescendantNodes({ workspaceId: workspace.id, nodeId }),
);
