import type { StatusTone } from "@/lib/scheduling/instance-status";

export const backfillStatusTones: Record<"running" | "succeeded" | "failed" | "stopped", StatusTone> = {
  running: "blue",
  succeeded: "green",
  failed: "red",
  stopped: "amber",
};
