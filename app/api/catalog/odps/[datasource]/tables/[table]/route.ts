import { catalogResponse } from "@/lib/catalog/catalog-route";
import { getSourceTable } from "@/lib/catalog/source-catalog";

export async function GET(_request: Request, { params }: { params: Promise<{ datasource: string; table: string }> }) {
  const { datasource, table } = await params;
  return catalogResponse((workspaceId) => getSourceTable(workspaceId, datasource, table));
}
