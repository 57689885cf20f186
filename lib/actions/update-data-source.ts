"use server";
import { revalidatePath } from "next/cache";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { updateDataSource as storeDataSource } from "@/lib/data/data-sources";
import type { ActionResult } from "@/lib/schemas/common";
import { parseDataSourceForm } from "./parse-data-source-form";
import { failure } from "./action-result";

export async function updateDataSource(id: string, input: unknown): Promise<ActionResult> {
  try {
    const { workspace } = await requireConsoleContext();
    const form = parseDataSourceForm(input, workspace.mode, { requireSecrets: false });
    await storeDataSource(workspace.id, String(id), form);
    revalidatePath("/data-sources");
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}
