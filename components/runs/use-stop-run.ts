"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { stopRun } from "@/lib/actions/stop-run";
import { runKeys } from "./run-keys";

export function useStopRun(runId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const result = await stopRun({ runId });
      if (!result.ok) throw new Error(result.message);
      return result.data;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: runKeys.detail(runId) }),
  });
}
