"use client";
import { useQuery } from "@tanstack/react-query";
import type { InstanceDetail } from "@/lib/data/instances";
import { instanceMayMove } from "@/lib/scheduling/instance-status";
import { fetchJson } from "./fetch-json";
import { instanceKeys } from "./instance-keys";

/** One instance, polled every 2 s until it has ended (or waits, frozen, for a person). */
export function useInstance(instanceId: string, initialData: InstanceDetail) {
  return useQuery({
    queryKey: instanceKeys.detail(instanceId),
    queryFn: () => fetchJson<InstanceDetail>(`/api/instances/${encodeURIComponent(instanceId)}`, "this instance"),
    initialData,
    staleTime: 0,
    refetchInterval: (query) => (query.state.data && instanceMayMove(query.state.data) ? 2_000 : false),
  });
}
