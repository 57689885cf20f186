import { requireConsoleContext } from "@/lib/auth/current-user";
import { permissionsOf, roleLabels } from "@/lib/auth/roles";
import { PermissionsProvider } from "@/components/layout/permissions";
import { HydrationGate } from "@/components/layout/hydration-gate";
import { Logo } from "@/components/layout/logo";
import { QueryProvider } from "@/components/layout/query-provider";
import { SideNav } from "@/components/layout/side-nav";
import { UserMenu } from "@/components/layout/user-menu";
import { WorkspaceSwitcher } from "@/components/layout/workspace-switcher";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const { user, workspace, workspaces, role } = await requireConsoleContext();
  return (
    <PermissionsProvider value={{ ...permissionsOf(role), consoleAdmin: user.isAdmin }}>
    <QueryProvider>
      <div className="flex h-full flex-col">
        <header className="flex h-12 shrink-0 items-center justify-between bg-slate-900 px-4">
          <div className="flex items-center gap-6">
            <span className="[&_span]:text-white">
              <Logo />
            </span>
            <WorkspaceSwitcher current={workspace} workspaces={workspaces} />
          </div>
          <UserMenu displayName={user.displayName} username={user.username} roleLabel={roleLabels[role]} />
        </header>
        <div className="flex min-h-0 flex-1">
          <aside className="w-52 shrink-0 overflow-y-auto border-r border-slate-200 bg-white">
            <SideNav consoleAdmin={user.isAdmin} />
          </aside>
          <main className="min-w-0 flex-1 overflow-y-auto">
            <HydrationGate>{children}</HydrationGate>
          </main>
        </div>
      </div>
    </QueryProvider>
    </PermissionsProvider>
  );
}
