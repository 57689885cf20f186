import { dataSourceTypeLabels, type DataSourceTypeName } from "@/lib/schemas/data-source";
import { readerSpecs, writerSpecs } from "@/lib/sync-engine/connectors/connector-specs";
import type { JobSpecIssue } from "@/lib/sync-engine/job-spec";

/** A data source of the workspace as far as a job spec is concerned: its name and type. */
export type DataSourceRef = { name: string; type: DataSourceTypeName };

const typeLabel = (type: string) => dataSourceTypeLabels[type as DataSourceTypeName] ?? type;

/**
 * The steps' data sources the workspace does not have, or whose type is not the one the
 * step reads or writes, as issues at their JSON paths (`steps[0].parameter.datasource`).
 * Empty names are left to the completeness check. Save, the Run check and Script mode
 * all use it, the server with the workspace's data sources from the database.
 */
export function dataSourceProblemsOf(spec: unknown, workspaceSources: DataSourceRef[]): JobSpecIssue[] {
  const steps = (spec as { steps?: { stepType?: unknown; category?: unknown; parameter?: { datasource?: unknown } }[] })?.steps;
  if (!Array.isArray(steps)) return [];
  const problems: JobSpecIssue[] = [];
  steps.forEach((step, index) => {
    const name = step?.parameter?.datasource;
    if (typeof name !== "string" || name === "") return;
    const path = `steps[${index}].parameter.datasource`;
    const found = workspaceSources.find((source) => source.name === name);
    if (!found) {
      const sameButCase = workspaceSources.find((source) => source.name.toLowerCase() === name.toLowerCase());
      problems.push({
        path,
        message: `there is no data source named "${name}" in this workspace${sameButCase ? ` (there is "${sameButCase.name}": names in a job spec must match exactly)` : ""}`,
      });
    } else if (typeof step.stepType === "string") {
      // The registry says which data source types a step takes (the PostgreSQL reader also reads Hologres).
      const stepSpec = (step.category === "writer" ? writerSpecs : readerSpecs).find((candidate) => candidate.stepType === step.stepType);
      const accepted: readonly string[] = stepSpec?.dataSourceTypes ?? [step.stepType];
      if (accepted.includes(found.type)) return;
      const role = step.category === "writer" ? "writer writes to" : "reader reads from";
      problems.push({ path, message: `"${name}" is a ${typeLabel(found.type)} data source, but this ${role} ${accepted.map(typeLabel).join(" or ")}` });
    }
  });
  return problems;
}
