"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { displayStatuses, displayStatusLabels } from "@/lib/scheduling/instance-status";
import type { InstanceListFilter } from "@/lib/schemas/instance";
import { buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";

/** The URL of a list page with these filters, so a view can be shared. */
export function instanceListHref(path: string, filter: InstanceListFilter): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
  return params.size ? `${path}?${params}` : path;
}

/** Business date, scheduled date, status and node; choosing one applies it at once. */
export function InstanceFilters({ path, filter, nodes }: { path: string; filter: InstanceListFilter; nodes: { id: string; label: string }[] }) {
  const router = useRouter();
  const apply = (form: HTMLFormElement) => {
    const values = Object.fromEntries([...new FormData(form)].filter(([, value]) => typeof value === "string" && value)) as InstanceListFilter;
    router.push(instanceListHref(path, values));
  };
  const label = "flex flex-col gap-1 text-xs font-medium text-slate-500";
  return (
    <form
      key={JSON.stringify(filter)}
      role="search"
      aria-label="Filter instances"
      className="mb-4 flex flex-wrap items-end gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        apply(event.currentTarget);
      }}
      onChange={(event) => apply(event.currentTarget)}
    >
      <label className={label}>
        Business date
        <input type="date" name="bizdate" defaultValue={filter.bizdate ?? ""} className={`${inputClass} w-40`} />
      </label>
      <label className={label}>
        Scheduled date
        <input type="date" name="date" defaultValue={filter.date ?? ""} className={`${inputClass} w-40`} />
      </label>
      <label className={label}>
        Status
        <select name="status" defaultValue={filter.status ?? ""} className={`${inputClass} w-48`}>
          <option value="">All statuses</option>
          {displayStatuses.map((status) => (
            <option key={status} value={status}>
              {displayStatusLabels[status]}
            </option>
          ))}
        </select>
      </label>
      <label className={label}>
        Node
        <select name="nodeId" defaultValue={filter.nodeId ?? ""} className={`${inputClass} w-64`}>
          <option value="">All nodes</option>
          {nodes.map((node) => (
            <option key={node.id} value={node.id}>
              {node.label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className={buttonClass("secondary")}>
        Filter
      </button>
      {Object.values(filter).some(Boolean) && (
        <Link href={path} className="pb-2 text-sm text-brand-600 hover:underline">
          Clear filters
        </Link>
      )}
    </form>
  );
}
