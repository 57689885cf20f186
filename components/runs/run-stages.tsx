import type { RunDetail } from "@/lib/data/runs";
import { formatDateTime } from "@/components/ui/format";
import { formatDuration } from "./run-format";

type StageState = "done" | "current" | "failed" | "todo";

/** Submitted -> waiting for resources -> running -> ended, with their times. */
export function RunStages({ run, now }: { run: RunDetail; now: number }) {
  const ended = run.endedAt !== null;
  const submitted = new Date(run.submittedAt).getTime();
  const started = run.startedAt ? new Date(run.startedAt).getTime() : null;
  const waitedMs = (started ?? (run.status === "queued" ? now : new Date(run.endedAt ?? now).getTime())) - submitted;
  const endLabel = run.status === "succeeded" ? "Succeeded" : run.status === "failed" ? "Failed" : run.status === "cancelled" ? "Cancelled" : "Ends";
  const stages: { label: string; state: StageState; time: string; note: string }[] = [
    { label: "Submitted", state: "done", time: formatDateTime(run.submittedAt), note: `by ${run.triggeredBy}` },
    {
      label: "Waiting for resources",
      state: run.status === "queued" ? "current" : "done",
      time: run.status === "queued" ? "now" : formatDateTime(run.submittedAt),
      note: `${formatDuration(Math.max(0, waitedMs))} in ${run.resourceGroupName ?? "the queue"}`,
    },
    {
      label: "Running",
      state: run.status === "running" ? "current" : started ? "done" : ended ? "todo" : "todo",
      time: run.startedAt ? formatDateTime(run.startedAt) : "—",
      note: started ? formatDuration((run.endedAt ? new Date(run.endedAt).getTime() : now) - started) : "not started",
    },
    {
      label: endLabel,
      state: run.status === "succeeded" ? "done" : run.status === "failed" || run.status === "cancelled" ? "failed" : "todo",
      time: run.endedAt ? formatDateTime(run.endedAt) : "—",
      note: run.endedAt ? `total ${formatDuration(new Date(run.endedAt).getTime() - submitted)}` : "",
    },
  ];
  return (
    <ol className="grid grid-cols-4 gap-2" aria-label="Run stages">
      {stages.map((stage, index) => (
        <li key={stage.label} className="relative">
          <div className="flex items-center gap-2">
            <span
              className={`flex h-6 w-6 shrink-0 items-center justify-center rounded-full text-xs font-semibold ${
                stage.state === "done"
                  ? "bg-emerald-500 text-white"
                  : stage.state === "current"
                    ? "bg-brand-600 text-white ring-4 ring-brand-100"
                    : stage.state === "failed"
                      ? run.status === "cancelled"
                        ? "bg-slate-500 text-white"
                        : "bg-red-500 text-white"
                      : "bg-slate-200 text-slate-500"
              }`}
              aria-hidden
            >
              {stage.state === "done" ? "✓" : stage.state === "failed" ? (run.status === "cancelled" ? "■" : "✕") : index + 1}
            </span>
            <span className={`text-sm font-medium ${stage.state === "todo" ? "text-slate-400" : "text-slate-900"}`}>{stage.label}</span>
            {index < stages.length - 1 && <span className="h-px flex-1 bg-slate-200" aria-hidden />}
          </div>
          <p className="mt-1 pl-8 text-xs tabular-nums text-slate-600">{stage.time}</p>
          {stage.note && <p className="pl-8 text-xs text-slate-400">{stage.note}</p>}
        </li>
      ))}
    </ol>
  );
}
