"use client";
import type { ReactNode } from "react";
import type { SchedulingCycle } from "@/lib/scheduling/scheduling-cycle";
import { monthNames, weekdayNames } from "@/lib/scheduling/scheduling-summary";
import type { SchedulingFieldErrors } from "@/lib/scheduling/scheduling-field-errors";
import { SelectInput, TextInput } from "@/components/ui/field";

export const cycleTypeLabels = { minute: "Minute", hour: "Hour", day: "Day", week: "Week", month: "Month", year: "Year" } as const;
type CycleKind = keyof typeof cycleTypeLabels;

const kindOf = (cycle: SchedulingCycle): CycleKind => (cycle.type === "hours" ? "hour" : cycle.type);
const timeOf = (cycle: SchedulingCycle) => ("time" in cycle ? cycle.time : "start" in cycle ? cycle.start : "00:00");

/** A new cycle of another kind, keeping the time of day where it has one. */
function cycleOfKind(kind: CycleKind, from: SchedulingCycle): SchedulingCycle {
  const time = timeOf(from);
  switch (kind) {
    case "minute":
      return { type: "minute", start: "00:00", end: "23:59", intervalMinutes: 10 };
    case "hour":
      return { type: "hour", start: "00:00", end: "23:00", intervalHours: 1 };
    case "day":
      return { type: "day", time };
    case "week":
      return { type: "week", weekdays: [1], time };
    case "month":
      return { type: "month", days: [1], time };
    case "year":
      return { type: "year", months: [1], days: [1], time };
  }
}

/** What a number box holds: a number, or NaN while it is empty (the schema then says what it takes). */
export const numberFrom = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));
export const numberText = (value: number) => (Number.isFinite(value) ? String(value) : "");

export function Row({ label, htmlFor, error, hint, children }: { label: string; htmlFor?: string; error?: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={htmlFor} className="mb-1 block text-xs font-medium text-slate-700">
        {label}
      </label>
      {children}
      {error ? (
        <p id={htmlFor ? `${htmlFor}-error` : undefined} role="alert" className="mt-1 text-xs text-red-600">
          {error}
        </p>
      ) : hint ? (
        <p className="mt-1 text-xs text-slate-500">{hint}</p>
      ) : null}
    </div>
  );
}

function toggle<T>(values: readonly T[], value: T): T[] {
  return values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
}

function Checks<T extends number | "last">({
  legend,
  id,
  options,
  chosen,
  onChange,
  error,
  columns = "grid-cols-7",
}: {
  legend: string;
  id: string;
  options: { value: T; label: string; title?: string }[];
  chosen: readonly T[];
  onChange: (next: T[]) => void;
  error?: string;
  columns?: string;
}) {
  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="mb-1 text-xs font-medium text-slate-700">{legend}</legend>
      <div className={`grid ${columns} gap-1`}>
        {options.map((option) => {
          const on = chosen.includes(option.value);
          return (
            <label
              key={String(option.value)}
              title={option.title ?? option.label}
              className={`flex cursor-pointer items-center justify-center rounded border px-1 py-1 text-xs ${
                on ? "border-brand-500 bg-brand-50 font-medium text-brand-700" : "border-slate-200 text-slate-600 hover:border-slate-300"
              }`}
            >
              <input type="checkbox" className="sr-only" aria-label={option.title ?? option.label} checked={on} onChange={() => onChange(toggle(chosen, option.value))} />
              {option.label}
            </label>
          );
        })}
      </div>
      {error && (
        <p id={`${id}-error`} role="alert" className="mt-1 text-xs text-red-600">
          {error}
        </p>
      )}
    </fieldset>
  );
}

const dayOptions = (): { value: number | "last"; label: string; title?: string }[] => [
  ...Array.from({ length: 31 }, (_, i) => ({ value: i + 1, label: String(i + 1), title: `Day ${i + 1}` })),
];

function TimeRow({ id, label, value, onChange, error, invalid }: { id: string; label: string; value: string; onChange: (value: string) => void; error?: string; invalid?: boolean }) {
  return (
    <Row label={label} htmlFor={id} error={error}>
      <TextInput id={id} type="time" className="w-32" value={value} invalid={invalid || Boolean(error)} onChange={(event) => onChange(event.target.value)} />
    </Row>
  );
}

