import { catalogResponse } from "@/lib/catalog/catalog-route";
import { listSourceTables } from "@/lib/catalog/source-catalog";

export async function GET(_request: Request, { params }: { params: Promise<{ datasource: string }> }) {
  const { datasource } = await params;
  return catalogResponse((workspaceId) => listSourceTables(workspaceId, datasource));
}
