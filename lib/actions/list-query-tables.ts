"use server";
import { z } from "zod";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { listQueryTables as listTables, type QueryTable } from "@/lib/data/query";
import type { ActionResult } from "@/lib/schemas/common";
import { failure } from "./action-result";

const inputSchema = z.object({ dataSourceId: z.string().min(1, "Choose a Hologres data source.") });

/** The tables of a Hologres data source, partitioned parents with their child tables. */
export async function listQueryTables(input: unknown): Promise<ActionResult<QueryTable[]>> {
  try {
    const { workspace } = await requireConsoleContext();
    const { dataSourceId } = inputSchema.parse(input);
    return { ok: true, data: await listTables({ workspaceId: workspace.id, dataSourceId }) };
  } catch (error) {
    return failure(error);
  }
}
