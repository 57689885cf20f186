"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

type NavItem = { href: string; label: string; icon: string };

const sections: { title: string; items: NavItem[] }[] = [
  {
    title: "Data Integration",
    items: [
      { href: "/data-sources", label: "Data Source", icon: "⛁" },
      { href: "/workflows", label: "Sync Nodes", icon: "⇄" },
      { href: "/runs", label: "Runs", icon: "▶" },
      { href: "/deploy", label: "Deploy", icon: "⇪" },
    ],
  },
  {
    title: "Operation Center",
    items: [
      { href: "/operation-center/nodes", label: "Auto Triggered Nodes", icon: "◷" },
      { href: "/operation-center/instances", label: "Auto Triggered Instances", icon: "◴" },
      { href: "/operation-center/test-instances", label: "Test Instances", icon: "⚗" },
      { href: "/operation-center/backfills", label: "Data Backfill", icon: "⟲" },
      { href: "/alerts/rules", label: "Alert Rules", icon: "⚑" },
      { href: "/alerts/events", label: "Alert Events", icon: "✉" },
    ],
  },
  {
    title: "Resources",
    items: [
      { href: "/resource-groups", label: "Resource Groups", icon: "▦" },
      { href: "/query", label: "Query", icon: "⌕" },
      { href: "/workspaces", label: "Workspaces", icon: "◫" },
      { href: "/members", label: "Members", icon: "☺" },
      { href: "/workspace-settings", label: "Workspace Settings", icon: "⚙" },
    ],
  },
];

const adminSection = { title: "Console", items: [{ href: "/users", label: "Users", icon: "◎" }] };

/** `consoleAdmin` adds the pages only console administrators use. */
export function SideNav({ consoleAdmin }: { consoleAdmin: boolean }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-col gap-5 px-3 py-4">
      {(consoleAdmin ? [...sections, adminSection] : sections).map((section) => (
        <div key={section.title}>
          <p className="mb-1.5 px-2 text-[11px] font-semibold uppercase tracking-wider text-slate-400">{section.title}</p>
          <ul className="space-y-0.5">
            {section.items.map((item) => {
              const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    aria-current={active ? "page" : undefined}
                    className={`flex items-center gap-2.5 rounded-md px-2 py-1.5 text-sm ${
                      active ? "bg-brand-50 font-medium text-brand-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900"
                    }`}
                  >
                    <span aria-hidden className="w-4 text-center text-base leading-none">
                      {item.icon}
                    </span>
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
