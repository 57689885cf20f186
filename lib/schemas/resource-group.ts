import { z } from "zod";
import { description, objectName } from "./common";

export const defaultResourceGroupName = "default";

export const resourceGroupSlotsSchema = z.coerce
  .number({ error: "Slots must be a whole number from 1 to 32." })
  .int("Slots must be a whole number from 1 to 32.")
  .min(1, "Slots must be at least 1.")
  .max(32, "Slots must be at most 32.");

/** The workspaces whose nodes may run on the group (DataWorks binds groups to workspaces). */
const workspaceIds = z.array(z.string().min(1)).default([]);

export const createResourceGroupFormSchema = z.object({
  name: objectName("Resource Group Name"),
  slots: resourceGroupSlotsSchema,
  description: description(),
  workspaceIds,
});
export type CreateResourceGroupForm = z.infer<typeof createResourceGroupFormSchema>;

export const updateResourceGroupFormSchema = z.object({
  id: z.string().min(1),
  slots: resourceGroupSlotsSchema,
  description: description(),
  workspaceIds,
});
export type UpdateResourceGroupForm = z.infer<typeof updateResourceGroupFormSchema>;

export const groupConnectivityCheckSchema = z.object({
  resourceGroupId: z.string().min(1, "Choose a resource group."),
  dataSourceId: z.string({ error: "Choose a data source." }).min(1, "Choose a data source."),
});
