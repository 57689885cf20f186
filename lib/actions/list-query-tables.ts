"use server";
import { authedAction } from "@/lib/auth/authed-action";
import { listQueryTables as listTables } from "@/lib/data/query";
import { listQueryTablesInputSchema } from "@/lib/schemas/query";

/** The tables of a Hologres data source, partitioned parents with their child tables. */
export const listQueryTables = authedAction("query", listQueryTablesInputSchema, ({ dataSourceId }, { workspace }) =>
  listTables({ workspaceId: workspace.id, dataSourceId }),
);
