/** TanStack Query keys of runs, one factory for every hook that reads them. */
export const runKeys = {
  all: ["runs"] as const,
  detail: (runId: string) => [...runKeys.all, "detail", runId] as const,
};
