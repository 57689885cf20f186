import { catalogResponse } from "@/lib/catalog/catalog-route";
import { previewSource } from "@/lib/catalog/source-catalog";

export async function GET(request: Request, { params }: { params: Promise<{ datasource: string; table: string }> }) {
  const { datasource, table } = await params;
  const filter = new URL(request.url).searchParams.get("filter") ?? undefined;
  return catalogResponse((workspaceId) => previewSource({ workspaceId, datasource, table, filter }));
}
