import { incompatibilityReason } from "@/lib/sync-engine/connectors/hologres/type-mapping";
import type { Mapping, SourceField } from "@/lib/wizard/node-draft";
import type { TargetColumn } from "./queries/catalog-types";

/** Why a source field cannot feed a target column, or null when it can. */
export function mappingProblem(source: SourceField | undefined, target: TargetColumn | undefined): string | null {
  if (!source) return "the source field no longer exists";
  if (!target) return "the target column no longer exists";
  return incompatibilityReason(source.type, target as Parameters<typeof incompatibilityReason>[1]);
}

/** Map Fields with the Same Name: pairs of equal names (any case) whose types fit. */
export function mapSameName(sources: SourceField[], targets: TargetColumn[]): { mappings: Mapping[]; skipped: string[] } {
  const mappings: Mapping[] = [];
  const skipped: string[] = [];
  for (const target of targets) {
    const source = sources.find((field) => field.kind !== "constant" && field.expression.replace(/^\$\{|\}$/g, "").toLowerCase() === target.name.toLowerCase());
    if (!source) continue;
    if (mappingProblem(source, target)) skipped.push(target.name);
    else mappings.push({ source: source.expression, target: target.name });
  }
  return { mappings, skipped };
}

/** Map Fields in the Same Line: the i-th source to the i-th target, where types fit. */
export function mapSameLine(sources: SourceField[], targets: TargetColumn[]): { mappings: Mapping[]; skipped: string[] } {
  const mappings: Mapping[] = [];
  const skipped: string[] = [];
  for (let i = 0; i < Math.min(sources.length, targets.length); i += 1) {
    if (mappingProblem(sources[i], targets[i])) skipped.push(targets[i].name);
    else mappings.push({ source: sources[i].expression, target: targets[i].name });
  }
  return { mappings, skipped };
}
