"use server";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { runReadOnlyQuery, type QueryResult } from "@/lib/data/query";
import type { ActionResult } from "@/lib/schemas/common";
import { runQueryInputSchema } from "@/lib/schemas/query";
import { failure } from "./action-result";

/** Runs one read-only statement against a Hologres data source of the workspace. */
export async function runQuery(input: unknown): Promise<ActionResult<QueryResult>> {
  try {
    const { workspace } = await requireConsoleContext();
    const { dataSourceId, sql } = runQueryInputSchema.parse(input);
    return { ok: true, data: await runReadOnlyQuery({ workspaceId: workspace.id, dataSourceId, sql }) };
  } catch (error) {
    return failure(error);
  }
}
