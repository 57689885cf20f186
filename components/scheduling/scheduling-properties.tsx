"use client";
import { useMemo } from "react";
import {
  defaultTimeoutMinutes,
  instanceGenerationModeLabels,
  instanceGenerationModes,
  recurrenceLabels,
  recurrences,
  rerunPolicies,
  rerunPolicyLabels,
  type NodeScheduling,
} from "@/lib/scheduling/node-scheduling";
import { cronOf, schedulingCycleSchema } from "@/lib/scheduling/scheduling-cycle";
import type { SchedulingFieldErrors } from "@/lib/scheduling/scheduling-field-errors";
import { formatInstanceTime, nextInstanceTimes } from "@/lib/scheduling/scheduling-summary";
import { SelectInput, TextInput } from "@/components/ui/field";
import { numberFrom, numberText, Row, SchedulingCycleFields } from "./scheduling-cycle-fields";

const recurrenceHelp: Record<NodeScheduling["recurrence"], string> = {
  normal: "Runs at each scheduled time, then its descendants run.",
  pause: "Instances are frozen: they do not run, count as failed and block descendants.",
  dryRun: "Instances succeed at their time without running anything; descendants go on.",
};

const generationHelp: Record<NodeScheduling["instanceGenerationMode"], string> = {
  nextDay: "Instances are generated every night at 23:30 for the next day.",
  immediately: "Deploying also generates today's instances that are 10 minutes or more away.",
};

