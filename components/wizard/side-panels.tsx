"use client";
import Link from "next/link";
import type { NodeScheduling } from "@/lib/scheduling/node-scheduling";
import type { SchedulingFieldErrors } from "@/lib/scheduling/scheduling-field-errors";
import { Row } from "@/components/scheduling/scheduling-cycle-fields";
import { DependencyProperties, type DeployedOutputs } from "@/components/scheduling/dependency-properties";
import { SchedulingProperties } from "@/components/scheduling/scheduling-properties";
import { SelectInput, TextInput } from "@/components/ui/field";

export function ResourceGroupPanel({
  groups,
  value,
  onChange,
  writeMode,
}: {
  groups: { id: string; name: string; slots: number }[];
  value: string | null;
  onChange: (id: string | null) => void;
  writeMode: "sdk" | "sql";
}) {
  return (
    <div className="space-y-4 text-sm">
      <div>
        <p className="mb-1 font-medium text-slate-700">Programme</p>
        <p className="rounded-md bg-slate-50 px-3 py-2 text-slate-700">Exclusive Resource Groups</p>
      </div>
      <div>
        <label htmlFor="resource-group" className="mb-1 block font-medium text-slate-700">
          Exclusive Resource Groups
        </label>
        <SelectInput id="resource-group" value={value ?? ""} onChange={(event) => onChange(event.target.value || null)}>
          <option value="">Choose a resource group</option>
          {groups.map((group) => (
            <option key={group.id} value={group.id}>
              {group.name} ({group.slots} slot{group.slots === 1 ? "" : "s"})
            </option>
          ))}
        </SelectInput>
        {writeMode === "sdk" && <p className="mt-1 text-xs text-slate-500">SDK (Fast write) needs an exclusive resource group.</p>}
      </div>
      <Link href="/resource-groups" className="inline-block text-xs text-brand-600 hover:underline">
        Create an exclusive data integration resource group
      </Link>
    </div>
  );
}

export function PropertiesPanel({
  argumentsText,
  onChange,
  error,
  scheduling,
  onSchedulingChange,
  schedulingErrors,
  timeZone,
  owner,
  onOwnerChange,
  members,
  readOnly,
  dependencyContext,
}: {
  argumentsText: string;
  onChange: (value: string) => void;
  error: string | null;
  scheduling: NodeScheduling;
  onSchedulingChange: (value: NodeScheduling) => void;
  schedulingErrors: SchedulingFieldErrors;
  /** The workspace's time zone for scheduling: cycles are read in it. */
  timeZone: string;
  owner: string;
  onOwnerChange: (owner: string) => void;
  /** User names of the workspace's members (DataWorks: the owner is a member). */
  members: string[];
  readOnly: boolean;
  /** What the Dependencies section shows besides the node's own settings. */
  dependencyContext: { workspaceName: string; nodeId: string; nodeName: string; targetTable: string; deployed: DeployedOutputs[] };
}) {
  const owners = members.includes(owner) || !owner ? members : [owner, ...members];
  return (
    <div className="space-y-6 text-sm">
      <section aria-labelledby="properties-general" className="space-y-3">
        <h3 id="properties-general" className="border-b border-slate-100 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">
          General
        </h3>
        <Row label="Owner" htmlFor="node-owner" hint="The member responsible for this node's instances.">
          <SelectInput id="node-owner" value={owner} disabled={readOnly} onChange={(event) => onOwnerChange(event.target.value)}>
            {owners.map((name) => (
              <option key={name} value={name}>
                {name}
                {members.includes(name) ? "" : " (not a member)"}
              </option>
            ))}
          </SelectInput>
        </Row>
      </section>
      <section aria-labelledby="properties-parameters" className="space-y-3">
        <h3 id="properties-parameters" className="border-b border-slate-100 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">
          Scheduling Parameters
        </h3>
        <Row label="Arguments" htmlFor="node-arguments" error={error ?? undefined} hint="Space-separated key=value pairs, for example bizdate=$bizdate.">
          <TextInput id="node-arguments" className="font-mono text-xs" value={argumentsText} readOnly={readOnly} invalid={Boolean(error)} placeholder="bizdate=$bizdate" onChange={(event) => onChange(event.target.value)} />
        </Row>
      </section>
      <section aria-labelledby="properties-schedule" className="space-y-3">
        <h3 id="properties-schedule" className="border-b border-slate-100 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">
          Schedule
        </h3>
        <SchedulingProperties value={scheduling} onChange={onSchedulingChange} errors={schedulingErrors} timeZone={timeZone} disabled={readOnly} />
        <p className="text-xs text-slate-500">Saved with the node; production uses them once the node is committed and deployed.</p>
      </section>
      <section aria-labelledby="properties-dependencies" className="space-y-3">
        <h3 id="properties-dependencies" className="border-b border-slate-100 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">
          Dependencies
        </h3>
        <DependencyProperties
          value={scheduling.dependencies}
          onChange={(dependencies) => onSchedulingChange({ ...scheduling, dependencies })}
          errors={schedulingErrors}
          disabled={readOnly}
          {...dependencyContext}
        />
      </section>
    </div>
  );
}
