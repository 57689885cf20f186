import { emptyDraft, jobSpecFromDraft } from "@/lib/wizard/node-draft";

/** The job spec a new batch sync node starts with: the wizard's empty draft, saved. */
export function emptyJobSpec() {
  return jobSpecFromDraft(emptyDraft());
}

/** The data source names a job spec refers to, whatever state the spec is in. */
export function dataSourceNamesOf(spec: unknown): string[] {
  const steps = (spec as { steps?: { parameter?: { datasource?: unknown } }[] })?.steps;
  if (!Array.isArray(steps)) return [];
  const names = steps
    .map((step) => step?.parameter?.datasource)
    .filter((name): name is string => typeof name === "string" && name.length > 0);
  return [...new Set(names)];
}
