"use server";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { createTargetTable as runCreateTable } from "@/lib/catalog/target-catalog";
import type { ActionResult } from "@/lib/schemas/common";
import { createTargetTableSchema } from "@/lib/schemas/sync-node";
import { catalogFailure } from "./catalog-failure";

export async function createTargetTable(input: unknown): Promise<ActionResult> {
  try {
    const { workspace } = await requireConsoleContext();
    const form = createTargetTableSchema.parse(input);
    await runCreateTable({ workspaceId: workspace.id, ...form });
    return { ok: true };
  } catch (error) {
    return catalogFailure(error);
  }
}