/** Scheduling Cycle: the kind, then that kind's fields, as DataWorks lays them out. */
export function SchedulingCycleFields({ cycle, onChange, errors }: { cycle: SchedulingCycle; onChange: (cycle: SchedulingCycle) => void; errors: SchedulingFieldErrors }) {
  const kind = kindOf(cycle);
  const set = (change: Partial<SchedulingCycle>) => onChange({ ...cycle, ...change } as SchedulingCycle);
  const e = (field: string) => errors[`cycle.${field}`];
  return (
    <div className="space-y-3">
      <Row label="Scheduling Cycle" htmlFor="scheduling-cycle">
        <SelectInput id="scheduling-cycle" className="w-40" value={kind} onChange={(event) => onChange(cycleOfKind(event.target.value as CycleKind, cycle))}>
          {Object.entries(cycleTypeLabels).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectInput>
      </Row>
      {kind === "hour" && (
        <div role="radiogroup" aria-label="Hourly scheduling" className="flex gap-4 text-xs text-slate-700">
          <label className="flex items-center gap-1.5">
            <input type="radio" checked={cycle.type === "hour"} onChange={() => onChange({ type: "hour", start: "00:00", end: "23:00", intervalHours: 1 })} />
            Every N hours
          </label>
          <label className="flex items-center gap-1.5">
            <input type="radio" checked={cycle.type === "hours"} onChange={() => onChange({ type: "hours", hours: [0], minute: 0 })} />
            Specific hours
          </label>
        </div>
      )}
      {(cycle.type === "minute" || cycle.type === "hour") && (
        <div className="grid grid-cols-3 gap-2">
          {/* Errors go under the three boxes, full width: a column is too narrow for a sentence. */}
          <TimeRow id="scheduling-start" label="Start time" value={cycle.start} onChange={(start) => set({ start })} invalid={Boolean(e("start"))} />
          <TimeRow id="scheduling-end" label="End time" value={cycle.end} onChange={(end) => set({ end })} invalid={Boolean(e("end"))} />
          <Row label={cycle.type === "minute" ? "Interval (minutes)" : "Interval (hours)"} htmlFor="scheduling-interval">
            <TextInput
              id="scheduling-interval"
              type="number"
              min={1}
              max={cycle.type === "minute" ? 59 : 23}
              invalid={Boolean(e(cycle.type === "minute" ? "intervalMinutes" : "intervalHours"))}
              value={numberText(cycle.type === "minute" ? cycle.intervalMinutes : cycle.intervalHours)}
              onChange={(event) => set(cycle.type === "minute" ? { intervalMinutes: numberFrom(event.target.value) } : { intervalHours: numberFrom(event.target.value) })}
            />
          </Row>
          {(
            [
              ["scheduling-start-error", e("start")],
              ["scheduling-end-error", e("end")],
              ["scheduling-interval-error", e("intervalMinutes") ?? e("intervalHours")],
            ] as const
          ).map(([id, text]) =>
            text ? (
              <p key={id} id={id} role="alert" className="col-span-3 text-xs text-red-600">
                {text}
              </p>
            ) : null,
          )}
        </div>
      )}
      {cycle.type === "hours" && (
        <>
          <Checks
            legend="Hours"
            id="scheduling-hours"
            columns="grid-cols-8"
            options={Array.from({ length: 24 }, (_, hour) => ({ value: hour, label: String(hour).padStart(2, "0"), title: `${String(hour).padStart(2, "0")}:00` }))}
            chosen={cycle.hours}
            onChange={(hours) => set({ hours })}
            error={e("hours")}
          />
          <Row label="Minute of the hour" htmlFor="scheduling-minute" error={e("minute")}>
            <TextInput id="scheduling-minute" type="number" min={0} max={59} className="w-24" invalid={Boolean(e("minute"))} value={numberText(cycle.minute)} onChange={(event) => set({ minute: numberFrom(event.target.value) })} />
          </Row>
        </>
      )}
      {cycle.type === "week" && (
        <Checks
          legend="Weekdays"
          id="scheduling-weekdays"
          options={weekdayNames.map((name, index) => ({ value: index + 1, label: name.slice(0, 3), title: name }))}
          chosen={cycle.weekdays}
          onChange={(weekdays) => set({ weekdays })}
          error={e("weekdays")}
        />
      )}
      {cycle.type === "year" && (
        <Checks
          legend="Months"
          id="scheduling-months"
          columns="grid-cols-6"
          options={monthNames.map((name, index) => ({ value: index + 1, label: name.slice(0, 3), title: name }))}
          chosen={cycle.months}
          onChange={(months) => set({ months })}
          error={e("months")}
        />
      )}
      {(cycle.type === "month" || cycle.type === "year") && (
        <>
          <Checks legend="Days of the month" id="scheduling-days" options={dayOptions()} chosen={cycle.days} onChange={(days) => set({ days })} error={e("days")} />
          <label className="flex items-center gap-1.5 text-xs text-slate-700">
            <input type="checkbox" checked={cycle.days.includes("last")} onChange={() => set({ days: toggle(cycle.days, "last" as const) })} />
            Last day of the month
          </label>
        </>
      )}
      {"time" in cycle && <TimeRow id="scheduling-time" label="Scheduled time" value={cycle.time} onChange={(time) => set({ time })} error={e("time")} />}
    </div>
  );
}
