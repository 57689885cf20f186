import type { InstanceListFilter, ListedInstanceKind } from "@/lib/schemas/instance";

/** TanStack Query keys of instances, one factory for every hook that reads them. */
export const instanceKeys = {
  all: ["instances"] as const,
  list: (kind: ListedInstanceKind, filter: InstanceListFilter) => [...instanceKeys.all, "list", kind, filter] as const,
  detail: (instanceId: string) => [...instanceKeys.all, "detail", instanceId] as const,
};
