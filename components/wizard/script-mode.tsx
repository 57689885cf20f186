"use client";
import { useMemo } from "react";
import { dataSourceProblemsOf, type DataSourceRef } from "@/lib/job-spec-data-sources";
import { safeParseJobSpec, type JobSpecIssue } from "@/lib/sync-engine/job-spec";
import { CodeEditor } from "@/components/ui/code-editor";

export type ScriptCheck = { problems: JobSpecIssue[]; unfinished: JobSpecIssue[] };

/**
 * Script mode's check, the same as the server's on Save: `problems` stop a save (the
 * engine's schema, data sources of the workspace); `unfinished` are what Run still needs.
 */
export function checkScript(text: string, dataSources: DataSourceRef[]): ScriptCheck {
  const draft = safeParseJobSpec(text, { allowIncomplete: true });
  if (!draft.ok) return { problems: draft.issues, unfinished: [] };
  const problems = dataSourceProblemsOf(JSON.parse(text), dataSources);
  const complete = safeParseJobSpec(text);
  return { problems, unfinished: complete.ok ? [] : complete.issues };
}

function IssueList({ issues, label, tone }: { issues: JobSpecIssue[]; label: string; tone: "amber" | "slate" }) {
  return (
    <ul
      className={`space-y-1 rounded-md border px-3 py-2 text-sm ${tone === "amber" ? "border-amber-200 bg-amber-50 text-amber-800" : "border-slate-200 bg-slate-50 text-slate-700"}`}
      aria-label={label}
    >
      {issues.map((issue) => (
        <li key={`${issue.path}:${issue.message}`}>
          <code className="font-mono text-xs">{issue.path}</code>: {issue.message}
        </li>
      ))}
    </ul>
  );
}

/** Script mode: the job spec as JSON, checked as you type with the rules Save and Run apply. */
export function ScriptMode({ text, onChange, dataSources }: { text: string; onChange: (text: string) => void; dataSources: DataSourceRef[] }) {
  const check = useMemo(() => checkScript(text, dataSources), [text, dataSources]);
  return (
    <section aria-label="Script mode" className="space-y-3">
      <p className="text-sm text-slate-600">
        The node&apos;s job spec in DataWorks script-mode shape. Save checks it and updates the wizard.
      </p>
      <CodeEditor label="Job spec" language="json" value={text} onChange={onChange} height="520px" />
      {check.problems.length > 0 ? (
        <>
          <p className="text-sm font-medium text-amber-800">Save refuses the job spec until these are fixed:</p>
          <IssueList issues={check.problems} label="Job spec problems" tone="amber" />
        </>
      ) : check.unfinished.length > 0 ? (
        <>
          <p className="text-sm text-slate-700" role="status">
            The job spec can be saved. Run still needs:
          </p>
          <IssueList issues={check.unfinished} label="What Run still needs" tone="slate" />
        </>
      ) : (
        <p className="text-sm text-emerald-700" role="status">
          The job spec is valid.
        </p>
      )}
    </section>
  );
}
