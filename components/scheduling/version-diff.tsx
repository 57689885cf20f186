"use client";
import { useMemo } from "react";
import { alignKeys, diffLines, type DiffLine } from "@/lib/line-diff";
import { LineDiffList } from "@/components/ui/line-diff-list";
import { schedulingRows } from "@/lib/scheduling/scheduling-summary";

/** One side of a comparison: a committed version, the production version or the draft. */
export type VersionContent = { title: string; jobSpec: unknown; arguments: string; scheduling: unknown; resourceGroup: string | null };


/**
 * Two versions of a node side by side: the scheduling properties, arguments and resource
 * group as rows (changed rows marked), and the job specs as a line diff. `before` null:
 * the node has no such version yet (a first deploy), so everything is new.
 */
export function VersionDiff({ before, after, label = "Differences" }: { before: VersionContent | null; after: VersionContent; label?: string }) {
  const lines = useMemo<DiffLine[]>(
    () =>
      before
        ? diffLines(JSON.stringify(alignKeys(before.jobSpec, after.jobSpec), null, 2), JSON.stringify(after.jobSpec, null, 2))
        : JSON.stringify(after.jobSpec, null, 2).split("\n").map((text) => ({ kind: "added" as const, text })),
    [before, after.jobSpec],
  );
  const rows = useMemo(() => {
    const left = before ? schedulingRows(before.scheduling) : [];
    const right = schedulingRows(after.scheduling);
    const all = [
      ...right.map((row) => ({ label: row.label, before: left.find((l) => l.label === row.label)?.value ?? "—", after: row.value })),
      { label: "Scheduling Parameters", before: before ? before.arguments || "(none)" : "—", after: after.arguments || "(none)" },
      { label: "Resource group", before: before ? (before.resourceGroup ?? "(none)") : "—", after: after.resourceGroup ?? "(none)" },
    ];
    // A first deploy changes everything: nothing is marked, the left column says "none yet".
    return all.map((row) => ({ ...row, changed: before !== null && row.before !== row.after }));
  }, [before, after]);
  const specChanged = lines.some((line) => line.kind !== "same");
  return (
    <div className="space-y-3 text-sm" aria-label={label} role="region">
      <table className="w-full table-fixed text-left text-xs" aria-label="Properties">
        <thead className="text-slate-500">
          <tr>
            <th className="w-44 py-1 pr-3 font-medium" />
            <th className="py-1 pr-3 font-medium">{before?.title ?? "Production (none yet)"}</th>
            <th className="py-1 font-medium">{after.title}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label} data-changed={row.changed || undefined} className={`border-t border-slate-100 ${row.changed ? "bg-amber-50/60" : ""}`}>
              <th className="py-1 pr-3 font-medium text-slate-700">
                {row.label}
                {row.changed && <span className="ml-1 text-amber-700">•</span>}
              </th>
              <td className={`break-words py-1 pr-3 ${row.changed ? "text-red-800" : "text-slate-600"} ${row.label === "Cron expression" || row.label === "Scheduling Parameters" ? "font-mono" : ""}`}>{row.before}</td>
              <td className={`break-words py-1 ${row.changed ? "text-emerald-800" : "text-slate-600"} ${row.label === "Cron expression" || row.label === "Scheduling Parameters" ? "font-mono" : ""}`}>{row.after}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div>
        <p className="mb-1 text-xs font-medium text-slate-700">Job spec {before && !specChanged && <span className="font-normal text-slate-500">(the same)</span>}</p>
        {(specChanged || !before) && (
          <LineDiffList lines={lines} label="Job spec differences" maxHeightClass="max-h-[45vh]" />
        )}
      </div>
    </div>
  );
}
