"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { runStatuses, runStatusLabels } from "@/lib/schemas/run";
import { buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";

/** Node and status filters of the Runs page; choosing one applies it at once (the button is there for keyboards). */
export function RunFilters({ nodes, nodeId, status }: { nodes: { id: string; label: string }[]; nodeId?: string; status?: string }) {
  const router = useRouter();
  const apply = (form: HTMLFormElement) => {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (typeof value === "string" && value) params.set(key, value);
    router.push(params.size ? `/runs?${params}` : "/runs");
  };
  return (
    <form
      className="mb-4 flex flex-wrap items-center gap-2"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        apply(event.currentTarget);
      }}
    >
      <select
        name="nodeId"
        defaultValue={nodeId ?? ""}
        aria-label="Filter by node"
        className={`${inputClass} w-full max-w-xs`}
        onChange={(event) => apply(event.currentTarget.form!)}
      >
        <option value="">All nodes</option>
        {nodes.map((node) => (
          <option key={node.id} value={node.id}>
            {node.label}
          </option>
        ))}
      </select>
      <select
        name="status"
        defaultValue={status ?? ""}
        aria-label="Filter by status"
        className={`${inputClass} w-full max-w-[220px]`}
        onChange={(event) => apply(event.currentTarget.form!)}
      >
        <option value="">All statuses</option>
        {runStatuses.map((value) => (
          <option key={value} value={value}>
            {runStatusLabels[value]}
          </option>
        ))}
      </select>
      <button type="submit" className={buttonClass("secondary")}>
        Filter
      </button>
      {(nodeId || status) && (
        <Link href="/runs" className="text-sm text-brand-600 hover:underline">
          Clear
        </Link>
      )}
    </form>
  );
}
