import { notFound } from "next/navigation";
import { requireConsoleContext } from "@/lib/auth/current-user";
import { listUsers } from "@/lib/data/users";
import { Badge } from "@/components/ui/badge";
import { DateTimeCell } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { CreateUserButton } from "@/components/users/create-user-button";
import { UserRowActions } from "@/components/users/user-row-actions";

export const metadata = { title: "Users" };

/** Console administrators manage the people who may sign in. */
export default async function UsersPage() {
  const { user: me } = await requireConsoleContext();
  if (!me.isAdmin) notFound();
  const users = await listUsers();
  return (
    <div className="mx-auto max-w-5xl space-y-6 p-6">
      <PageHeader
        title="Users"
        description="People who may sign in. A new or reset password must be changed at the next login; a disabled user is signed out at once. Add users to workspaces on each workspace's Members page."
        actions={<CreateUserButton />}
      />
      <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-sm" aria-label="Users">
          <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-4 py-2.5">User</th>
              <th className="px-4 py-2.5">Status</th>
              <th className="px-4 py-2.5 text-right">Workspaces</th>
              <th className="px-4 py-2.5">Created</th>
              <th className="px-4 py-2.5 text-right">Actions</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.map((user) => (
              <tr key={user.id} className="align-top">
                <td className="px-4 py-3">
                  <div className="flex items-center gap-2">
                    <span className="font-medium text-slate-900">{user.username}</span>
                    {user.isAdmin && <Badge tone="violet">Console administrator</Badge>}
                    {user.id === me.id && <Badge tone="blue">you</Badge>}
                  </div>
                  {user.displayName !== user.username && <p className="text-xs text-slate-500">{user.displayName}</p>}
                </td>
                <td className="px-4 py-3">
                  {user.disabled ? (
                    <Badge tone="red">Disabled</Badge>
                  ) : user.mustChangePassword ? (
                    <Badge tone="amber">Must change password</Badge>
                  ) : (
                    <Badge tone="green">Active</Badge>
                  )}
                </td>
                <td className="px-4 py-3 text-right tabular-nums">{user.isAdmin ? "all" : user.workspaces}</td>
                <td className="px-4 py-3 text-slate-600">
                  <DateTimeCell value={user.createdAt} />
                </td>
                <td className="px-4 py-3">
                  <UserRowActions user={user} isSelf={user.id === me.id} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
