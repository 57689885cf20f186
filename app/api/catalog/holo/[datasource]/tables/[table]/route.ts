import { authedRoute } from "@/lib/auth/authed-action";
import { getTargetTable } from "@/lib/catalog/target-catalog";

export const GET = authedRoute<"read", { datasource: string; table: string }>("read", (_request, { workspace, params }) =>
  getTargetTable(workspace.id, params.datasource, params.table),
);
