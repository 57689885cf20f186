"use client";
import { useQuery } from "@tanstack/react-query";
import type { RunDetail } from "@/lib/data/runs";
import { terminalRunStatuses } from "@/lib/schemas/run";
import { runKeys } from "./run-keys";

async function fetchRun(runId: string): Promise<RunDetail> {
  const response = await fetch(`/runs/${encodeURIComponent(runId)}/state`, { cache: "no-store" });
  // A signed-out request is redirected to the login page, which is HTML.
  if (response.redirected || !response.headers.get("content-type")?.includes("application/json")) {
    throw new Error("Your session ended. Sign in again to follow this run.");
  }
  const body = (await response.json()) as RunDetail | { message: string };
  if (!response.ok) throw new Error("message" in body ? body.message : `The run could not be loaded (${response.status}).`);
  return body as RunDetail;
}

/** A run, polled every second until it reaches a terminal status. */
export function useRun(runId: string, initialData: RunDetail) {
  return useQuery({
    queryKey: runKeys.detail(runId),
    queryFn: () => fetchRun(runId),
    initialData,
    staleTime: 0,
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status && terminalRunStatuses.includes(status) ? false : 1_000;
    },
  });
}
