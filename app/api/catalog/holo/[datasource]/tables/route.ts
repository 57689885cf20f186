import { authedRoute } from "@/lib/auth/authed-action";
import { listTargetTables } from "@/lib/catalog/target-catalog";

export const GET = authedRoute<"read", { datasource: string }>("read", (_request, { workspace, params }) =>
  listTargetTables(workspace.id, params.datasource),
);
