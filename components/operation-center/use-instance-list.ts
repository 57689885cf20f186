"use client";
import { useQuery } from "@tanstack/react-query";
import type { InstanceList } from "@/lib/data/instances";
import { instanceMayMove } from "@/lib/scheduling/instance-status";
import type { InstanceListFilter, ListedInstanceKind } from "@/lib/schemas/instance";
import { fetchJson } from "./fetch-json";
import { instanceKeys } from "./instance-keys";

function listUrl(kind: ListedInstanceKind, filter: InstanceListFilter): string {
  const params = new URLSearchParams({ kind });
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
  return `/api/instances?${params}`;
}

/**
 * An instance list, polled while one of its instances may still move by itself: every 2 s
 * while one waits for resources or runs, every 10 s while they only wait for their time.
 */
export function useInstanceList(kind: ListedInstanceKind, filter: InstanceListFilter, initialData: InstanceList) {
  return useQuery({
    queryKey: instanceKeys.list(kind, filter),
    queryFn: () => fetchJson<InstanceList>(listUrl(kind, filter), "these instances"),
    initialData,
    staleTime: 0,
    refetchInterval: (query) => {
      const moving = (query.state.data?.instances ?? []).filter(instanceMayMove);
      if (!moving.length) return false;
      return moving.some((instance) => instance.status !== "waitingTime" && instance.status !== "notRun") ? 2_000 : 10_000;
    },
  });
}
