import { requireConsoleContext } from "@/lib/auth/current-user";
import { roleCan } from "@/lib/auth/roles";
import { listDataSources } from "@/lib/data/data-sources";
import { listResourceGroups } from "@/lib/data/resource-groups";
import { dataSourceTypeLabels } from "@/lib/schemas/data-source";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { CreateResourceGroupButton } from "@/components/resource-groups/create-resource-group-button";
import { ResourceGroupRowActions } from "@/components/resource-groups/resource-group-row-actions";
import { AutoRefresh } from "@/components/runs/auto-refresh";
import { formatSecondsAgo } from "@/components/runs/run-format";

export const metadata = { title: "Resource Groups" };

export default async function ResourceGroupsPage() {
  const { user, workspace, workspaces, role } = await requireConsoleContext();
  const [groups, dataSources] = await Promise.all([
    listResourceGroups({ workspaceId: user.isAdmin ? null : workspace.id }),
    listDataSources(workspace.id),
  ]);
  const dataSourceOptions = dataSources.map((source) => ({ id: source.id, name: source.name, typeLabel: dataSourceTypeLabels[source.type] }));
  const admin = user.isAdmin ? { workspaces: workspaces.map(({ id, displayName }) => ({ id, displayName })), currentWorkspaceId: workspace.id } : null;
  const createButton = admin ? <CreateResourceGroupButton {...admin} /> : null;

  return (
    <div className="p-6">
      <AutoRefresh everyMs={5_000} />
      <PageHeader
        title="Resource Groups"
        description={
          admin
            ? "Exclusive resource groups for Data Integration: pools of workers that run sync nodes. As a console administrator you see every group and choose the workspaces bound to it."
            : `The exclusive resource groups bound to ${workspace.displayName}. A node runs on the group it names; runs wait when the group's slots are taken. Console administrators create groups and bind them to workspaces.`
        }
        actions={createButton}
      />
      {groups.length === 0 ? (
        <EmptyState title={admin ? "No resource groups yet" : "No resource group is bound to this workspace"} action={createButton}>
          {admin ? (
            <>
              npm start creates the group <code>default</code> and runs a worker for it.
            </>
          ) : (
            "Ask a console administrator to bind a resource group to this workspace; until then its nodes cannot run."
          )}
        </EmptyState>
      ) : (
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-sm" aria-label="Resource groups">
            <thead className="whitespace-nowrap bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-2.5">Resource group</th>
                <th className="px-4 py-2.5">Slots</th>
                {admin && <th className="px-4 py-2.5">Workspaces</th>}
                <th className="px-4 py-2.5">Workers online</th>
                <th className="px-4 py-2.5 text-right">Runs waiting</th>
                <th className="px-4 py-2.5 text-right">Runs running</th>
                <th className="px-4 py-2.5 text-right">Actions</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {groups.map((group) => (
                <tr key={group.id} className="align-top hover:bg-slate-50/60">
                  <td className="px-4 py-3">
                    <div className="flex items-center gap-2">
                      <span className="font-medium text-slate-900">{group.name}</span>
                      <Badge tone="violet">Exclusive</Badge>
                    </div>
                    {group.description && <p className="mt-0.5 max-w-xs text-xs text-slate-500">{group.description}</p>}
                  </td>
                  <td className="px-4 py-3 tabular-nums">{group.slots}</td>
                  {admin && (
                    <td className="px-4 py-3 text-xs text-slate-600">
                      {group.workspaces.length ? group.workspaces.map((bound) => bound.displayName).join(", ") : <Badge tone="amber">No workspace</Badge>}
                    </td>
                  )}
                  <td className="px-4 py-3">
                    {group.workers.length === 0 ? (
                      <div>
                        <Badge tone="amber">No worker</Badge>
                        <p className="mt-1 text-xs text-slate-500">
                          Start one: <code className="font-mono text-slate-700">npm run worker -- --group {group.name}</code>
                        </p>
                      </div>
                    ) : (
                      <div>
                        <Badge tone={group.workersOnline ? "green" : "red"}>
                          {group.workersOnline} online{group.workers.length > group.workersOnline ? `, ${group.workers.length - group.workersOnline} silent` : ""}
                        </Badge>
                        <ul className="mt-1.5 space-y-0.5 text-xs text-slate-600">
                          {group.workers.map((worker) => (
                            <li key={worker.id} className="flex items-center gap-1.5">
                              <span className={`h-1.5 w-1.5 rounded-full ${worker.online ? "bg-emerald-500" : "bg-red-500"}`} aria-hidden />
                              <span className="font-mono">
                                {worker.hostname}:{worker.pid}
                              </span>
                              <span className="text-slate-400">heartbeat {formatSecondsAgo(worker.secondsSinceHeartbeat)}</span>
                            </li>
                          ))}
                        </ul>
                      </div>
                    )}
                  </td>
                  <td className="px-4 py-3 text-right tabular-nums">{group.runsWaiting}</td>
                  <td className="px-4 py-3 text-right tabular-nums">
                    {group.runsRunning} <span className="text-slate-400">/ {group.slots}</span>
                  </td>
                  <td className="whitespace-nowrap px-4 py-3">
                    <ResourceGroupRowActions group={group} dataSources={dataSourceOptions} canTest={roleCan(role, "edit") && group.workspaces.some((bound) => bound.id === workspace.id)} admin={admin} />
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
