"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { stopRun } from "@/lib/actions/stop-run";
import { fetchJson } from "./queries/catalog-keys";
import { nodeKeys } from "./queries/node-keys";

type ActiveRun = { run: { id: string; status: "queued" | "running"; submittedAt: string } | null };

/** The node's queued or running run, polled while there is one, and Stop for it. */
export function useNodeActiveRun(nodeId: string) {
  const queryClient = useQueryClient();
  const [stopping, setStopping] = useState(false);
  const query = useQuery({
    queryKey: nodeKeys.activeRun(nodeId),
    queryFn: () => fetchJson<ActiveRun>(`/api/nodes/${encodeURIComponent(nodeId)}/active-run`),
    refetchInterval: (current) => (current.state.data?.run ? 2_000 : 10_000),
  });
  async function stop() {
    const run = query.data?.run;
    if (!run) return;
    setStopping(true);
    try {
      await stopRun({ runId: run.id });
      await queryClient.invalidateQueries({ queryKey: nodeKeys.activeRun(nodeId) });
    } finally {
      setStopping(false);
    }
  }
  return { ...query, stop, stopping };
}
