"use client";
import { useMutation } from "@tanstack/react-query";
import { runQuery } from "@/lib/actions/run-query";

export function useRunQuery() {
  return useMutation({
    mutationFn: async (input: { dataSourceId: string; sql: string }) => {
      const result = await runQuery(input);
      if (!result.ok) throw new Error(result.message);
      return result.data;
    },
  });
}
