"use server";
import { authedAction } from "@/lib/auth/authed-action";
import { createTargetTable as runCreateTable } from "@/lib/catalog/target-catalog";
import { createTargetTableSchema } from "@/lib/schemas/sync-node";

export const createTargetTable = authedAction("edit", createTargetTableSchema, async (form, { workspace }) => {
  await runCreateTable({ workspaceId: workspace.id, ...form });
});
