import { catalogResponse } from "@/lib/catalog/catalog-route";
import { matchSourcePartitions } from "@/lib/catalog/source-catalog";

export async function GET(request: Request, { params }: { params: Promise<{ datasource: string; table: string }> }) {
  const { datasource, table } = await params;
  const search = new URL(request.url).searchParams;
  return catalogResponse((workspaceId) =>
    matchSourcePartitions({
      workspaceId,
      datasource,
      table,
      filter: search.get("filter") ?? "*",
      nodeArguments: search.get("arguments") ?? undefined,
    }),
  );
}
