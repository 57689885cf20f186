"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { rerun } from "@/lib/actions/rerun";

/** Queues a rerun and opens it. */
export function useRerun(runId: string) {
  const router = useRouter();
  return useMutation({
    mutationFn: async () => {
      const result = await rerun({ runId });
      if (!result.ok) throw new Error(result.message);
      return result.data;
    },
    onSuccess: ({ runId: next }) => router.push(`/runs/${next}`),
  });
}
