import { authedRoute } from "@/lib/auth/authed-action";
import { listConnectorTables } from "@/lib/catalog/connector-catalog";

export const GET = authedRoute<"read", { type: string; datasource: string }>("read", (_request, { workspace, params }) =>
  listConnectorTables(workspace.id, params.type, params.datasource),
);
