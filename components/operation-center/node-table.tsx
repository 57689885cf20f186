"use client";
import Link from "next/link";
import { useState } from "react";
import { setNodeFrozen } from "@/lib/actions/set-node-frozen";
import type { AutoTriggeredNode } from "@/lib/data/instances";
import { rerunPolicyLabels } from "@/lib/scheduling/node-scheduling";
import { usePermissions } from "@/components/layout/permissions";
import { Badge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { BackfillDialog } from "./backfill-dialog";
import { TestInstanceDialog } from "./test-instance-dialog";
import { UndeployDialog } from "./undeploy-dialog";
import { useInstanceAction } from "./use-instance-action";
import { ZonedDateTime } from "./zoned-date-time";

// DataWorks' Rerun labels are long; the list says them briefly (the full label is the hint).
const rerunShort: Record<string, string> = {
  [rerunPolicyLabels.allAllowed]: "always allowed",
  [rerunPolicyLabels.failureAllowed]: "upon failure only",
  [rerunPolicyLabels.allDenied]: "disallowed",
};

/** Auto Triggered Nodes: deployed nodes with their cycle and next time; Test, Backfill, Freeze / Unfreeze, their DAG, their instances and Undeploy. */
export function NodeTable({ nodes, timeZone, defaultBizdate }: { nodes: AutoTriggeredNode[]; timeZone: string; defaultBizdate: string }) {
  const permissions = usePermissions();
  const freeze = useInstanceAction(setNodeFrozen);
  const [testing, setTesting] = useState<AutoTriggeredNode | null>(null);
  const [backfilling, setBackfilling] = useState<AutoTriggeredNode | null>(null);
  const [undeploying, setUndeploying] = useState<AutoTriggeredNode | null>(null);
  return (
    <>
      {freeze.error && (
        <p role="alert" className="mb-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {freeze.error.message}
        </p>
      )}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-sm" aria-label="Auto triggered nodes">
          <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-3 py-2.5">Node</th>
              <th className="whitespace-nowrap px-3 py-2.5">Scheduling cycle</th>
              <th className="whitespace-nowrap px-3 py-2.5">Next scheduled time</th>
              <th className="px-3 py-2.5">Owner</th>
              <th className="whitespace-nowrap px-3 py-2.5">Resource group</th>
              <th className="px-3 py-2.5">Recurrence</th>
              <th className="px-3 py-2.5">Actions</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {nodes.map((node) => (
              <tr key={node.id} className="align-top hover:bg-slate-50/60">
                <td className="px-3 py-3">
                  <span className="flex flex-wrap items-center gap-x-2">
                    <Link href={`/workflows/nodes/${node.id}`} className="break-all font-medium text-brand-700 hover:underline">
                      {node.name}
                    </Link>
                    {node.frozen && <Badge tone="violet">Frozen</Badge>}
                  </span>
                  <p className="text-xs text-slate-400">
                    {node.workflowName} · version {node.deployedVersion}
                  </p>
                </td>
                <td className="px-3 py-3">
                  <p className="whitespace-nowrap text-slate-800">{node.cycle ?? "—"}</p>
                  {node.cron && <p className="font-mono text-xs text-slate-400">{node.cron}</p>}
                </td>
                <td className="px-3 py-3 text-slate-700">
                  <ZonedDateTime value={node.nextScheduledAt} timeZone={timeZone} />
                  {node.frozen && node.nextScheduledAt && (
                    <span className="block text-xs text-violet-700" title="Instances generated while the node is frozen are frozen">
                      will be frozen
                    </span>
                  )}
                </td>
                <td className="px-3 py-3 text-slate-700">{node.owner || "—"}</td>
                <td className="px-3 py-3 text-slate-700">{node.resourceGroupName ?? "default"}</td>
                <td className="px-3 py-3 text-slate-700">
                  {node.recurrence}
                  <p className="text-xs text-slate-400" title={`Rerun: ${node.rerunPolicy}`}>
                    Rerun: {rerunShort[node.rerunPolicy] ?? node.rerunPolicy}
                  </p>
                </td>
                <td className="px-3 py-3">
                  <div className="flex min-w-[13rem] flex-wrap items-center gap-1.5 whitespace-nowrap" role="group" aria-label={`Actions of ${node.name}`}>
                    {permissions.run && (
                      <Button size="sm" onClick={() => setTesting(node)}>
                        Test
                      </Button>
                    )}
                    {permissions.deploy && (
                      <Button size="sm" title="Run the node for past or future business dates" onClick={() => setBackfilling(node)}>
                        Backfill
                      </Button>
                    )}
                    {permissions.deploy && (
                      <Button
                        size="sm"
                        disabled={freeze.isPending}
                        title={node.frozen ? "Instances generated from now on run normally" : "Instances generated from now on are frozen; today's still run"}
                        onClick={() => {
                          freeze.reset();
                          freeze.mutate({ nodeId: node.id, frozen: !node.frozen });
                        }}
                      >
                        {node.frozen ? "Unfreeze" : "Freeze"}
                      </Button>
                    )}
                    <ButtonLink size="sm" href={`/operation-center/nodes/${encodeURIComponent(node.id)}/dag`} title="Its parent and child nodes as a graph">
                      DAG
                    </ButtonLink>
                    <ButtonLink size="sm" variant="ghost" href={`/operation-center/instances?nodeId=${encodeURIComponent(node.id)}`}>
                      Instances
                    </ButtonLink>
                    {permissions.deploy && (
                      <Button size="sm" variant="danger" title="Take the node out of production: it is no longer scheduled" onClick={() => setUndeploying(node)}>
                        Undeploy
                      </Button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="mt-2 text-xs text-slate-400">Times in the workspace&apos;s scheduling time zone, {timeZone}.</p>
      {backfilling && <BackfillDialog node={backfilling} defaultBizdate={defaultBizdate} timeZone={timeZone} onClose={() => setBackfilling(null)} />}
      {undeploying && <UndeployDialog node={undeploying} onClose={() => setUndeploying(null)} />}
      {testing && <TestInstanceDialog node={testing} defaultBizdate={defaultBizdate} timeZone={timeZone} onClose={() => setTesting(null)} />}
    </>
  );
}
