"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import type { RunDetail } from "@/lib/data/runs";
import { runStatusLabels, terminalRunStatuses } from "@/lib/schemas/run";
import { Badge } from "@/components/ui/badge";
import { usePermissions } from "@/components/layout/permissions";
import { Button } from "@/components/ui/button";
import { formatBytes, formatCount, formatDuration, runStatusTones } from "./run-format";
import { RunLog } from "./run-log";
import { RunStages } from "./run-stages";
import { RunVerificationPanel } from "./run-verification";
import { SpeedChart } from "./speed-chart";
import { useRerun } from "./use-rerun";
import { useRun } from "./use-run";
import { useStopRun } from "./use-stop-run";

function Stat({ label, value, sub }: { label: string; value: string; sub?: string }) {
  return (
    <div className="rounded-md border border-slate-200 bg-white px-3 py-2.5">
      <p className="text-xs text-slate-500">{label}</p>
      <p className="mt-0.5 text-lg font-semibold tabular-nums text-slate-900">{value}</p>
      {sub && <p className="text-xs tabular-nums text-slate-500">{sub}</p>}
    </div>
  );
}

function Section({ title, children, aside }: { title: string; children: React.ReactNode; aside?: React.ReactNode }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4" aria-label={title}>
      <div className="mb-3 flex items-center justify-between">
        <h2 className="text-sm font-semibold text-slate-900">{title}</h2>
        {aside}
      </div>
      {children}
    </section>
  );
}

function DirtyValues({ record }: { record: string }) {
  let values: Record<string, string | null>;
  try {
    values = JSON.parse(record) as Record<string, string | null>;
  } catch {
    return <span className="font-mono">{record}</span>;
  }
  return (
    <span className="font-mono">
      {Object.entries(values).map(([key, value], index) => (
        <span key={key}>
          {index > 0 && ", "}
          <span className="text-slate-400">{key}=</span>
          {value === null ? <span className="text-slate-400">NULL</span> : value}
        </span>
      ))}
    </span>
  );
}

