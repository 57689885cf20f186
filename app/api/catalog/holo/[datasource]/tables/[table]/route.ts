import { catalogResponse } from "@/lib/catalog/catalog-route";
import { getTargetTable } from "@/lib/catalog/target-catalog";

export async function GET(_request: Request, { params }: { params: Promise<{ datasource: string; table: string }> }) {
  const { datasource, table } = await params;
  return catalogResponse((workspaceId) => getTargetTable(workspaceId, datasource, table));
}
