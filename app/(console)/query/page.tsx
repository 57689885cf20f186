import { requireConsoleContext } from "@/lib/auth/current-user";
import { roleCan, roleLabels } from "@/lib/auth/roles";
import { listDataSources } from "@/lib/data/data-sources";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { QueryWorkbench } from "@/components/query/query-workbench";

export const metadata = { title: "Query" };

export default async function QueryPage() {
  const { workspace, role } = await requireConsoleContext();
  const dataSources = await listDataSources(workspace.id, { type: "holo" });
  return (
    <div className="p-6">
      <PageHeader title="Query" description="Run read-only SQL against a Hologres data source to check what a sync wrote." />
      {!roleCan(role, "query") ? (
        <EmptyState title={`Your role (${roleLabels[role]}) cannot run queries`}>
          Queries read the data itself. Ask a workspace administrator for the Developer or O&amp;M role.
        </EmptyState>
      ) : dataSources.length === 0 ? (
        <EmptyState title="No Hologres data source" action={<ButtonLink href="/data-sources">Go to Data Source</ButtonLink>}>
          Add a Hologres data source first; the Query page reads from it.
        </EmptyState>
      ) : (
        <QueryWorkbench dataSources={dataSources.map((source) => ({ id: source.id, name: source.name }))} />
      )}
    </div>
  );
}
