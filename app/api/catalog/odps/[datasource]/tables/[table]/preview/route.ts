import { authedRoute } from "@/lib/auth/authed-action";
import { previewSource } from "@/lib/catalog/source-catalog";

// Preview shows table rows, so it needs the same right as the Query page.
export const GET = authedRoute<"query", { datasource: string; table: string }>("query", (request, { workspace, params }) => {
  const filter = new URL(request.url).searchParams.get("filter") ?? undefined;
  return previewSource({ workspaceId: workspace.id, datasource: params.datasource, table: params.table, filter });
});
