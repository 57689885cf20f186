import { requireConsoleContext } from "@/lib/auth/current-user";
import { roleCan } from "@/lib/auth/roles";
import { listDataSources } from "@/lib/data/data-sources";
import { dataSourceListFilterSchema, dataSourceTypeLabels, dataSourceTypes, environmentLabels } from "@/lib/schemas/data-source";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { inputClass } from "@/components/ui/field";
import { DateTimeCell } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { ConnectivityWarningLine } from "@/components/data-sources/connectivity-warning-line";
import { DataSourceRowActions, TestConnectivityButton } from "@/components/data-sources/data-source-row-actions";
import { NewDataSourceButton } from "@/components/data-sources/new-data-source-button";

export const metadata = { title: "Data Source" };

export default async function DataSourcesPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const { workspace, role } = await requireConsoleContext();
  const canEdit = roleCan(role, "edit");
  const filter = dataSourceListFilterSchema.parse(await searchParams);
  const dataSources = await listDataSources(workspace.id, filter);
  const filtered = Boolean(filter.q || filter.type);

  return (
    <div className="p-6">
      <PageHeader
        title="Data Source"
        description="Connections that sync nodes read from and write to."
        actions={canEdit ? <NewDataSourceButton /> : null}
      />
      <form className="mb-4 flex flex-wrap items-center gap-2" role="search">
        <input name="q" defaultValue={filter.q} placeholder="Search by data source name" aria-label="Search by data source name" className={`${inputClass} w-full max-w-xs`} />
        <select name="type" defaultValue={filter.type ?? ""} aria-label="Filter by type" className={`${inputClass} w-full max-w-[200px]`}>
          <option value="">All types</option>
          {dataSourceTypes.map((type) => (
            <option key={type} value={type}>
              {dataSourceTypeLabels[type]}
            </option>
          ))}
        </select>
        <button type="submit" className={buttonClass("secondary")}>
          Search
        </button>
        {filtered && (
          <a href="/data-sources" className="text-sm text-brand-600 hover:underline">
            Clear
          </a>
        )}
      </form>

      {dataSources.length === 0 ? (
        filtered ? (
          <EmptyState title="No data source matches">Try another name or type.</EmptyState>
        ) : (
          <EmptyState title="No data sources yet" action={canEdit ? <NewDataSourceButton /> : null}>
            Add a MaxCompute data source to read from and a Hologres data source to write to. Sync nodes use them by name.
          </EmptyState>
        )
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-sm">
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th className="whitespace-nowrap px-4 py-2.5">Data source name</th>
                <th className="px-4 py-2.5">Type</th>
                {workspace.mode === "standard" && <th className="px-4 py-2.5">Environment</th>}
                <th className="px-4 py-2.5">Description</th>
                <th className="px-4 py-2.5">Connectivity</th>
                <th className="px-4 py-2.5">Created</th>
                <th className="px-4 py-2.5">Updated</th>
                <th className="px-4 py-2.5 text-right">Actions</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {dataSources.map((source) => (
                <tr key={source.id} className="hover:bg-slate-50/60">
                  <td className="whitespace-nowrap px-4 py-3 font-medium text-slate-900">{source.name}</td>
                  <td className="whitespace-nowrap px-4 py-3">
                    <Badge tone={source.type === "odps" ? "amber" : "blue"}>{dataSourceTypeLabels[source.type]}</Badge>
                  </td>
                  {workspace.mode === "standard" && (
                    <td className="px-4 py-3">
                      <div className="flex gap-1">
                        {source.environments.map((environment) => (
                          <Badge key={environment} tone={environment === "production" ? "violet" : "gray"}>
                            {environmentLabels[environment]}
                          </Badge>
                        ))}
                      </div>
                    </td>
                  )}
                  <td className="max-w-[180px] truncate px-4 py-3 text-slate-600" title={source.description}>
                    {source.description || <span className="text-slate-400">—</span>}
                  </td>
                  <td className="max-w-[220px] px-4 py-3">
                    {source.lastTest ? (
                      <div title={source.lastTest.message}>
                        <Badge tone={source.lastTest.ok ? "green" : "red"}>{source.lastTest.ok ? "Connected" : "Failed"}</Badge>
                        <p className="mt-0.5 truncate text-xs text-slate-500">{source.lastTest.message}</p>
                        {source.lastTest.warning && <ConnectivityWarningLine warning={source.lastTest.warning} />}
                      </div>
                    ) : (
                      <span className="block text-xs text-slate-400">Not tested</span>
                    )}
                    {canEdit && <TestConnectivityButton id={source.id} />}
                  </td>
                  <td className="px-4 py-3 text-xs text-slate-600">
                    <DateTimeCell value={source.createdAt} />
                  </td>
                  <td className="px-4 py-3 text-xs text-slate-600">
                    <DateTimeCell value={source.updatedAt} />
                  </td>
                  <td className="px-4 py-3">
                    {canEdit && <DataSourceRowActions id={source.id} name={source.name} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
