"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { updateWorkspaceScheduling } from "@/lib/actions/update-workspace-scheduling";
import { rerunPolicies, rerunPolicyLabels } from "@/lib/scheduling/node-scheduling";
import { fieldErrorsOf, type FieldErrors } from "@/lib/schemas/common";
import { workspaceSchedulingFormSchema, type WorkspaceSchedulingForm } from "@/lib/schemas/workspace";
import { numberFrom, numberText } from "@/components/scheduling/scheduling-cycle-fields";
import { Button } from "@/components/ui/button";
import { Field, SelectInput, TextInput } from "@/components/ui/field";

/**
 * Workspaces > Scheduling Settings (DataWorks: Data Studio > Scheduling Settings): periodic
 * scheduling, the time zone cycles are read in, and what new nodes start with. Only the
 * workspace's administrators change them; others see them.
 */
export function WorkspaceSchedulingForm({ initial, serverTimeZone, timeZones, canEdit }: { initial: WorkspaceSchedulingForm; serverTimeZone: string; timeZones: string[]; canEdit: boolean }) {
  const router = useRouter();
  const [values, setValues] = useState<WorkspaceSchedulingForm>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const set = (change: Partial<WorkspaceSchedulingForm>) => {
    setValues({ ...values, ...change });
    setMessage(null);
  };

  function submit() {
    const parsed = workspaceSchedulingFormSchema.safeParse(values);
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));
      return;
    }
    setErrors({});
    startTransition(async () => {
      const result = await updateWorkspaceScheduling(parsed.data);
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setMessage({ tone: "error", text: result.message });
        return;
      }
      setMessage({ tone: "ok", text: "Scheduling settings saved. The defaults apply to nodes created from now on." });
      router.refresh();
    });
  }

  const rerunError = errors["autoRerun.times"]?.[0] ?? errors["autoRerun.intervalMinutes"]?.[0] ?? errors.autoRerun?.[0];
  return (
    <form
      noValidate
      aria-label="Scheduling Settings"
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-6"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <div>
        <h2 className="text-sm font-semibold">Scheduling Settings</h2>
        <p className="mt-0.5 text-xs text-slate-500">{canEdit ? "For the current workspace." : "Only a Workspace Administrator can change these."}</p>
      </div>
      <fieldset disabled={!canEdit} className="space-y-4">
        <Field label="Periodic scheduling" hint="Off: no instances are generated for the next day; instances already generated still run.">
          <label className="flex items-center gap-2 pt-2 text-sm">
            <input id="periodic-scheduling" type="checkbox" checked={values.periodicScheduling} onChange={(event) => set({ periodicScheduling: event.target.checked })} />
            {values.periodicScheduling ? "On" : "Off"}
          </label>
        </Field>
        <Field label="Time zone for scheduling" htmlFor="scheduling-time-zone" errors={errors.timeZone} hint={`An IANA time zone; type to search. The server's is ${serverTimeZone}. Cycles, business dates and the nightly generation use it.`}>
          <TextInput id="scheduling-time-zone" className="max-w-xs" list="time-zone-names" value={values.timeZone} invalid={Boolean(errors.timeZone)} onChange={(event) => set({ timeZone: event.target.value })} />
          <datalist id="time-zone-names">
            {timeZones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
        </Field>
        <p className="border-t border-slate-100 pt-3 text-xs font-semibold uppercase tracking-wide text-slate-500">Defaults for new nodes</p>
        <Field label="Rerun" htmlFor="default-rerun">
          <SelectInput id="default-rerun" className="max-w-xs" value={values.rerun} onChange={(event) => {
            const rerun = event.target.value as WorkspaceSchedulingForm["rerun"];
            set({ rerun, autoRerun: rerun === "allDenied" ? null : values.autoRerun });
          }}>
            {rerunPolicies.map((policy) => (
              <option key={policy} value={policy}>
                {rerunPolicyLabels[policy]}
              </option>
            ))}
          </SelectInput>
        </Field>
        <Field label="Auto Rerun upon Failure" htmlFor="default-auto-rerun" errors={rerunError ? [rerunError] : undefined} hint="Times 1 to 10, interval 1 to 30 minutes.">
          <div className="flex flex-wrap items-center gap-2 pt-1 text-sm text-slate-700">
            <input
              id="default-auto-rerun"
              type="checkbox"
              checked={values.autoRerun !== null}
              disabled={values.rerun === "allDenied"}
              onChange={(event) => set({ autoRerun: event.target.checked ? { times: 3, intervalMinutes: 2 } : null })}
            />
            {values.autoRerun ? (
              <>
                <TextInput aria-label="Number of reruns" type="number" min={1} max={10} className="w-20" value={numberText(values.autoRerun.times)} onChange={(event) => set({ autoRerun: { ...values.autoRerun!, times: numberFrom(event.target.value) } })} />
                times, every
                <TextInput aria-label="Rerun interval (minutes)" type="number" min={1} max={30} className="w-20" value={numberText(values.autoRerun.intervalMinutes)} onChange={(event) => set({ autoRerun: { ...values.autoRerun!, intervalMinutes: numberFrom(event.target.value) } })} />
                minutes
              </>
            ) : (
              <span className="text-slate-500">{values.rerun === "allDenied" ? "Unavailable: rerun is disallowed" : "Off"}</span>
            )}
          </div>
        </Field>
        <Field label="Default time" htmlFor="default-time" errors={errors.dailyTime} hint="The time of a new node's daily cycle. Empty: a random minute between 00:00 and 00:30, as DataWorks does.">
          <TextInput id="default-time" type="time" className="w-32" value={values.dailyTime} invalid={Boolean(errors.dailyTime)} onChange={(event) => set({ dailyTime: event.target.value })} />
        </Field>
      </fieldset>
      {canEdit && (
        <div className="flex items-center gap-3">
          <Button type="submit" variant="primary" disabled={pending}>
            {pending ? "Saving…" : "Save settings"}
          </Button>
          {message && (
            <p role={message.tone === "error" ? "alert" : "status"} className={`text-sm ${message.tone === "error" ? "text-red-600" : "text-emerald-700"}`}>
              {message.text}
            </p>
          )}
        </div>
      )}
    </form>
  );
}
