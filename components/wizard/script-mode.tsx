"use client";
import { useMemo } from "react";
import { safeParseJobSpec } from "@/lib/sync-engine/job-spec";
import { CodeEditor } from "@/components/ui/code-editor";

/** Script mode: the job spec as JSON, checked against the engine's schema as you type. */
export function ScriptMode({ text, onChange }: { text: string; onChange: (text: string) => void }) {
  const check = useMemo(() => safeParseJobSpec(text), [text]);
  return (
    <section aria-label="Script mode" className="space-y-3">
      <p className="text-sm text-slate-600">
        The node&apos;s job spec in DataWorks script-mode shape. Save checks it and updates the wizard.
      </p>
      <CodeEditor label="Job spec" language="json" value={text} onChange={onChange} height="520px" />
      {check.ok ? (
        <p className="text-sm text-emerald-700" role="status">
          The job spec is valid.
        </p>
      ) : (
        <ul className="space-y-1 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800" aria-label="Job spec problems">
          {check.issues.map((issue) => (
            <li key={`${issue.path}:${issue.message}`}>
              <code className="font-mono text-xs">{issue.path}</code>: {issue.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
