"use client";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { switchWorkspace } from "@/lib/actions/switch-workspace";
import { confirmLeave } from "@/lib/leave-guard";

export function WorkspaceSwitcher({
  current,
  workspaces,
}: {
  current: { id: string; displayName: string; mode: "basic" | "standard" };
  workspaces: { id: string; displayName: string; mode: "basic" | "standard" }[];
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="text-slate-400">Workspace</span>
      <select
        aria-label="Workspace"
        value={current.id}
        disabled={pending}
        onChange={(event) => {
          const id = event.target.value;
          // Another workspace shows other pages: unsaved work on this one would be lost.
          if (!confirmLeave()) return;
          startTransition(async () => {
            await switchWorkspace({ id });
            router.refresh();
          });
        }}
        className="rounded-md border border-slate-600 bg-slate-800 py-1 pl-2 pr-7 text-sm text-white focus:outline-none focus:ring-2 focus:ring-brand-500"
      >
        {workspaces.map((workspace) => (
          <option key={workspace.id} value={workspace.id}>
            {workspace.displayName} ({workspace.mode === "standard" ? "standard mode" : "basic mode"})
          </option>
        ))}
      </select>
    </label>
  );
}
