import { authedRoute } from "@/lib/auth/authed-action";
import { listSourceTables } from "@/lib/catalog/source-catalog";

export const GET = authedRoute<"read", { datasource: string }>("read", (_request, { workspace, params }) =>
  listSourceTables(workspace.id, params.datasource),
);
