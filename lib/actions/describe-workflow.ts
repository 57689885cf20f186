"use server";
import { authedAction } from "@/lib/auth/authed-action";
import { describeWorkflowContents } from "@/lib/data/workflows";
import { idInputSchema } from "@/lib/schemas/common";

/** What deleting a workflow would remove, for the confirmation dialog. */
export const describeWorkflow = authedAction("read", idInputSchema, (input, { workspace }) =>
  describeWorkflowContents(workspace.id, input.id),
);
