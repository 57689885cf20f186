"use client";
import Link from "next/link";
import { Field, SelectInput } from "@/components/ui/field";

/** Connection: the fixed type beside a choice of the workspace's data sources of that type. */
export function ConnectionSelect({
  side,
  typeLabel,
  value,
  dataSources,
  onChange,
  newHref,
  typeChosenAbove = false,
}: {
  side: "Source" | "Target";
  typeLabel: string;
  value: string;
  dataSources: string[];
  onChange: (name: string) => void;
  newHref: string;
  /** The source's type has its own choice above (the registry's readers): no fixed type box here. */
  typeChosenAbove?: boolean;
}) {
  const id = `${side.toLowerCase()}-datasource`;
  // A job spec from Script mode may name a data source the workspace does not have.
  const missing = value !== "" && !dataSources.includes(value);
  return (
    <Field
      compact
      label="Connection"
      htmlFor={id}
      required
      errors={missing ? [`There is no ${typeLabel} data source named "${value}" in this workspace. Choose one from the list.`] : undefined}
    >
      <div className="flex gap-2">
        {!typeChosenAbove && (
          <SelectInput className="w-28 shrink-0" aria-label={`${side} type`} value={typeLabel} disabled>
            <option value={typeLabel}>{typeLabel}</option>
          </SelectInput>
        )}
        <SelectInput
          className="min-w-0 flex-1"
          id={id}
          aria-label={`${side} connection`}
          value={value}
          invalid={missing}
          aria-describedby={missing ? `${id}-error` : undefined}
          onChange={(event) => onChange(event.target.value)}
        >
          <option value="">Choose a {typeLabel} data source</option>
          {missing && <option value={value}>{value} (not in this workspace)</option>}
          {dataSources.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </SelectInput>
      </div>
      {dataSources.length === 0 && (
        <p className="mt-1 text-xs text-slate-500">
          No {typeLabel} data source yet.{" "}
          <Link className="text-brand-600 hover:underline" href={newHref}>
            Add one
          </Link>
          .
        </p>
      )}
    </Field>
  );
}
