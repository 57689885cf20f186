import { catalogResponse } from "@/lib/catalog/catalog-route";
import { listTargetTables } from "@/lib/catalog/target-catalog";

export async function GET(_request: Request, { params }: { params: Promise<{ datasource: string }> }) {
  const { datasource } = await params;
  return catalogResponse((workspaceId) => listTargetTables(workspaceId, datasource));
}
