"use server";
import { revalidatePath } from "next/cache";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { createDataSource as insertDataSource } from "@/lib/data/data-sources";
import type { ActionResult } from "@/lib/schemas/common";
import { parseDataSourceForm } from "./parse-data-source-form";
import { failure } from "./action-result";

export async function createDataSource(input: unknown): Promise<ActionResult<{ id: string }>> {
  try {
    const { workspace } = await requireConsoleContext();
    const form = parseDataSourceForm(input, workspace.mode, { requireSecrets: true });
    const created = await insertDataSource(workspace.id, form);
    revalidatePath("/data-sources");
    return { ok: true, data: created };
  } catch (error) {
    return failure(error);
  }
}
