import { MaxComputeError } from "./maxcompute-error";
import { parsePartitionPairs, unknownPartitionKey, type PartitionSpec } from "./partition-spec";

export {
  formatPartitionSpec,
  parsePartitionPairs,
  parsePartitionSpec,
  partitionSpecFromValues,
  type PartitionSpec,
} from "./partition-spec";

/** A compiled partition filter (one entry of the reader's `partition` list). */
export type PartitionFilter = { text: string; matches: (spec: PartitionSpec) => boolean; literal: Map<string, string> };

/**
 * Compiles a DataWorks-style partition filter: `pt=20261123`; multi-level
 * `sale_date=20261123,sale_time=10` or `sale_date=20261123/sale_time=10`; `*` alone for
 * every partition; `*` and `?` wildcards inside values (`pt=202611*`). Levels the filter
 * leaves out match any value.
 */
export function compilePartitionFilter(text: string, partitionColumns: string[]): PartitionFilter {
  const trimmed = text.trim();
  const columns = partitionColumns.map((c) => c.toLowerCase());
  if (trimmed === "*" || trimmed === "") return { text, matches: () => true, literal: new Map() };
  const pairs = parsePartitionPairs(trimmed);
  const tests: [number, (value: string) => boolean][] = [];
  const literal = new Map<string, string>();
  for (const [key, pattern] of pairs) {
    const index = columns.indexOf(key);
    if (index < 0) throw unknownPartitionKey(text, key, partitionColumns);
    if (pattern === "*") continue;
    if (/[*?]/.test(pattern)) {
      const regex = new RegExp(
        "^" + pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$",
        "s", // a value may hold a line break: `*` matches it too
      );
      tests.push([index, (v) => regex.test(v)]);
      literal.set(key, pattern.replace(/[*?].*$/, ""));
    } else {
      tests.push([index, (v) => v === pattern]);
      literal.set(key, pattern);
    }
  }
  return {
    text,
    literal,
    matches: (spec) => tests.every(([index, test]) => spec.values[index] !== undefined && test(spec.values[index][1])),
  };
}

/**
 * Resolves several filters against the existing partitions, keeping the listing order and
 * dropping duplicates. A filter that matches nothing fails with PARTITION_NOT_FOUND naming
 * it and the nearest existing partitions.
 */
export function resolvePartitionFilters({
  table,
  filters,
  partitionColumns,
  partitions,
}: {
  table: string;
  filters: string[];
  partitionColumns: string[];
  partitions: PartitionSpec[];
}): PartitionSpec[] {
  const compiled = (filters.length === 0 ? ["*"] : filters).map((f) => compilePartitionFilter(f, partitionColumns));
  const chosen = new Set<string>();
  for (const filter of compiled) {
    const hits = partitions.filter((p) => filter.matches(p));
    if (hits.length === 0) {
      const nearest = nearestPartitions(filter, partitions, 5);
      throw new MaxComputeError(
        "PARTITION_NOT_FOUND",
        partitions.length === 0
          ? `No partition of table ${table} matches "${filter.text}": the table has no partitions yet. Load data into it first or check the scheduling parameter.`
          : `No partition of table ${table} matches "${filter.text}". Nearest existing partitions: ${nearest.map((p) => p.text).join("; ")}. Check the partition filter and the business date.`,
      );
    }
    for (const hit of hits) chosen.add(hit.text);
  }
  return partitions.filter((p) => chosen.has(p.text));
}

/** Existing partitions closest to a filter: longest shared value prefix first, then nearest in sort order. */
export function nearestPartitions(filter: PartitionFilter, partitions: PartitionSpec[], limit: number): PartitionSpec[] {
  const score = (p: PartitionSpec) => {
    let shared = 0;
    let distance = 0;
    for (const [key, value] of p.values) {
      const wanted = filter.literal.get(key);
      if (wanted === undefined) continue;
      let i = 0;
      while (i < wanted.length && i < value.length && wanted[i] === value[i]) i++;
      shared += i;
      const a = Number(value);
      const b = Number(wanted);
      distance += Number.isFinite(a) && Number.isFinite(b) && wanted !== "" ? Math.abs(a - b) : i === value.length ? 0 : 1;
    }
    return { shared, distance };
  };
  return partitions
    .map((p) => ({ p, s: score(p) }))
    .sort((x, y) => y.s.shared - x.s.shared || x.s.distance - y.s.distance || (x.p.text < y.p.text ? -1 : 1))
    .slice(0, limit)
    .map((x) => x.p);
}
