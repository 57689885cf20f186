"use client";
import { useMemo } from "react";
import { alignKeys, diffLines } from "@/lib/line-diff";
import { LineDiffList } from "@/components/ui/line-diff-list";
import { Button } from "@/components/ui/button";
import { formatDateTime } from "@/components/ui/format";
import { Modal } from "@/components/ui/modal";
import { schedulingRows } from "@/lib/scheduling/scheduling-summary";
import type { SavedNode } from "./queries/use-node-saved";

type NodeState = { jobSpec: unknown; arguments: string; resourceGroup: string | null; scheduling: unknown };


/**
 * The newest saved version next to the unsaved edits of this tab: a line diff of the two
 * job specs as JSON, and the arguments and resource group when they differ. Nothing is
 * changed until the user reloads or closes.
 */
export function CompareModal({
  saved,
  mine,
  onClose,
  onReload,
}: {
  saved: SavedNode | undefined;
  mine: NodeState;
  onClose: () => void;
  onReload: () => void;
}) {
  const lines = useMemo(
    () => (saved ? diffLines(JSON.stringify(alignKeys(saved.jobSpec, mine.jobSpec), null, 2), JSON.stringify(mine.jobSpec, null, 2)) : []),
    [saved, mine.jobSpec],
  );
  const theirs = saved?.latest ? `Version ${saved.latest.version} (${saved.latest.savedBy}, ${formatDateTime(saved.latest.savedAt)})` : "The saved node";
  const others = saved
    ? [
        { label: "Arguments", saved: saved.arguments || "(none)", mine: mine.arguments || "(none)" },
        { label: "Resource group", saved: saved.resourceGroup ?? "(none)", mine: mine.resourceGroup ?? "(none)" },
        // The scheduling properties row by row (Scheduling Cycle, Rerun ...), only those that differ.
        ...schedulingRows(mine.scheduling).map((row) => ({
          label: row.label,
          saved: schedulingRows(saved.scheduling).find((other) => other.label === row.label)?.value ?? "(not set)",
          mine: row.value,
        })),
      ].filter((row) => row.saved !== row.mine)
    : [];
  const changed = lines.some((line) => line.kind !== "same") || others.length > 0;
  return (
    <Modal
      open
      title="Compare with the saved version"
      width="max-w-4xl"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Keep my edits</Button>
          <Button variant="danger" onClick={onReload}>
            Reload (discard my edits)
          </Button>
        </>
      }
    >
      {!saved ? (
        <p className="text-sm text-slate-600">Loading the saved version…</p>
      ) : (
        <div className="space-y-4 text-sm">
          <p className="flex flex-wrap gap-x-4 gap-y-1 text-xs">
            <span className="rounded bg-red-50 px-1.5 py-0.5 text-red-800">− only in {theirs}</span>
            <span className="rounded bg-emerald-50 px-1.5 py-0.5 text-emerald-800">+ only in your edits (not saved)</span>
          </p>
          {!changed && <p className="text-slate-600">Your edits and the saved version are the same.</p>}
          {others.length > 0 && (
            <table className="w-full text-left text-xs" aria-label="Other differences">
              <thead className="text-slate-500">
                <tr>
                  <th className="py-1 pr-3 font-medium" />
                  <th className="py-1 pr-3 font-medium">{theirs}</th>
                  <th className="py-1 font-medium">Your edits</th>
                </tr>
              </thead>
              <tbody>
                {others.map((row) => (
                  <tr key={row.label} className="border-t border-slate-100">
                    <th className="py-1 pr-3 font-medium text-slate-700">{row.label}</th>
                    <td className="py-1 pr-3 font-mono text-red-800">{row.saved}</td>
                    <td className="py-1 font-mono text-emerald-800">{row.mine}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <LineDiffList lines={lines} label="Job spec differences" maxHeightClass="max-h-[55vh]" />
        </div>
      )}
    </Modal>
  );
}
