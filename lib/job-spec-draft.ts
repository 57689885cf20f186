// The job spec a new batch sync node starts with: the wizard fills it in. It follows the
// DataWorks script-mode shape (see lib/sync-engine/job-spec.ts for the full schema).
export function emptyJobSpec() {
  return {
    type: "job",
    version: "2.0",
    steps: [
      {
        stepType: "odps",
        category: "reader",
        name: "Reader",
        parameter: { datasource: "", table: "", partition: [] as string[], column: [] as string[] },
      },
      {
        stepType: "holo",
        category: "writer",
        name: "Writer",
        parameter: {
          datasource: "",
          table: "",
          column: [] as string[],
          writeMode: "sdk",
          conflictMode: "ignore",
          truncate: false,
        },
      },
    ],
    setting: { errorLimit: { record: "" }, speed: { concurrent: 2, throttle: false } },
    order: { hops: [{ from: "Reader", to: "Writer" }] },
  };
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
