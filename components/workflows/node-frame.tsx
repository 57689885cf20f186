"use client";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";

const steps = [
  { key: "connections", label: "Connections", note: "Source and target data sources and tables" },
  { key: "mappings", label: "Mappings", note: "Which source field goes to which target field" },
  { key: "channel", label: "Channel", note: "Concurrency, bandwidth throttling, dirty data" },
] as const;

const panels = [
  { key: "resource-group", label: "Resource Group configuration" },
  { key: "properties", label: "Properties" },
] as const;

type Spec = {
  steps?: { category?: string; stepType?: string; parameter?: Record<string, unknown> }[];
  setting?: { speed?: { concurrent?: number; throttle?: boolean; mbps?: string | number }; errorLimit?: { record?: string | number } };
};

function valueOrDash(value: unknown) {
  if (Array.isArray(value)) return value.length ? value.join(", ") : "—";
  return value === undefined || value === null || value === "" ? "—" : String(value);
}

/** The node page: the wizard's steps and side panels around the node's job spec. */
export function NodeFrame({
  node,
}: {
  node: { name: string; workflowName: string; jobSpec: unknown; arguments: string; resourceGroupName: string | null; versions: { version: number; savedBy: string; savedAt: string }[] };
}) {
  const [step, setStep] = useState<(typeof steps)[number]["key"]>("connections");
  const [panel, setPanel] = useState<(typeof panels)[number]["key"] | null>(null);
  const [scriptMode, setScriptMode] = useState(false);
  const spec = node.jobSpec as Spec;
  const reader = spec.steps?.find((s) => s.category === "reader")?.parameter ?? {};
  const writer = spec.steps?.find((s) => s.category === "writer")?.parameter ?? {};

  return (
    <div className="flex h-full flex-col">
      <div className="flex items-center justify-between border-b border-slate-200 bg-white px-5 py-2.5">
        <div className="flex items-center gap-3">
          <span className="rounded bg-brand-100 px-1.5 py-0.5 text-xs font-bold text-brand-700">DI</span>
          <h1 className="text-base font-semibold text-slate-900">{node.name}</h1>
          <span className="text-xs text-slate-500">in {node.workflowName}</span>
          <Badge>Batch Synchronization</Badge>
        </div>
        <div className="flex items-center gap-2" role="toolbar" aria-label="Node toolbar">
          <button
            type="button"
            aria-pressed={scriptMode}
            onClick={() => setScriptMode(!scriptMode)}
            className={`rounded-md border px-3 py-1.5 text-sm ${scriptMode ? "border-brand-500 bg-brand-50 text-brand-700" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50"}`}
          >
            Script mode
          </button>
        </div>
      </div>
      <div className="flex min-h-0 flex-1">
        <div className="min-w-0 flex-1 overflow-y-auto p-5">
          {scriptMode ? (
            <section aria-label="Job spec">
              <p className="mb-2 text-xs text-slate-500">The node&apos;s job spec in DataWorks script-mode shape.</p>
              <pre className="overflow-x-auto rounded-lg border border-slate-200 bg-slate-900 p-4 font-mono text-xs leading-relaxed text-slate-100">
                {JSON.stringify(node.jobSpec, null, 2)}
              </pre>
            </section>
          ) : (
            <>
              <ol className="mb-5 flex items-center gap-2" aria-label="Wizard steps">
                {steps.map((item, index) => (
                  <li key={item.key} className="flex items-center gap-2">
                    <button
                      type="button"
                      onClick={() => setStep(item.key)}
                      aria-current={step === item.key ? "step" : undefined}
                      className={`flex items-center gap-2 rounded-full border px-3 py-1.5 text-sm ${
                        step === item.key ? "border-brand-500 bg-brand-50 font-medium text-brand-700" : "border-slate-200 bg-white text-slate-600 hover:border-slate-300"
                      }`}
                    >
                      <span className={`flex h-5 w-5 items-center justify-center rounded-full text-xs ${step === item.key ? "bg-brand-600 text-white" : "bg-slate-200 text-slate-600"}`}>
                        {index + 1}
                      </span>
                      {item.label}
                    </button>
                    {index < steps.length - 1 && <span className="h-px w-8 bg-slate-300" />}
                  </li>
                ))}
              </ol>
              <p className="mb-4 text-sm text-slate-500">{steps.find((s) => s.key === step)!.note}</p>
              {step === "connections" && (
                <div className="grid gap-4 lg:grid-cols-2">
                  {[
                    { title: "Source", type: "ODPS", values: [["Connection", reader.datasource], ["Table", reader.table], ["Partition Key Column", reader.partition]] },
                    { title: "Target", type: "Hologres", values: [["Connection", writer.datasource], ["Table", writer.table], ["Write mode", writer.writeMode === "sql" ? "SQL (INSERT INTO)" : "SDK (Fast write)"], ["Write conflict strategy", writer.conflictMode]] },
                  ].map((side) => (
                    <section key={side.title} className="rounded-lg border border-slate-200 bg-white p-4">
                      <h2 className="mb-3 flex items-center gap-2 text-sm font-semibold">
                        {side.title} <Badge tone={side.type === "ODPS" ? "amber" : "blue"}>{side.type}</Badge>
                      </h2>
                      <dl className="grid grid-cols-[160px_1fr] gap-y-2 text-sm">
                        {side.values.map(([label, value]) => (
                          <div key={String(label)} className="contents">
                            <dt className="text-slate-500">{String(label)}</dt>
                            <dd className="text-slate-800">{valueOrDash(value)}</dd>
                          </div>
                        ))}
                      </dl>
                    </section>
                  ))}
                </div>
              )}
              {step === "mappings" && (
                <section className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
                  <dl className="grid grid-cols-[160px_1fr] gap-y-2">
                    <dt className="text-slate-500">Source fields</dt>
                    <dd>{valueOrDash(reader.column)}</dd>
                    <dt className="text-slate-500">Target fields</dt>
                    <dd>{valueOrDash(writer.column)}</dd>
                  </dl>
                </section>
              )}
              {step === "channel" && (
                <section className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
                  <dl className="grid grid-cols-[220px_1fr] gap-y-2">
                    <dt className="text-slate-500">Expected Maximum Concurrency</dt>
                    <dd>{valueOrDash(spec.setting?.speed?.concurrent)}</dd>
                    <dt className="text-slate-500">Bandwidth Throttling</dt>
                    <dd>{spec.setting?.speed?.throttle ? `Enable, ${spec.setting.speed.mbps} MB/s` : "Disable"}</dd>
                    <dt className="text-slate-500">Dirty Data Records Allowed</dt>
                    <dd>{spec.setting?.errorLimit?.record === "" ? "No limit" : valueOrDash(spec.setting?.errorLimit?.record)}</dd>
                  </dl>
                </section>
              )}
            </>
          )}
        </div>
        {panel && (
          <aside className="w-72 shrink-0 overflow-y-auto border-l border-slate-200 bg-white p-4 text-sm" aria-label={panels.find((p) => p.key === panel)!.label}>
            <h2 className="mb-3 font-semibold">{panels.find((p) => p.key === panel)!.label}</h2>
            {panel === "resource-group" ? (
              <dl className="space-y-2">
                <dt className="text-slate-500">Exclusive Resource Groups</dt>
                <dd>{node.resourceGroupName ?? "—"}</dd>
              </dl>
            ) : (
              <dl className="space-y-2">
                <dt className="text-slate-500">Arguments</dt>
                <dd className="font-mono text-xs">{node.arguments || "—"}</dd>
                <dt className="pt-3 text-slate-500">Saved versions</dt>
                <dd>
                  <ul className="space-y-1 text-xs">
                    {node.versions.map((version) => (
                      <li key={version.version}>
                        V{version.version} · {version.savedBy} · {version.savedAt}
                      </li>
                    ))}
                  </ul>
                </dd>
              </dl>
            )}
          </aside>
        )}
        <nav aria-label="Side panels" className="flex w-9 shrink-0 flex-col items-center gap-2 border-l border-slate-200 bg-slate-50 py-3">
          {panels.map((item) => (
            <button
              key={item.key}
              type="button"
              onClick={() => setPanel(panel === item.key ? null : item.key)}
              aria-pressed={panel === item.key}
              className={`rounded px-1 py-2 text-xs [writing-mode:vertical-rl] ${panel === item.key ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100"}`}
            >
              {item.label}
            </button>
          ))}
        </nav>
      </div>
    </div>
  );
}
