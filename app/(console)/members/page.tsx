import { requireConsoleContext } from "@/lib/auth/current-user";
import { roleCan, roleDescriptions, roleLabels, workspaceRoles } from "@/lib/auth/roles";
import { listMembers, listNonMembers } from "@/lib/data/members";
import { Badge } from "@/components/ui/badge";
import { DateTimeCell } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { AddMemberForm } from "@/components/members/add-member-form";
import { MemberRowActions } from "@/components/members/member-row-actions";

export const metadata = { title: "Members" };

const roleTones = { administrator: "violet", developer: "blue", operations: "green", visitor: "gray" } as const;

export default async function MembersPage() {
  const { workspace, role } = await requireConsoleContext();
  const canManage = roleCan(role, "manageMembers");
  const [members, candidates] = await Promise.all([listMembers(workspace.id), canManage ? listNonMembers(workspace.id) : []]);
  return (
    <div className="mx-auto max-w-5xl space-y-6 p-6">
      <PageHeader
        title="Members"
        description={`Who works in ${workspace.displayName}, and what their role lets them do. Your role: ${roleLabels[role]}.`}
      />
      <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {workspaceRoles.map((value) => (
          <div key={value} className="rounded-lg border border-slate-200 bg-white p-3">
            <dt>
              <Badge tone={roleTones[value]}>{roleLabels[value]}</Badge>
            </dt>
            <dd className="mt-1.5 text-xs text-slate-600">{roleDescriptions[value]}</dd>
          </div>
        ))}
      </dl>
      {canManage && <AddMemberForm candidates={candidates} />}
      <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-sm" aria-label="Members">
          <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-4 py-2.5">Member</th>
              <th className="px-4 py-2.5">Role</th>
              <th className="px-4 py-2.5">Member since</th>
              {canManage && <th className="px-4 py-2.5 text-right">Change</th>}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {members.map((member) => (
              <tr key={member.userId} className="align-top">
                <td className="px-4 py-3">
                  <div className="flex items-center gap-2">
                    <span className="font-medium text-slate-900">{member.username}</span>
                    {member.disabled && <Badge tone="red">Disabled</Badge>}
                  </div>
                  {member.displayName !== member.username && <p className="text-xs text-slate-500">{member.displayName}</p>}
                </td>
                <td className="px-4 py-3">
                  <Badge tone={roleTones[member.role]}>{roleLabels[member.role]}</Badge>
                  {member.consoleAdmin && member.role !== "administrator" && (
                    <p className="mt-1 text-xs text-slate-500">Console administrator: administers every workspace.</p>
                  )}
                </td>
                <td className="px-4 py-3 text-slate-600">
                  <DateTimeCell value={member.since} />
                </td>
                {canManage && (
                  <td className="px-4 py-3">
                    <MemberRowActions member={member} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
