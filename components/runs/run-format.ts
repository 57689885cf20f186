import type { RunStatusName } from "@/lib/schemas/run";

/** 1 h 02 min, 3 min 05 s, 12.4 s. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(Math.floor(seconds % 60)).padStart(2, "0")} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

export function formatSecondsAgo(seconds: number): string {
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  return `${Math.floor(seconds / 3600)} h ago`;
}

const count = new Intl.NumberFormat("en-US");
export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : count.format(Math.round(value));
}

/** The units DataX prints: B, KB, MB, GB (1024-based). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

export const runStatusTones: Record<RunStatusName, "gray" | "blue" | "green" | "red" | "amber"> = {
  queued: "amber",
  running: "blue",
  succeeded: "green",
  failed: "red",
  cancelled: "gray",
};
