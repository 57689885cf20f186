"use client";
import { useState } from "react";
import type { VersionStatus } from "@/lib/scheduling/commit-deploy";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/modal";
import { VersionDiff, type VersionContent } from "./version-diff";

export type CommitRow = {
  id: string;
  version: number;
  changeType: "create" | "change";
  description: string;
  committedBy: string;
  committedAt: string;
  deployedBy: string | null;
  deployedAt: string | null;
  status: VersionStatus;
  content: Omit<VersionContent, "title">;
};

const statusBadge: Record<VersionStatus, { tone: "green" | "gray" | "blue"; text: string }> = {
  production: { tone: "green", text: "Deployed · production" },
  deployed: { tone: "blue", text: "Deployed" },
  notDeployed: { tone: "gray", text: "Not Deployed" },
};

/**
 * The Versions panel: committed versions (DataWorks' Versions tab) with their status,
 * Compare (two versions, or one with the draft) and Roll Back; then the saves.
 */
export function VersionsPanel({
  commits,
  saves,
  draft,
  canRollBack,
  rollingBack,
  onRollBack,
}: {
  commits: CommitRow[];
  saves: { version: number; savedBy: string; savedAt: string }[];
  draft: Omit<VersionContent, "title">;
  canRollBack: boolean;
  rollingBack: boolean;
  onRollBack: (commit: CommitRow) => void;
}) {
  const [chosen, setChosen] = useState<string[]>([]);
  const [comparing, setComparing] = useState<{ before: VersionContent; after: VersionContent } | null>(null);
  const content = (commit: CommitRow): VersionContent => ({ title: `Version ${commit.version}`, ...commit.content });

  function compareChosen() {
    const [a, b] = chosen.map((id) => commits.find((commit) => commit.id === id)!).sort((x, y) => x.version - y.version);
    setComparing({ before: content(a!), after: content(b!) });
  }

  return (
    <div className="space-y-6 text-sm">
      <section aria-labelledby="committed-versions">
        <div className="mb-2 flex items-center justify-between">
          <h3 id="committed-versions" className="text-xs font-semibold uppercase tracking-wide text-slate-500">
            Committed versions
          </h3>
          <Button size="sm" disabled={chosen.length !== 2} onClick={compareChosen} title="Tick two versions to compare them">
            Compare {chosen.length === 2 ? "V" + chosen.map((id) => commits.find((c) => c.id === id)?.version).sort((a, b) => a! - b!).join(" and V") : "two"}
          </Button>
        </div>
        {commits.length === 0 ? (
          <p className="rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600">Nothing committed yet. Commit (in the toolbar) records a checked version of the saved node.</p>
        ) : (
          <ol aria-label="Committed versions" className="divide-y divide-slate-100 rounded-md border border-slate-200">
            {commits.map((commit) => {
              const badge = statusBadge[commit.status];
              const ticked = chosen.includes(commit.id);
              return (
                <li key={commit.id} aria-label={`Version ${commit.version}`} className="space-y-1 px-3 py-2">
                  <div className="flex items-center gap-2">
                    <input
                      type="checkbox"
                      aria-label={`Choose version ${commit.version} to compare`}
                      checked={ticked}
                      disabled={!ticked && chosen.length === 2}
                      onChange={() => setChosen(ticked ? chosen.filter((id) => id !== commit.id) : [...chosen, commit.id])}
                    />
                    <span className="font-semibold text-slate-900">V{commit.version}</span>
                    <span className="text-xs text-slate-500">{commit.changeType === "create" ? "Create" : "Change"}</span>
                    <span className="ml-auto">
                      <Badge tone={badge.tone}>{badge.text}</Badge>
                    </span>
                  </div>
                  <p className="break-words text-slate-800">{commit.description}</p>
                  <p className="text-xs text-slate-500">
                    Committed by {commit.committedBy} · {commit.committedAt}
                    {commit.deployedAt && (
                      <>
                        <br />
                        Deployed by {commit.deployedBy} · {commit.deployedAt}
                      </>
                    )}
                  </p>
                  <div className="flex gap-2 pt-1">
                    <Button size="sm" onClick={() => setComparing({ before: content(commit), after: { title: "Current draft", ...draft } })}>
                      Compare with draft
                    </Button>
                    {canRollBack && (
                      <Button size="sm" disabled={rollingBack} onClick={() => onRollBack(commit)}>
                        Roll Back
                      </Button>
                    )}
                  </div>
                </li>
              );
            })}
          </ol>
        )}
      </section>
      <section aria-labelledby="saved-versions">
        <h3 id="saved-versions" className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">
          Saved versions
        </h3>
        <ol className="space-y-1.5" aria-label="Saved versions">
          {saves.map((version) => (
            <li key={version.version} className="flex items-baseline justify-between gap-2 text-xs">
              <span className="font-medium text-slate-800">Save {version.version}</span>
              <span className="truncate text-slate-500">
                {version.savedBy} · {version.savedAt}
              </span>
            </li>
          ))}
        </ol>
      </section>
      {comparing && (
        <Modal open width="max-w-4xl" title={`Compare ${comparing.before.title} with ${comparing.after.title.toLowerCase() === "current draft" ? "the current draft" : comparing.after.title}`} onClose={() => setComparing(null)} footer={<Button onClick={() => setComparing(null)}>Close</Button>}>
          <VersionDiff before={comparing.before} after={comparing.after} />
        </Modal>
      )}
    </div>
  );
}
