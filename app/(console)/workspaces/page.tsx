import { requireConsoleContext } from "@/lib/auth/current-user";
import { roleCan } from "@/lib/auth/roles";
import { getWorkspaceScheduling } from "@/lib/data/workspaces";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { CreateWorkspaceForm } from "@/components/workspaces/create-workspace-form";
import { WorkspaceSchedulingForm } from "@/components/workspaces/workspace-scheduling-form";

export const metadata = { title: "Workspaces" };

export default async function WorkspacesPage() {
  const { user, workspace: current, workspaces, role } = await requireConsoleContext();
  const { serverTimeZone, ...scheduling } = await getWorkspaceScheduling(current.id);
  return (
    <div className="mx-auto max-w-4xl space-y-6 p-6">
      <PageHeader title="Workspaces" description="A workspace owns its data sources, workflows and runs. Switch between them in the header." />
      <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-4 py-2.5">Name</th>
              <th className="px-4 py-2.5">Display name</th>
              <th className="px-4 py-2.5">Mode</th>
              <th className="px-4 py-2.5">Description</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {workspaces.map((workspace) => (
              <tr key={workspace.id}>
                <td className="px-4 py-3 font-medium">
                  {workspace.name} {workspace.id === current.id && <Badge tone="blue">current</Badge>}
                </td>
                <td className="px-4 py-3">{workspace.displayName}</td>
                <td className="px-4 py-3">
                  <Badge tone={workspace.mode === "standard" ? "violet" : "gray"}>{workspace.mode === "standard" ? "Standard" : "Basic"}</Badge>
                </td>
                <td className="px-4 py-3 text-slate-600">{workspace.description || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <WorkspaceSchedulingForm key={current.id} initial={scheduling} serverTimeZone={serverTimeZone} timeZones={Intl.supportedValuesOf("timeZone")} canEdit={roleCan(role, "manageSettings")} />
      {user.isAdmin ? <CreateWorkspaceForm /> : <p className="text-sm text-slate-500">Ask an administrator to create workspaces.</p>}
    </div>
  );
}
