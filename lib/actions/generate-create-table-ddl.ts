"use server";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { generateTargetDdl } from "@/lib/catalog/target-catalog";
import type { ActionResult } from "@/lib/schemas/common";
import { generateDdlSchema } from "@/lib/schemas/sync-node";
import { catalogFailure } from "./catalog-failure";

export async function generateCreateTableDdl(input: unknown): Promise<ActionResult<{ ddl: string }>> {
  try {
    const { workspace } = await requireConsoleContext();
    const form = generateDdlSchema.parse(input);
    return { ok: true, data: { ddl: await generateTargetDdl({ workspaceId: workspace.id, ...form }) } };
  } catch (error) {
    return catalogFailure(error);
  }
}
