"use client";
import Link from "next/link";
import { Field, SelectInput, TextInput } from "@/components/ui/field";

export function ResourceGroupPanel({
  groups,
  value,
  onChange,
  writeMode,
}: {
  groups: { id: string; name: string; slots: number }[];
  value: string | null;
  onChange: (id: string | null) => void;
  writeMode: "sdk" | "sql";
}) {
  return (
    <div className="space-y-4 text-sm">
      <div>
        <p className="mb-1 font-medium text-slate-700">Programme</p>
        <p className="rounded-md bg-slate-50 px-3 py-2 text-slate-700">Exclusive Resource Groups</p>
      </div>
      <div>
        <label htmlFor="resource-group" className="mb-1 block font-medium text-slate-700">
          Exclusive Resource Groups
        </label>
        <SelectInput id="resource-group" value={value ?? ""} onChange={(event) => onChange(event.target.value || null)}>
          <option value="">Choose a resource group</option>
          {groups.map((group) => (
            <option key={group.id} value={group.id}>
              {group.name} ({group.slots} slot{group.slots === 1 ? "" : "s"})
            </option>
          ))}
        </SelectInput>
        {writeMode === "sdk" && <p className="mt-1 text-xs text-slate-500">SDK (Fast write) needs an exclusive resource group.</p>}
      </div>
      <Link href="/resource-groups" className="inline-block text-xs text-brand-600 hover:underline">
        Create an exclusive data integration resource group
      </Link>
    </div>
  );
}

export function PropertiesPanel({
  argumentsText,
  onChange,
  error,
  versions,
}: {
  argumentsText: string;
  onChange: (value: string) => void;
  error: string | null;
  versions: { version: number; savedBy: string; savedAt: string }[];
}) {
  return (
    <div className="space-y-5 text-sm">
      <div className="[&>div]:grid-cols-1 [&_label]:text-left">
        <Field label="Arguments" htmlFor="node-arguments" errors={error ? [error] : undefined} hint="Space-separated key=value pairs, for example bizdate=$bizdate.">
          <TextInput id="node-arguments" className="font-mono text-xs" value={argumentsText} placeholder="bizdate=$bizdate" onChange={(event) => onChange(event.target.value)} />
        </Field>
      </div>
      <div>
        <h3 className="mb-2 font-medium text-slate-700">Saved versions</h3>
        <ol className="space-y-1.5" aria-label="Saved versions">
          {versions.map((version) => (
            <li key={version.version} className="flex items-baseline justify-between gap-2 text-xs">
              <span className="font-medium text-slate-800">V{version.version}</span>
              <span className="truncate text-slate-500">
                {version.savedBy} · {version.savedAt}
              </span>
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}
