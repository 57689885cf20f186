"use client";
import { useQuery } from "@tanstack/react-query";
import type { InstanceDetail } from "@/lib/data/instances";
import { instanceMayMove } from "@/lib/scheduling/instance-status";
import { fetchJson } from "./fetch-json";
import { instanceKeys } from "./instance-keys";

const activeRun = (attempt: { status: string }) => attempt.status === "queued" || attempt.status === "running";

/**
 * One instance, polled every 2 s until it has ended (or waits, frozen, for a person) and
 * its attempts have ended too (a stopped instance's run takes a moment to end).
 */
export function useInstance(instanceId: string, initialData: InstanceDetail) {
  return useQuery({
    queryKey: instanceKeys.detail(instanceId),
    queryFn: () => fetchJson<InstanceDetail>(`/api/instances/${encodeURIComponent(instanceId)}`, "this instance"),
    initialData,
    staleTime: 0,
    refetchInterval: (query) => {
      const instance = query.state.data;
      return instance && (instanceMayMove(instance) || instance.attempts.some(activeRun)) ? 2_000 : false;
    },
  });
}
