"use server";
import { authedAction } from "@/lib/auth/authed-action";
import { runReadOnlyQuery } from "@/lib/data/query";
import { runQueryInputSchema } from "@/lib/schemas/query";

/** Runs one read-only statement against a Hologres data source of the workspace. */
export const runQuery = authedAction("query", runQueryInputSchema, ({ dataSourceId, sql }, { workspace }) =>
  runReadOnlyQuery({ workspaceId: workspace.id, dataSourceId, sql }),
);