function Radios<T extends string>({ name, label, values, labels, help, value, onChange }: { name: string; label: string; values: readonly T[]; labels: Record<T, string>; help?: Record<T, string>; value: T; onChange: (value: T) => void }) {
  return (
    <fieldset>
      <legend className="mb-1 text-xs font-medium text-slate-700">{label}</legend>
      <div className="space-y-1">
        {values.map((option) => (
          <label key={option} className="flex items-start gap-2 text-xs text-slate-700">
            <input type="radio" name={name} className="mt-0.5" checked={value === option} onChange={() => onChange(option)} />
            <span>
              <span className="font-medium text-slate-800">{labels[option]}</span>
              {help && <span className="block text-slate-500">{help[option]}</span>}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** The next times the node runs, in the workspace's time zone: easier to check than cron. */
function NextInstances({ scheduling, timeZone }: { scheduling: NodeScheduling; timeZone: string }) {
  const times = useMemo(() => {
    if (!schedulingCycleSchema.safeParse(scheduling.cycle).success) return null;
    return nextInstanceTimes({ scheduling, timeZone, now: new Date(), count: 5 });
  }, [scheduling, timeZone]);
  return (
    <div>
      <p className="mb-1 text-xs font-medium text-slate-700">
        Next scheduled times <span className="font-normal text-slate-500">({timeZone})</span>
      </p>
      {times === null ? (
        <p className="text-xs text-slate-500">Fix the cycle to see its times.</p>
      ) : times.length === 0 ? (
        <p className="text-xs text-amber-700">No instance in the next 400 days: check the cycle and the validity period.</p>
      ) : (
        <ol aria-label="Next scheduled times" className="space-y-0.5 rounded-md bg-slate-50 px-3 py-2 font-mono text-xs text-slate-700">
          {times.map((time) => (
            <li key={time.getTime()}>{formatInstanceTime(time, timeZone)}</li>
          ))}
        </ol>
      )}
      {scheduling.recurrence !== "normal" && <p className="mt-1 text-xs text-amber-700">Recurrence is {recurrenceLabels[scheduling.recurrence]}: these instances do not run the sync.</p>}
    </div>
  );
}

/** Properties > Schedule: DataWorks' scheduling properties of a node, with their field errors. */
export function SchedulingProperties({
  value,
  onChange,
  errors,
  timeZone,
  disabled,
}: {
  value: NodeScheduling;
  onChange: (value: NodeScheduling) => void;
  errors: SchedulingFieldErrors;
  timeZone: string;
  disabled?: boolean;
}) {
  const set = (change: Partial<NodeScheduling>) => onChange({ ...value, ...change });
  const cycleValid = schedulingCycleSchema.safeParse(value.cycle).success;
  const timeout = value.timeoutMinutes;
  const timeoutHours = timeout === null || !Number.isFinite(timeout) ? Number.NaN : Math.floor(timeout / 60);
  const timeoutMinutesPart = timeout === null || !Number.isFinite(timeout) ? Number.NaN : timeout % 60;
  const setTimeout = (hours: number, minutes: number) => set({ timeoutMinutes: (Number.isFinite(hours) ? hours : 0) * 60 + (Number.isFinite(minutes) ? minutes : 0) });
  return (
    <fieldset disabled={disabled} className="space-y-4">
      <Radios name="generation" label="Instance Generation Mode" values={instanceGenerationModes} labels={instanceGenerationModeLabels} help={generationHelp} value={value.instanceGenerationMode} onChange={(instanceGenerationMode) => set({ instanceGenerationMode })} />
      <Radios name="recurrence" label="Recurrence" values={recurrences} labels={recurrenceLabels} help={recurrenceHelp} value={value.recurrence} onChange={(recurrence) => set({ recurrence })} />
      <SchedulingCycleFields cycle={value.cycle} onChange={(cycle) => set({ cycle })} errors={errors} />
      <Row label="Cron expression" htmlFor="scheduling-cron" hint="Derived from the cycle; it cannot be edited.">
        <TextInput id="scheduling-cron" readOnly className="bg-slate-50 font-mono text-xs" value={cycleValid ? cronOf(value.cycle) : "—"} />
      </Row>
      <NextInstances scheduling={value} timeZone={timeZone} />
      <div>
        <p className="mb-1 text-xs font-medium text-slate-700">Validity Period</p>
        <div className="flex items-center gap-2">
          <TextInput id="scheduling-valid-from" aria-label="Validity Period start" type="date" className="w-40" value={value.validFrom} invalid={Boolean(errors.validFrom)} onChange={(event) => set({ validFrom: event.target.value })} />
          <span className="text-xs text-slate-500">to</span>
          <TextInput id="scheduling-valid-to" aria-label="Validity Period end" type="date" className="w-40" value={value.validTo} invalid={Boolean(errors.validTo)} onChange={(event) => set({ validTo: event.target.value })} />
        </div>
        {(errors.validFrom ?? errors.validTo) ? (
          <p id="scheduling-valid-to-error" role="alert" className="mt-1 text-xs text-red-600">
            {errors.validFrom ?? errors.validTo}
          </p>
        ) : (
          <p className="mt-1 text-xs text-slate-500">No instances are generated outside it.</p>
        )}
      </div>
      <div>
        <label htmlFor="scheduling-timeout" className="mb-1 block text-xs font-medium text-slate-700">
          Timeout definition
        </label>
        <SelectInput id="scheduling-timeout" className="w-56" value={timeout === null ? "default" : "custom"} onChange={(event) => set({ timeoutMinutes: event.target.value === "default" ? null : 60 })}>
          <option value="default">Default ({defaultTimeoutMinutes / 60} hours)</option>
          <option value="custom">Custom</option>
        </SelectInput>
        {timeout !== null && (
          <div className="mt-2 flex items-center gap-2 text-xs text-slate-600">
            <TextInput id="scheduling-timeout-hours" aria-label="Timeout hours" type="number" min={0} max={168} className="w-20" invalid={Boolean(errors.timeoutMinutes)} value={numberText(timeoutHours)} onChange={(event) => setTimeout(numberFrom(event.target.value), timeoutMinutesPart)} />
            hours
            <TextInput id="scheduling-timeout-minutes" aria-label="Timeout minutes" type="number" min={0} max={59} className="w-20" invalid={Boolean(errors.timeoutMinutes)} value={numberText(timeoutMinutesPart)} onChange={(event) => setTimeout(timeoutHours, numberFrom(event.target.value))} />
            minutes
          </div>
        )}
        {errors.timeoutMinutes ? (
          <p id="scheduling-timeout-error" role="alert" className="mt-1 text-xs text-red-600">
            {errors.timeoutMinutes}
          </p>
        ) : (
          <p className="mt-1 text-xs text-slate-500">1 minute to 168 hours. A timed-out instance is stopped, fails, and is not rerun automatically.</p>
        )}
      </div>
      <Row label="Rerun" htmlFor="scheduling-rerun">
        <SelectInput
          id="scheduling-rerun"
          value={value.rerun}
          onChange={(event) => {
            const rerun = event.target.value as NodeScheduling["rerun"];
            set({ rerun, autoRerun: rerun === "allDenied" ? null : value.autoRerun });
          }}
        >
          {rerunPolicies.map((policy) => (
            <option key={policy} value={policy}>
              {rerunPolicyLabels[policy]}
            </option>
          ))}
        </SelectInput>
      </Row>
      <div>
        <label className="flex items-center gap-2 text-xs font-medium text-slate-700">
          <input
            id="scheduling-auto-rerun"
            type="checkbox"
            checked={value.autoRerun !== null}
            disabled={value.rerun === "allDenied"}
            onChange={(event) => set({ autoRerun: event.target.checked ? { times: 3, intervalMinutes: 2 } : null })}
          />
          Auto Rerun upon Failure
        </label>
        {value.rerun === "allDenied" ? (
          <p className="mt-1 text-xs text-slate-500">Unavailable: Rerun is Disallow Regardless of Running Status.</p>
        ) : (
          value.autoRerun && (
            <div className="mt-2 grid grid-cols-2 gap-2">
              <Row label="Times (1-10)" htmlFor="scheduling-rerun-times" error={errors["autoRerun.times"]}>
                <TextInput id="scheduling-rerun-times" type="number" min={1} max={10} invalid={Boolean(errors["autoRerun.times"])} value={numberText(value.autoRerun.times)} onChange={(event) => set({ autoRerun: { ...value.autoRerun!, times: numberFrom(event.target.value) } })} />
              </Row>
              <Row label="Interval (1-30 min)" htmlFor="scheduling-rerun-interval" error={errors["autoRerun.intervalMinutes"]}>
                <TextInput id="scheduling-rerun-interval" type="number" min={1} max={30} invalid={Boolean(errors["autoRerun.intervalMinutes"])} value={numberText(value.autoRerun.intervalMinutes)} onChange={(event) => set({ autoRerun: { ...value.autoRerun!, intervalMinutes: numberFrom(event.target.value) } })} />
              </Row>
            </div>
          )
        )}
        {errors.autoRerun && (
          <p role="alert" className="mt-1 text-xs text-red-600">
            {errors.autoRerun}
          </p>
        )}
      </div>
    </fieldset>
  );
}
