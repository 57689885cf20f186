"use server";
import { authedAction } from "@/lib/auth/authed-action";
import { generateTargetDdl } from "@/lib/catalog/target-catalog";
import { generateDdlSchema } from "@/lib/schemas/sync-node";

export const generateCreateTableDdl = authedAction("edit", generateDdlSchema, async (form, { workspace }) => ({
  ddl: await generateTargetDdl({ workspaceId: workspace.id, ...form }),
}));
