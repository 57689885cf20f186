"use client";
import Link from "next/link";
import type { InstanceDetail } from "@/lib/data/instances";
import { runStatusLabels } from "@/lib/schemas/run";
import { formatDuration, runStatusTones } from "@/components/runs/run-format";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { InstanceActions } from "./instance-actions";
import { instanceDagPath } from "./instance-path";
import { InstanceStatusBadge } from "./instance-status-badge";
import { useInstance } from "./use-instance";
import { formatBizdate, formatZoned } from "./zoned-time";

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4" aria-label={title}>
      <h2 className="mb-3 text-sm font-semibold text-slate-900">{title}</h2>
      {children}
    </section>
  );
}

function Facts({ rows }: { rows: [string, React.ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-slate-500">{label}</dt>
          <dd className="text-slate-800">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

const kindLabels = { auto: "Auto triggered", test: "Test", backfill: "Backfill" } as const;

/** An instance: its state and why, what it waits for, its schedule and parameters, and its attempts with their logs. */
export function InstanceView({ initial }: { initial: InstanceDetail }) {
  const { data: instance, error } = useInstance(initial.id, initial);
  const tz = instance.timeZone;
  const dagPath = instanceDagPath(instance);
  const listPath = instance.kind === "test" ? "/operation-center/test-instances" : "/operation-center/instances";
  const reasons: string[] = [];
  if (instance.frozen) reasons.push("Frozen: it does not run until someone unfreezes it.");
  if (instance.dryRun) reasons.push(`Dry run${instance.dryRunReason ? `: ${instance.dryRunReason}` : ""}. It succeeds at its time without running anything, and has no log.`);
  if (instance.setSucceededBy) reasons.push(`Set to succeeded by ${instance.setSucceededBy}.`);
  if (instance.message) reasons.push(instance.message);

  return (
    <div className="space-y-4 p-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="text-xs text-slate-500">
            <Link href={listPath} className="text-brand-600 hover:underline">
              {instance.kind === "test" ? "Test Instances" : "Auto Triggered Instances"}
            </Link>{" "}
            / {instance.node.workflowName}
          </p>
          <h1 className="mt-1 flex flex-wrap items-center gap-3 text-xl font-semibold text-slate-900">
            <Link href={`/workflows/nodes/${instance.node.id}`} className="hover:underline">
              {instance.node.name}
            </Link>
            <span className="font-normal text-slate-400">{formatBizdate(instance.bizdate)}</span>
            <span role="status" aria-label="Instance status">
              <InstanceStatusBadge instance={instance} />
            </span>
          </h1>
          <p className="mt-1 text-xs text-slate-500">
            {kindLabels[instance.kind]} instance <span className="font-mono">{instance.id}</span> · scheduled {formatZoned(instance.scheduledAt, tz)} ({tz})
          </p>
        </div>
        <InstanceActions
          instance={instance}
          size="md"
          extra={
            dagPath && (
              <Link href={dagPath} className={buttonClass("secondary", "md")} title="Its parent and child instances as a graph">
                DAG
              </Link>
            )
          }
        />
      </div>
      {error && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {error.message}
        </p>
      )}

      <div className="grid gap-4 lg:grid-cols-2">
        <Section title="Status">
          <InstanceStatusBadge instance={instance} />
          {reasons.length > 0 && (
            <ul className="mt-2 space-y-1 text-sm text-slate-700">
              {reasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
          )}
          {instance.rerunRefusal && (instance.status === "succeeded" || instance.status === "failed") && (
            <p className="mt-2 text-sm text-slate-500">Rerun is not available: {instance.rerunRefusal}</p>
          )}
        </Section>
        <Section title="Waiting for">
          {instance.waitsFor.length ? (
            <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
              {instance.waitsFor.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-500">{instance.status === "running" ? "Nothing: it is running." : "Nothing: it has ended."}</p>
          )}
        </Section>
        <Section title="Schedule">
          <Facts
            rows={[
              ["Business date", <span key="b" className="font-mono">{formatBizdate(instance.bizdate)}</span>],
              ["Scheduled time", formatZoned(instance.scheduledAt, tz)],
              ["May start from", formatZoned(instance.notBefore, tz)],
              ["Started / ended", `${formatZoned(instance.startedAt, tz)} / ${formatZoned(instance.endedAt, tz)}`],
              ["Duration", formatDuration(instance.durationMs)],
              ["Generated", `${formatZoned(instance.generatedAt, tz)} by ${instance.createdBy}`],
              ["Resource group", instance.resourceGroupName ?? "default"],
              ["Recurrence", instance.recurrence ?? "—"],
              ["Rerun", instance.rerunPolicy ?? "— (not deployed)"],
              ["Auto Rerun upon Failure", instance.autoRerun ? `${instance.autoRerunsUsed} of ${instance.autoRerun.times} used, every ${instance.autoRerun.intervalMinutes} min` : "Off"],
              ["Timeout", instance.timeoutMinutes ? formatDuration(instance.timeoutMinutes * 60_000) : "—"],
              ["Time zone", tz],
            ]}
          />
        </Section>
        <Section title="Parameters">
          <p className="mb-2 text-xs text-slate-500">Fixed when the instance was generated; every attempt runs with them.</p>
          <table className="w-full text-sm" aria-label="Parameters">
            <tbody className="divide-y divide-slate-100">
              {Object.entries(instance.parameters).map(([key, value]) => (
                <tr key={key}>
                  <td className="py-1.5 pr-4 font-mono text-xs text-slate-500">{key}</td>
                  <td className="py-1.5 font-mono text-xs text-slate-900">{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      </div>

      <Section title="Attempts">
        {instance.attempts.length === 0 ? (
          <p className="text-sm text-slate-500">{instance.dryRun ? "None: a dry run never runs." : "None yet: each attempt to run the instance is a run with its own log."}</p>
        ) : (
          <table className="w-full text-sm" aria-label="Attempts">
            <thead className="text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th className="py-2 pr-4">Run no.</th>
                <th className="py-2 pr-4">Status</th>
                <th className="py-2 pr-4">Submitted</th>
                <th className="py-2 pr-4">Start</th>
                <th className="py-2 pr-4">End</th>
                <th className="py-2 pr-4 text-right">Duration</th>
                <th className="py-2 pr-4">By</th>
                <th className="py-2 pr-4">Error</th>
                <th className="py-2">Log</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {instance.attempts.map((attempt) => (
                <tr key={attempt.runId} className="align-top">
                  <td className="py-2 pr-4 tabular-nums">{attempt.runNumber ?? "—"}</td>
                  <td className="py-2 pr-4">
                    <Badge tone={runStatusTones[attempt.status]}>{runStatusLabels[attempt.status]}</Badge>
                  </td>
                  <td className="whitespace-nowrap py-2 pr-4 tabular-nums text-slate-600">{formatZoned(attempt.submittedAt, tz)}</td>
                  <td className="whitespace-nowrap py-2 pr-4 tabular-nums text-slate-600">{formatZoned(attempt.startedAt, tz)}</td>
                  <td className="whitespace-nowrap py-2 pr-4 tabular-nums text-slate-600">{formatZoned(attempt.endedAt, tz)}</td>
                  <td className="whitespace-nowrap py-2 pr-4 text-right tabular-nums text-slate-600">{formatDuration(attempt.durationMs)}</td>
                  <td className="py-2 pr-4 text-slate-600">{attempt.triggeredBy}</td>
                  <td className="max-w-sm py-2 pr-4 text-xs text-red-700">{attempt.errorMessage ?? ""}</td>
                  <td className="py-2">
                    <Link href={`/runs/${attempt.runId}`} className="text-brand-600 hover:underline">
                      Run {attempt.runNumber ?? ""} log
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </div>
  );
}
