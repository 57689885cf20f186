import { authedRoute } from "@/lib/auth/authed-action";
import { previewConnector } from "@/lib/catalog/connector-catalog";

// Preview shows table rows, so it needs the same right as the Query page.
export const GET = authedRoute<"query", { type: string; datasource: string }>("query", (request, { workspace, params }) => {
  const search = new URL(request.url).searchParams;
  return previewConnector({
    workspaceId: workspace.id,
    type: params.type,
    datasource: params.datasource,
    table: search.get("table") ?? undefined,
    where: search.get("where") ?? undefined,
    querySql: search.get("querySql") ?? undefined,
    nodeArguments: search.get("args") ?? undefined,
  });
});
