import { authedRoute } from "@/lib/auth/authed-action";
import { matchSourcePartitions } from "@/lib/catalog/source-catalog";

export const GET = authedRoute<"read", { datasource: string; table: string }>("read", (request, { workspace, params }) => {
  const search = new URL(request.url).searchParams;
  return matchSourcePartitions({
    workspaceId: workspace.id,
    datasource: params.datasource,
    table: params.table,
    filter: search.get("filter") ?? "*",
    nodeArguments: search.get("arguments") ?? undefined,
  });
});
