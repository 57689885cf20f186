"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/schemas/common";
import { instanceKeys } from "./instance-keys";

/** Runs one of Operation Center's server actions and refreshes every instance list and page. */
export function useInstanceAction<I, R>(action: (input: I) => Promise<ActionResult<R>>) {
  const queryClient = useQueryClient();
  const router = useRouter();
  return useMutation({
    mutationFn: async (input: I) => {
      const result = await action(input);
      if (!result.ok) throw new Error(result.message);
      return result;
    },
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: instanceKeys.all });
      router.refresh();
    },
  });
}
