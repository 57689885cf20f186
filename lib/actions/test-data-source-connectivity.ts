"use server";
import { revalidatePath } from "next/cache";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { checkConnectivity, type ConnectivityReport } from "@/lib/connectivity";
import { getDataSourceForTest, recordConnectivityResult, resolveDataSource } from "@/lib/data/data-sources";
import { toEngineDataSource } from "@/lib/engine-data-source";
import type { ActionResult } from "@/lib/schemas/common";
import { failure } from "./action-result";
import { parseDataSourceForm } from "./parse-data-source-form";

/**
 * Tests a saved data source (by id) or the values of an unsaved form. An edit form with
 * an empty secret field is tested with the stored secret.
 */
export async function testDataSourceConnectivity(input: {
  id?: string;
  form?: unknown;
}): Promise<ActionResult<ConnectivityReport>> {
  try {
    const { workspace } = await requireConsoleContext();
    if (input.form) {
      const form = parseDataSourceForm(input.form, workspace.mode, { requireSecrets: false });
      const source = await getDataSourceForTest(workspace.id, form, input.id);
      return { ok: true, data: await checkConnectivity(toEngineDataSource(source)) };
    }
    const resolved = await resolveDataSource({ workspaceId: workspace.id, id: String(input.id) });
    const report = await checkConnectivity(toEngineDataSource(resolved));
    await recordConnectivityResult(resolved.id, resolved.environment, report);
    revalidatePath("/data-sources");
    return { ok: true, data: report };
  } catch (error) {
    return failure(error);
  }
}
