"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback, useMemo, useState, useTransition } from "react";
import { rollBackNode } from "@/lib/actions/roll-back-node";
import { saveSyncNode } from "@/lib/actions/save-sync-node";
import type { NodeScheduling } from "@/lib/scheduling/node-scheduling";
import { schedulingFieldErrors } from "@/lib/scheduling/scheduling-field-errors";
import type { DataSourceRef } from "@/lib/job-spec-data-sources";
import { connectorSpecFor, sourceTypeChoices } from "@/lib/sync-engine/connectors/connector-specs";
import { leaveWithoutAsking } from "@/lib/leave-guard";
import { nodeArgumentsSchema } from "@/lib/schemas/sync-node";
import { checkDraftForRun, checkDraftForSave, draftFromJobSpec, jobSpecFromDraft, type DraftIssue, type NodeDraft, type WizardStep } from "@/lib/wizard/node-draft";
import { Badge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { useLeaveGuard } from "@/components/layout/use-leave-guard";
import { usePermissions } from "@/components/layout/permissions";
import { ChannelStep } from "./channel-step";
import { CompareModal } from "./compare-modal";
import { MappingsStep, sourceFieldsOf } from "./mappings-step";
import { mappingProblem } from "./mapping-rules";
import { nodeKeys } from "./queries/node-keys";
import { useNodeSaved } from "./queries/use-node-saved";
import { useReaderColumns } from "./queries/use-reader-columns";
import { useTargetTable } from "./queries/use-target-table";
import { RunCheckModal } from "./run-check-modal";
import { RunNodeDialog } from "./run-node-dialog";
import { checkScript, ScriptMode } from "./script-mode";
import { PropertiesPanel, ResourceGroupPanel } from "./side-panels";
import { SourcePanel } from "./source-panel";
import { TargetPanel } from "./target-panel";
import { useNodeActiveRun } from "./use-node-active-run";
import { CommitDialog } from "@/components/scheduling/commit-dialog";
import { VersionsPanel, type CommitRow } from "@/components/scheduling/versions-panel";
import type { DeployedOutputs } from "@/components/scheduling/dependency-properties";
import { Modal } from "@/components/ui/modal";
import type { UpdateDraft } from "./wizard-types";

export type WizardNode = {
  id: string;
  name: string;
  workflowName: string;
  jobSpec: unknown;
  arguments: string;
  resourceGroupId: string | null;
  /** The newest saved version when the page was rendered: what this editor's edits are based on. */
  version: number | null;
  versions: { version: number; savedBy: string; savedAt: string }[];
  scheduling: NodeScheduling;
  owner: string;
  /** Committed versions, newest first. */
  commits: CommitRow[];
};

/** What the wizard needs of the workspace for scheduling. */
export type WizardWorkspace = {
  mode: "basic" | "standard";
  name: string;
  timeZone: string;
  members: string[];
  /** The workspace's deployed nodes and their outputs: what parents are chosen from. */
  deployedOutputs: DeployedOutputs[];
};

// The Properties panel's field for each scheduling field, for the check lists' links.
const schedulingFieldIds: Record<string, string> = {
  "cycle.intervalMinutes": "scheduling-interval",
  "cycle.intervalHours": "scheduling-interval",
  "cycle.start": "scheduling-start",
  "cycle.end": "scheduling-end",
  "cycle.time": "scheduling-time",
  "cycle.minute": "scheduling-minute",
  validFrom: "scheduling-valid-from",
  validTo: "scheduling-valid-to",
  timeoutMinutes: "scheduling-timeout",
  "autoRerun.times": "scheduling-rerun-times",
  "autoRerun.intervalMinutes": "scheduling-rerun-interval",
  autoRerun: "scheduling-auto-rerun",
  "dependencies.inputs": "dependencies-parent-output",
};

const leaveQuestion = "This node has unsaved changes. Leave without saving?";

const steps: { key: Exclude<WizardStep, "resource-group" | "properties">; label: string }[] = [
  { key: "connections", label: "Connections" },
  { key: "mappings", label: "Mappings" },
  { key: "channel", label: "Channel" },
];

type Panel = "resource-group" | "properties" | "versions";

const panelTitles: Record<Panel, string> = { "resource-group": "Resource Group configuration", properties: "Properties", versions: "Versions" };

export function NodeWizard({
  node,
  allSources,
  holoSources,
  resourceGroups,
  workspace,
}: {
  workspace: WizardWorkspace;
  node: WizardNode;
  /** Every data source of the workspace with its type: sources of any reader the registry offers. */
  allSources: DataSourceRef[];
  holoSources: string[];
  resourceGroups: { id: string; name: string; slots: number }[];
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const permissions = usePermissions();
  const [draft, setDraft] = useState<NodeDraft>(() => draftFromJobSpec(node.jobSpec));
  // Every save says which version it is based on; a successful save moves it forward.
  const [baseVersion, setBaseVersion] = useState(node.version);
  const [conflict, setConflict] = useState<string | null>(null);
  const [comparing, setComparing] = useState(false);
  const [saveIssues, setSaveIssues] = useState<DraftIssue[] | null>(null);
  const [argumentsText, setArgumentsText] = useState(node.arguments);
  const [resourceGroupId, setResourceGroupId] = useState(node.resourceGroupId);
  const [scheduling, setScheduling] = useState<NodeScheduling>(node.scheduling);
  const [owner, setOwner] = useState(node.owner);
  const [commitStage, setCommitStage] = useState<"saveFirst" | "dialog" | null>(null);
  const [rollingBack, startRollBack] = useTransition();
  const [step, setStep] = useState<(typeof steps)[number]["key"]>("connections");
  const [panel, setPanel] = useState<Panel | null>(null);
  const [scriptText, setScriptText] = useState<string | null>(null);
  const [issues, setIssues] = useState<DraftIssue[] | null>(null);
  const [runDialog, setRunDialog] = useState(false);
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [saving, startSaving] = useTransition();

  const source = useReaderColumns(draft);
  const target = useTargetTable(draft.writer.datasource, draft.writer.table);
  const partitionColumns = useMemo(() => source.data?.partitionColumns.map((c) => c.name) ?? Object.keys(draft.reader.partitionLevels), [source.data, draft.reader.partitionLevels]);
  const targetPartitionColumn = target.data?.kind === "partitioned" ? target.data.partitionColumn : null;
  const activeRun = useNodeActiveRun(node.id);
  const saved = useNodeSaved(node.id);
  const dataSources = allSources;
  const checkContext = {
    sourcePartitionColumns: source.data?.partitionColumns.map((c) => c.name) ?? [],
    targetPartitionColumn,
    dataSources,
  };

  const spec = useMemo(
    () => jobSpecFromDraft(draft, { partitionColumns, targetPartitionColumn }),
    [draft, partitionColumns, targetPartitionColumn],
  );
  const snapshot = JSON.stringify({ spec, argumentsText, resourceGroupId, scheduling, owner });
  // The saved state is the first snapshot taken once the table schemas have loaded (the
  // spec depends on their partition columns); until then nothing counts as a change.
  const [savedSnapshot, setSavedSnapshot] = useState<string | null>(null);
  if (savedSnapshot === null && !source.isLoading && !target.isLoading) setSavedSnapshot(snapshot);
  const dirty =
    savedSnapshot !== null && (snapshot !== savedSnapshot || (scriptText !== null && scriptText !== JSON.stringify(spec, null, 2)));
  useLeaveGuard(dirty, leaveQuestion);
  // Someone saved a newer version than this editor's: said before Save is refused.
  const latest = saved.data?.latest;
  const newerVersion = latest && baseVersion !== null && latest.version > baseVersion ? saved.data!.newerVersionMessage : null;
  const staleText = conflict ?? newerVersion;

  const update: UpdateDraft = useCallback((change) => {
    setDraft((current) => {
      const next = structuredClone(current);
      change(next);
      return next;
    });
    setMessage(null);
  }, []);

  const argumentsError = nodeArgumentsSchema.safeParse(argumentsText).error?.issues[0]?.message ?? null;
  const schedulingErrors = useMemo(() => schedulingFieldErrors(scheduling), [scheduling]);
  const schedulingIssues: DraftIssue[] = Object.entries(schedulingErrors).map(([field, text]) => ({
    step: "properties",
    field: schedulingFieldIds[field] ?? (field.startsWith("cycle.") ? `${field.replace("cycle.", "scheduling-")}` : "scheduling-cycle"),
    message: `Schedule: ${text}`,
  }));

  function save(specToSave: Record<string, unknown> = spec, after?: () => void) {
    if (argumentsError) {
      setPanel("properties");
      setMessage({ tone: "error", text: argumentsError });
      return;
    }
    // Nothing invalid is saved: the wizard's fields first (the server checks the spec again).
    const problems = [...(scriptText === null ? checkDraftForSave(draft, checkContext) : []), ...schedulingIssues];
    if (problems.length) {
      setSaveIssues(problems);
      return;
    }
    startSaving(async () => {
      const result = await saveSyncNode({ nodeId: node.id, baseVersion, jobSpec: specToSave, arguments: argumentsText, resourceGroupId, scheduling, owner });
      if (!result.ok) {
        if (result.fieldErrors?.baseVersion) {
          // Someone saved after this editor loaded: keep the edits until the user chooses.
          setConflict(result.message);
          setMessage(null);
          void queryClient.invalidateQueries({ queryKey: nodeKeys.saved(node.id) });
          return;
        }
        setMessage({ tone: "error", text: result.message });
        return;
      }
      setBaseVersion(result.data.version);
      setConflict(null);
      setSavedSnapshot(JSON.stringify({ spec: specToSave, argumentsText, resourceGroupId, scheduling, owner }));
      setMessage({ tone: "ok", text: `Saved as version ${result.data.version}.` });
      void queryClient.invalidateQueries({ queryKey: nodeKeys.saved(node.id) });
      router.refresh();
      after?.();
    });
  }

  function reload() {
    if (dirty && !window.confirm("Reload the node as saved? Your unsaved changes here are lost.")) return;
    leaveWithoutAsking(() => window.location.reload());
  }

  function saveScript() {
    const checked = checkScript(scriptText ?? "", dataSources);
    if (checked.problems.length) {
      setMessage({ tone: "error", text: `Not saved: ${checked.problems.map((i) => `${i.path}: ${i.message}`).join("; ")}.` });
      return;
    }
    const parsed = JSON.parse(scriptText!);
    const next = draftFromJobSpec(parsed, partitionColumns);
    setDraft(next);
    save(jobSpecFromDraft(next, { partitionColumns, targetPartitionColumn }), () => setScriptText(null));
  }

  function toggleScriptMode() {
    if (scriptText === null) {
      setScriptText(JSON.stringify(spec, null, 2));
      return;
    }
    try {
      setDraft(draftFromJobSpec(JSON.parse(scriptText), partitionColumns));
      setScriptText(null);
    } catch {
      setMessage({ tone: "error", text: "The script is not valid JSON; fix it or undo your edits before going back to the wizard." });
    }
  }

  const targetColumns = target.data?.columns ?? [];
  const sourceFields = sourceFieldsOf(draft, source.data?.columns ?? []);

  /** What Run checks in the wizard: the whole configuration, step by step. */
  function runProblems(): DraftIssue[] {
    const typeProblems = draft.mappings
      .map((m) => ({ target: m.target, reason: mappingProblem(sourceFields.find((f) => f.expression === m.source), targetColumns.find((c) => c.name === m.target)) }))
      .filter((p): p is { target: string; reason: string } => Boolean(p.reason));
    const found = checkDraftForRun(draft, {
      ...checkContext,
      targetHasPrimaryKey: Boolean(target.data?.primaryKey.length),
      resourceGroupId,
      typeProblems: source.data && target.data ? typeProblems : [],
    });
    if (argumentsError) found.push({ step: "properties", field: "node-arguments", message: `Properties: ${argumentsError}` });
    return found;
  }

  function run() {
    const found = runProblems();
    if (found.length) {
      setIssues(found);
      return;
    }
    if (dirty) save(spec, () => setRunDialog(true));
    else setRunDialog(true);
  }

  // Commit records the saved node, so unsaved edits are saved first (the user is asked);
  // then Run's checks and the scheduling checks, listed the same way.
  const [commitIssues, setCommitIssues] = useState<DraftIssue[] | null>(null);
  function commit() {
    if (dirty || scriptText !== null) {
      setCommitStage("saveFirst");
      return;
    }
    const found = [...runProblems(), ...schedulingIssues];
    if (found.length) {
      setCommitIssues(found);
      return;
    }
    setCommitStage("dialog");
  }

  function rollBack(commitRow: CommitRow) {
    if (dirty) {
      setMessage({ tone: "error", text: "Save or discard your unsaved changes before rolling back: Roll Back replaces the draft." });
      return;
    }
    if (!window.confirm(`Roll back to version ${commitRow.version}? Its content becomes the draft as a new save; production changes only when you commit and deploy it.`)) return;
    startRollBack(async () => {
      const result = await rollBackNode({ nodeId: node.id, versionId: commitRow.id, baseVersion });
      if (!result.ok) {
        setMessage({ tone: "error", text: result.message });
        return;
      }
      leaveWithoutAsking(() => window.location.reload());
    });
  }

  function goTo(issue: DraftIssue) {
    setIssues(null);
    setSaveIssues(null);
    setCommitIssues(null);
    if (issue.step === "properties") setPanel("properties");
    else if (issue.step === "resource-group") setPanel("resource-group");
    else setStep(issue.step);
    setTimeout(() => {
      const element = document.getElementById(issue.field) ?? document.querySelector<HTMLElement>(`[aria-label="${issue.step === "mappings" ? "Mappings" : ""}"]`);
      element?.scrollIntoView({ block: "center" });
      element?.focus();
    }, 50);
  }

  return (
    <div className="flex h-full flex-col">
      <div className="flex items-center justify-between gap-4 border-b border-slate-200 bg-white px-5 py-2">
        <div className="flex min-w-0 items-center gap-3">
          <span className="rounded bg-brand-100 px-1.5 py-0.5 text-xs font-bold text-brand-700">DI</span>
          <h1 className="truncate text-base font-semibold text-slate-900">{node.name}</h1>
          <span className="text-xs text-slate-500">in {node.workflowName}</span>
          {dirty ? (
            <Badge tone="amber">Unsaved changes</Badge>
          ) : newerVersion ? (
            <Badge tone="amber">A newer version is saved</Badge>
          ) : (
            <Badge tone="green">Saved</Badge>
          )}
        </div>
        <div className="flex items-center gap-2" role="toolbar" aria-label="Node toolbar">
          {!permissions.edit && <Badge tone="gray">Read only: your role cannot change nodes</Badge>}
          {permissions.edit && (
            <Button size="sm" onClick={() => (scriptText !== null ? saveScript() : save())} disabled={saving}>
              {saving ? "Saving…" : "Save"}
            </Button>
          )}
          {/* Run saves first, so it needs both rights. */}
          {permissions.edit && permissions.run && (
            <Button size="sm" variant="primary" onClick={run} disabled={saving || Boolean(activeRun.data?.run)}>
              Run
            </Button>
          )}
          {permissions.edit && (
            <Button size="sm" onClick={commit} disabled={saving} title={workspace.mode === "basic" ? "Commit the saved node; in this basic-mode workspace it is deployed at once" : "Commit the saved node as a version to deploy"}>
              Commit
            </Button>
          )}
          {permissions.run && (
            <Button size="sm" variant="danger" onClick={() => activeRun.stop()} disabled={!activeRun.data?.run || activeRun.stopping}>
              {activeRun.stopping ? "Stopping…" : "Stop"}
            </Button>
          )}
          {workspace.deployedOutputs.some((deployed) => deployed.id === node.id) && (
            <ButtonLink size="sm" href={`/operation-center/nodes/${encodeURIComponent(node.id)}/dag`} title="The deployed node's parents and children in Operation Center">
              DAG
            </ButtonLink>
          )}
          <Button size="sm" variant={scriptText !== null ? "primary" : "secondary"} aria-pressed={scriptText !== null} onClick={toggleScriptMode}>
            Script mode
          </Button>
        </div>
      </div>
      {staleText && (
        <div role="alert" aria-label="Newer version" className="flex items-center justify-between gap-4 border-b border-amber-200 bg-amber-50 px-5 py-2 text-sm text-amber-900">
          <p>
            {staleText}
            {dirty && " Your unsaved changes stay here until you choose."}
          </p>
          <div className="flex shrink-0 gap-2">
            <Button size="sm" onClick={() => setComparing(true)}>
              Compare
            </Button>
            <Button size="sm" onClick={reload}>
              Reload
            </Button>
          </div>
        </div>
      )}
      {(message || activeRun.data?.run) && (
        <div className="border-b border-slate-200 bg-white px-5 py-2 text-sm">
          {message && (
            <p role={message.tone === "error" ? "alert" : "status"} className={message.tone === "error" ? "text-red-600" : "text-emerald-700"}>
              {message.text}
            </p>
          )}
          {activeRun.data?.run && (
            <p className="text-slate-600">
              A run of this node is {activeRun.data.run.status}.{" "}
              <a className="font-medium text-brand-600 hover:underline" href={`/runs/${activeRun.data.run.id}`}>
                Watch it
              </a>
            </p>
          )}
        </div>
      )}
      <div className="flex min-h-0 flex-1">
        <div className="min-w-0 flex-1 overflow-y-auto p-5">
          {scriptText !== null ? (
            <ScriptMode text={scriptText} onChange={setScriptText} dataSources={dataSources} />
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
                      <span className={`flex h-5 w-5 items-center justify-center rounded-full text-xs ${step === item.key ? "bg-brand-600 text-white" : "bg-slate-200 text-slate-600"}`}>{index + 1}</span>
                      {item.label}
                    </button>
                    {index < steps.length - 1 && <span className="h-px w-8 bg-slate-300" />}
                  </li>
                ))}
              </ol>
              {step === "connections" && (
                // Side by side only when the editing area is wide enough: with a side panel
                // open the two halves would squeeze their fields (a container query, not the
                // window's width, decides).
                <div className="@container">
                  <div className="grid gap-5 @4xl:grid-cols-2">
                  <SourcePanel draft={draft} update={update} dataSources={allSources} nodeArguments={argumentsText} />
                  <TargetPanel draft={draft} update={update} dataSources={holoSources} sourceLabel={sourceLabelOf(draft, allSources)} nodeArguments={argumentsText} />
                  </div>
                </div>
              )}
              {step === "mappings" && (
                <MappingsStep
                  draft={draft}
                  update={update}
                  sourceColumns={source.data?.columns ?? []}
                  partitionColumns={source.data?.partitionColumns ?? []}
                  targetColumns={targetColumns}
                />
              )}
              {step === "channel" && <ChannelStep draft={draft} update={update} />}
            </>
          )}
        </div>
        {panel && (
          <aside className={`${panel === "resource-group" ? "w-80" : "w-[26rem]"} shrink-0 overflow-y-auto border-l border-slate-200 bg-white p-4`} aria-label={panelTitles[panel]}>
            <div className="mb-4 flex items-center justify-between">
              <h2 className="text-sm font-semibold">{panelTitles[panel]}</h2>
              <button type="button" aria-label="Close panel" className="text-slate-400 hover:text-slate-600" onClick={() => setPanel(null)}>
                ✕
              </button>
            </div>
            {panel === "resource-group" && <ResourceGroupPanel groups={resourceGroups} value={resourceGroupId} onChange={setResourceGroupId} writeMode={draft.writer.writeMode} />}
            {panel === "properties" && (
              <PropertiesPanel
                argumentsText={argumentsText}
                onChange={setArgumentsText}
                error={argumentsError}
                scheduling={scheduling}
                onSchedulingChange={(next) => {
                  setScheduling(next);
                  setMessage(null);
                }}
                schedulingErrors={schedulingErrors}
                timeZone={workspace.timeZone}
                owner={owner}
                onOwnerChange={setOwner}
                members={workspace.members}
                readOnly={!permissions.edit}
                dependencyContext={{ workspaceName: workspace.name, nodeId: node.id, nodeName: node.name, targetTable: draft.writer.table, deployed: workspace.deployedOutputs }}
              />
            )}
            {panel === "versions" && (
              <VersionsPanel
                commits={node.commits}
                saves={node.versions}
                draft={{ jobSpec: spec, arguments: argumentsText, scheduling, resourceGroup: resourceGroups.find((group) => group.id === resourceGroupId)?.name ?? null }}
                canRollBack={permissions.edit}
                rollingBack={rollingBack}
                onRollBack={rollBack}
              />
            )}
          </aside>
        )}
        <nav aria-label="Side panels" className="flex w-9 shrink-0 flex-col items-center gap-2 border-l border-slate-200 bg-slate-50 py-3">
          {(
            [
              ["resource-group", "Resource Group configuration"],
              ["properties", "Properties"],
              ["versions", "Versions"],
            ] as const
          ).map(([key, label]) => (
            <button
              key={key}
              type="button"
              onClick={() => setPanel(panel === key ? null : key)}
              aria-pressed={panel === key}
              className={`rounded px-1 py-2 text-xs [writing-mode:vertical-rl] ${panel === key ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100"}`}
            >
              {label}
            </button>
          ))}
        </nav>
      </div>
      {issues && <RunCheckModal issues={issues} onClose={() => setIssues(null)} onGoTo={goTo} />}
      {commitIssues && <RunCheckModal title="The node cannot be committed yet" issues={commitIssues} onClose={() => setCommitIssues(null)} onGoTo={goTo} />}
      {commitStage === "saveFirst" && (
        <Modal
          open
          title="Save before committing"
          onClose={() => setCommitStage(null)}
          footer={
            <>
              <Button onClick={() => setCommitStage(null)}>Cancel</Button>
              <Button
                variant="primary"
                onClick={() => {
                  setCommitStage(null);
                  if (scriptText !== null) saveScript();
                  else save(spec);
                }}
              >
                Save
              </Button>
            </>
          }
        >
          <p className="text-sm text-slate-600">This node has unsaved changes. Commit records the node as saved: save your changes first, then commit.</p>
        </Modal>
      )}
      {commitStage === "dialog" && baseVersion !== null && (
        <CommitDialog
          nodeId={node.id}
          nodeName={node.name}
          savedVersion={baseVersion}
          workspaceMode={workspace.mode}
          onClose={() => setCommitStage(null)}
          onCommitted={(result) => {
            setCommitStage(null);
            setMessage({
              tone: "ok",
              text: result.deployed
                ? `Committed and deployed as version ${result.version}: it is scheduled from now on.`
                : `Committed as version ${result.version}. Deploy it on the Deploy page to put it into production.`,
            });
            router.refresh();
          }}
        />
      )}
      {saveIssues && <RunCheckModal title="Not saved: some fields need attention" issues={saveIssues} onClose={() => setSaveIssues(null)} onGoTo={goTo} />}
      {comparing && (
        <CompareModal
          saved={saved.data}
          mine={{
            jobSpec: scriptText !== null ? parseOr(scriptText, spec) : spec,
            arguments: argumentsText,
            resourceGroup: resourceGroups.find((group) => group.id === resourceGroupId)?.name ?? null,
            scheduling,
          }}
          onClose={() => setComparing(false)}
          onReload={reload}
        />
      )}
      {runDialog && <RunNodeDialog nodeId={node.id} spec={spec} nodeArguments={argumentsText} onClose={() => setRunDialog(false)} />}
    </div>
  );
}

function parseOr(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}

/** The source's type in words (MaxCompute, MySQL, PostgreSQL, Hologres): its connection's, else its reader's. */
function sourceLabelOf(draft: NodeDraft, sources: DataSourceRef[]): string {
  const type = sources.find((source) => source.name === draft.reader.datasource)?.type;
  return (type && connectorSpecFor(type)?.label) || (sourceTypeChoices.find((choice) => choice.stepType === draft.reader.stepType)?.label ?? draft.reader.stepType);
}
