import { authedRoute } from "@/lib/auth/authed-action";
import { describeConnectorTable } from "@/lib/catalog/connector-catalog";

export const GET = authedRoute<"read", { type: string; datasource: string; table: string }>("read", (_request, { workspace, params }) =>
  describeConnectorTable(workspace.id, params.type, params.datasource, params.table),
);
