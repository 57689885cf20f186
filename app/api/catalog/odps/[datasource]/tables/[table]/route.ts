import { authedRoute } from "@/lib/auth/authed-action";
import { getSourceTable } from "@/lib/catalog/source-catalog";

export const GET = authedRoute<"read", { datasource: string; table: string }>("read", (_request, { workspace, params }) =>
  getSourceTable(workspace.id, params.datasource, params.table),
);