/** The run page: stages, progress, counters, speed chart, dirty records and the log, polled until the run ends. */
export function RunView({ initial }: { initial: RunDetail }) {
  const { data: run, error } = useRun(initial.id, initial);
  const stop = useStopRun(initial.id);
  const rerun = useRerun(initial.id);
  const permissions = usePermissions();
  // Until the first tick, durations use the server's clock of the data, so the HTML the
  // server rendered and the first client render agree.
  const [tick, setTick] = useState<number | null>(null);
  const ended = terminalRunStatuses.includes(run.status);
  useEffect(() => {
    if (ended) return;
    const timer = setInterval(() => setTick(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [ended]);
  const now = tick ?? Date.parse(run.observedAt);

  const durationMs = run.startedAt ? (run.endedAt ? new Date(run.endedAt).getTime() : now) - new Date(run.startedAt).getTime() : null;
  const stopping = run.cancelRequested && !ended;
  const percent = run.percent;

  return (
    <div className="space-y-4 p-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="text-xs text-slate-500">
            <Link href="/runs" className="text-brand-600 hover:underline">
              Runs
            </Link>{" "}
            / {run.node.workflowName}
          </p>
          <h1 className="mt-1 flex items-center gap-3 text-xl font-semibold text-slate-900">
            <Link href={`/workflows/nodes/${run.node.id}`} className="hover:underline">
              {run.node.name}
            </Link>
            <span role="status" aria-label="Run status">
              <Badge tone={runStatusTones[run.status]}>{stopping ? "Stopping…" : runStatusLabels[run.status]}</Badge>
            </span>
          </h1>
          <p className="mt-1 text-xs text-slate-500">
            Run <span className="font-mono">{run.id}</span> · bizdate <span className="font-mono">{run.bizdate ?? "—"}</span> · resource group{" "}
            {run.resourceGroupName ?? "—"}
            {run.worker && (
              <>
                {" "}
                · worker <span className="font-mono">{run.worker.hostname}:{run.worker.pid}</span>
              </>
            )}
            {run.rerunOfId && (
              <>
                {" "}
                · rerun of{" "}
                <Link href={`/runs/${run.rerunOfId}`} className="font-mono text-brand-600 hover:underline">
                  {run.rerunOfId}
                </Link>
              </>
            )}
          </p>
        </div>
        <div className={`flex items-center gap-2 ${permissions.run ? "" : "hidden"}`}>
          {!ended && (
            <Button variant="danger" onClick={() => stop.mutate()} disabled={stop.isPending || stopping}>
              {stopping ? "Stopping…" : "Stop"}
            </Button>
          )}
          <Button variant={ended ? "primary" : "secondary"} onClick={() => rerun.mutate()} disabled={!ended || rerun.isPending} title={ended ? undefined : "A run can be rerun once it has ended."}>
            {rerun.isPending ? "Queuing…" : "Rerun"}
          </Button>
        </div>
      </div>
      {(stop.error || rerun.error || error) && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {(stop.error ?? rerun.error ?? error)?.message}
        </p>
      )}

      <Section title="Stages">
        <RunStages run={run} now={now} />
        {run.status === "queued" && run.queue && (
          <p className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
            Waiting for resources: {run.queue.running} of {run.queue.slots} slots of {run.resourceGroupName} are in use
            {run.queue.ahead ? `, ${run.queue.ahead} run(s) ahead in the queue` : ""}.
            {run.queue.workersOnline === 0 && (
              <>
                {" "}
                No worker of this group is online: start one with <code className="font-mono">npm run worker -- --group {run.resourceGroupName}</code>.
              </>
            )}
          </p>
        )}
        {/* A failed verification is told once, by its own panel below. */}
        {run.errorMessage && run.status !== "succeeded" && !(run.errorCode === "VERIFICATION_FAILED" && run.verification) && (
          <div role="alert" className={`mt-3 rounded-md border px-3 py-2 text-sm ${run.status === "cancelled" ? "border-slate-200 bg-slate-50 text-slate-700" : "border-red-200 bg-red-50 text-red-800"}`}>
            {run.errorCode && <span className="mr-2 font-mono text-xs">[{run.errorCode}]</span>}
            {run.errorMessage}
          </div>
        )}
      </Section>

      {run.verification && <RunVerificationPanel verification={run.verification} />}

      <Section
        title="Progress"
        aside={
          <span className="text-xs tabular-nums text-slate-500">
            {percent === null ? "total not known yet" : `${percent.toFixed(1)}% written`}
            {run.readPercent !== null && !ended && ` · ${run.readPercent.toFixed(1)}% read`}
          </span>
        }
      >
        <div
          className="relative h-2.5 overflow-hidden rounded-full bg-slate-100"
          role="progressbar"
          aria-label="Progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent === null ? undefined : Math.round(percent)}
        >
          {!ended && <div className="absolute inset-y-0 left-0 rounded-full bg-brand-100 transition-[width] duration-700" style={{ width: `${run.readPercent ?? 0}%` }} />}
          <div
            className={`absolute inset-y-0 left-0 rounded-full transition-[width] duration-700 ${run.status === "failed" ? "bg-red-500" : run.status === "cancelled" ? "bg-slate-400" : run.status === "succeeded" ? "bg-emerald-500" : "bg-brand-600"}`}
            style={{ width: `${percent ?? 0}%` }}
          />
        </div>
        <div className="mt-4 grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
          <Stat label="Records read" value={formatCount(run.recordsRead)} sub={run.totalRecords === null ? undefined : `of ${formatCount(run.totalRecords)}`} />
          <Stat label="Records written" value={formatCount(run.recordsWritten)} />
          <Stat
            label="Bytes read"
            value={formatBytes(run.bytesRead)}
            sub={!ended && run.bytesRead === 0 && run.recordsRead > 0 ? "counted as batches are written" : undefined}
          />
          <Stat label="Bytes written" value={formatBytes(run.bytesWritten)} />
          <Stat
            label={ended ? "Average speed" : "Speed"}
            value={`${formatCount(run.speed.recordsPerSecond)} rec/s`}
            sub={`${formatBytes(run.speed.bytesPerSecond)}/s`}
          />
          <Stat label="Dirty records" value={formatCount(run.dirtyRecords)} sub={`duration ${formatDuration(durationMs)}`} />
        </div>
      </Section>

      <Section title="Speed">
        <SpeedChart samples={run.metrics} startedAt={run.startedAt} running={!ended} />
      </Section>

      {(run.dirtyRecords > 0 || run.dirty.length > 0) && (
        <Section title="Dirty records" aside={<span className="text-xs text-slate-500">{formatCount(run.dirtyRecords)} refused; the first {Math.min(run.dirty.length, 200)} shown</span>}>
          <div className="max-h-72 overflow-auto rounded-md border border-slate-200">
            <table className="w-full text-xs" aria-label="Dirty records">
              <thead className="sticky top-0 bg-slate-50 text-left font-semibold uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="px-3 py-2">Column</th>
                  <th className="px-3 py-2">Reason</th>
                  <th className="px-3 py-2">Record</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {run.dirty.map((record) => (
                  <tr key={record.id} className="align-top">
                    <td className="whitespace-nowrap px-3 py-2 font-mono text-slate-900">{record.column ?? "—"}</td>
                    <td className="px-3 py-2 text-red-700">{record.reason}</td>
                    <td className="px-3 py-2 text-slate-700">
                      <DirtyValues record={record.record} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Section>
      )}

      <Section title="Log" aside={!ended ? <span className="text-xs text-slate-500">updating every second</span> : undefined}>
        <RunLog logs={run.logs} truncated={run.logsTruncated} />
      </Section>

      {Object.keys(run.parameters).length > 0 && (
        <Section title="Parameters">
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
            {Object.entries(run.parameters).map(([key, value]) => (
              <div key={key} className="contents">
                <dt className="font-mono text-slate-500">{key}</dt>
                <dd className="font-mono text-slate-900">{value}</dd>
              </div>
            ))}
          </dl>
        </Section>
      )}
    </div>
  );
}
