"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Fragment, useState, useTransition } from "react";
import { deployVersions } from "@/lib/actions/deploy-versions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { VersionDiff, type VersionContent } from "./version-diff";

export type DeployRow = {
  node: { id: string; name: string; workflowName: string };
  version: { id: string; version: number; changeType: "create" | "change"; description: string; committedBy: string; committedAt: string; content: Omit<VersionContent, "title"> };
  production: VersionContent | null;
};

/** The Deploy page's list: choose versions, see each one's diff against production, Deploy. */
export function DeployList({ candidates, canDeploy }: { candidates: DeployRow[]; canDeploy: boolean }) {
  const router = useRouter();
  const [chosen, setChosen] = useState<string[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [pending, startDeploy] = useTransition();
  const allChosen = candidates.length > 0 && chosen.length === candidates.length;

  function deploy() {
    setMessage(null);
    if (candidates.length > 0 && chosen.length === 0) {
      setMessage({ tone: "error", text: "Choose the versions to deploy (tick them in the list)." });
      return;
    }
    startDeploy(async () => {
      const result = await deployVersions({ versionIds: chosen });
      if (!result.ok) {
        setMessage({ tone: "error", text: result.message });
        return;
      }
      setChosen([]);
      setMessage({ tone: "ok", text: `Deployed ${result.data.deployed.map((d) => `${d.nodeName} (version ${d.version})`).join(", ")}. They are production now and are scheduled from their next generation.` });
      router.refresh();
    });
  }

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        {canDeploy ? (
          <Button variant="primary" onClick={deploy} disabled={pending}>
            {pending ? "Deploying…" : chosen.length ? `Deploy ${chosen.length} selected` : "Deploy"}
          </Button>
        ) : (
          <Badge tone="gray">Your role cannot deploy: ask a Workspace Administrator or O&M member.</Badge>
        )}
        {message && (
          <p role={message.tone === "error" ? "alert" : "status"} className={`text-sm ${message.tone === "error" ? "text-red-600" : "text-emerald-700"}`}>
            {message.text}
          </p>
        )}
      </div>
      {candidates.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center text-sm text-slate-600">
          <p className="font-medium text-slate-900">Nothing committed is waiting to be deployed.</p>
          <p className="mt-1">
            Commit a node from its page (<Link className="text-brand-600 hover:underline" href="/workflows">Sync Nodes</Link>, toolbar <span className="font-medium">Commit</span>); its version then waits here.
          </p>
        </div>
      ) : (
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-sm" aria-label="Versions to deploy">
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th className="w-10 px-4 py-2.5">
                  <input type="checkbox" aria-label="Choose all" disabled={!canDeploy} checked={allChosen} onChange={() => setChosen(allChosen ? [] : candidates.map((c) => c.version.id))} />
                </th>
                <th className="px-4 py-2.5">Node</th>
                <th className="px-4 py-2.5">Version</th>
                <th className="px-4 py-2.5">Change</th>
                <th className="px-4 py-2.5">Description</th>
                <th className="px-4 py-2.5">Committed</th>
                <th className="px-4 py-2.5">In production</th>
                <th className="px-4 py-2.5" />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {candidates.map((candidate) => {
                const id = candidate.version.id;
                const ticked = chosen.includes(id);
                return (
                  <Fragment key={id}>
                    <tr aria-label={candidate.node.name}>
                      <td className="px-4 py-3">
                        <input type="checkbox" aria-label={`Choose ${candidate.node.name} version ${candidate.version.version}`} disabled={!canDeploy} checked={ticked} onChange={() => setChosen(ticked ? chosen.filter((c) => c !== id) : [...chosen, id])} />
                      </td>
                      <td className="px-4 py-3">
                        <Link href={`/workflows/nodes/${candidate.node.id}`} className="font-medium text-brand-700 hover:underline">
                          {candidate.node.name}
                        </Link>
                        <span className="block text-xs text-slate-500">{candidate.node.workflowName}</span>
                      </td>
                      <td className="px-4 py-3 font-medium">V{candidate.version.version}</td>
                      <td className="px-4 py-3">
                        <Badge tone={candidate.version.changeType === "create" ? "blue" : "amber"}>{candidate.version.changeType === "create" ? "Create" : "Change"}</Badge>
                      </td>
                      <td className="max-w-xs break-words px-4 py-3 text-slate-700">{candidate.version.description}</td>
                      <td className="whitespace-nowrap px-4 py-3 text-xs text-slate-600">
                        {candidate.version.committedBy}
                        <span className="block text-slate-400">{candidate.version.committedAt}</span>
                      </td>
                      <td className="px-4 py-3 text-xs text-slate-600">{candidate.production ? candidate.production.title.replace("Production (", "").replace(")", "") : "Not deployed yet"}</td>
                      <td className="px-4 py-3 text-right">
                        <Button size="sm" className="whitespace-nowrap" aria-expanded={open === id} onClick={() => setOpen(open === id ? null : id)}>
                          {open === id ? "Hide changes" : "Changes"}
                        </Button>
                      </td>
                    </tr>
                    {open === id && (
                      <tr>
                        <td colSpan={8} className="bg-slate-50/60 px-6 py-4">
                          <VersionDiff label={`Changes of ${candidate.node.name}`} before={candidate.production} after={{ title: `Version ${candidate.version.version} (to deploy)`, ...candidate.version.content }} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
