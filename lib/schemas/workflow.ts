import { z } from "zod";
import { description, objectName } from "./common";

export const workflowFormSchema = z.object({
  name: objectName("Workflow Name"),
  description: description(),
});
export type WorkflowForm = z.infer<typeof workflowFormSchema>;

export const renameWorkflowInputSchema = workflowFormSchema.extend({ id: z.string().min(1) });

export const syncNodeTypes = ["batch_sync"] as const;
export const syncNodeTypeLabels = { batch_sync: "Batch Synchronization" } as const;

export const createSyncNodeFormSchema = z.object({
  nodeType: z.enum(syncNodeTypes, { error: "Node Type is required." }),
  name: objectName("Node Name"),
  workflowId: z.string({ error: "Location is required: choose a workflow." }).min(1, "Location is required: choose a workflow."),
});
export type CreateSyncNodeForm = z.infer<typeof createSyncNodeFormSchema>;
