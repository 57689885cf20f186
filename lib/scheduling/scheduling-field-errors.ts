// The Properties panel's field errors for scheduling properties, one sentence per field
// naming the field and its limit. nodeSchedulingSchema's own messages are used where it
// has them; the cycle schema's bare bounds (zod's "Too small: expected number to be >=1")
// are told with the field's label instead, so "Interval" of 0 says "1 to 59 minutes".
import type { z } from "zod";
import { nodeSchedulingSchema } from "./node-scheduling";

/** Field keys are the issue paths joined with dots: `cycle.intervalMinutes`, `validTo`, `autoRerun.times`. */
export type SchedulingFieldErrors = Record<string, string>;

const labels: Record<string, { label: string; unit?: string }> = {
  "cycle.intervalMinutes": { label: "The interval", unit: "minutes" },
  "cycle.intervalHours": { label: "The interval", unit: "hours" },
  "cycle.minute": { label: "The minute" },
  "cycle.hours": { label: "Each chosen hour" },
  "cycle.weekdays": { label: "Each weekday" },
  "cycle.months": { label: "Each month" },
  "cycle.days": { label: "Each day of the month" },
  "cycle.start": { label: "The start time" },
  "cycle.end": { label: "The end time" },
  "cycle.time": { label: "The time" },
  timeoutMinutes: { label: "The timeout", unit: "minutes" },
  "autoRerun.times": { label: "Auto rerun times" },
  "autoRerun.intervalMinutes": { label: "The rerun interval", unit: "minutes" },
};

// Issue paths inside arrays end in an index (cycle.hours.2): the field is the array.
const fieldOf = (path: readonly PropertyKey[]) => path.filter((part) => typeof part !== "number").map(String).join(".");

function bounds(field: string): { min?: number; max?: number } {
  const known: Record<string, { min: number; max: number }> = {
    "cycle.intervalMinutes": { min: 1, max: 59 },
    "cycle.intervalHours": { min: 1, max: 23 },
    "cycle.minute": { min: 0, max: 59 },
    "cycle.hours": { min: 0, max: 23 },
    timeoutMinutes: { min: 1, max: 168 * 60 },
    "autoRerun.times": { min: 1, max: 10 },
    "autoRerun.intervalMinutes": { min: 1, max: 30 },
  };
  return known[field] ?? {};
}

// zod's own wording ("Too small: expected number to be >=1") means the schema set no message.
const zodDefault = /^(Too small|Too big|Invalid input)/;

function messageOf(issue: z.core.$ZodIssue): string {
  const field = fieldOf(issue.path);
  const label = labels[field];
  if (!zodDefault.test(issue.message) || !label) return issue.message;
  const { min, max } = bounds(field);
  const unit = label.unit ? ` ${label.unit}` : "";
  const range = min !== undefined ? ` ${min} to ${max}${unit}` : "";
  return issue.code === "invalid_type" ? `${label.label} must be a whole number${range ? ` from${range}` : ""}.` : `${label.label} must be${range}.`;
}

/** The form's errors keyed by field, the first one per field; empty when the value is valid. */
export function schedulingFieldErrors(value: unknown): SchedulingFieldErrors {
  const errors: SchedulingFieldErrors = {};
  for (const issue of nodeSchedulingSchema.safeParse(value).error?.issues ?? []) {
    const field = fieldOf(issue.path) || "form";
    errors[field] ??= messageOf(issue);
  }
  return errors;
}
