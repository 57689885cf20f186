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
  // parsePartitionPairs refuses a level given twice (`sale_time=09,sale_time=*`).
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

function repeatedLevel(text: string, key: string): string {
  return `The partition filter "${text}" gives ${key} more than once; give each partition level once (for example sale_date=20261123,sale_time=10).`;
}

/**
 * Checks the syntax of one entry of the reader's `partition` list as it is saved, before
 * scheduling parameters are resolved: `*`, or `key=value` parts separated by `,` or `/`,
 * each level once, no empty value. Null when it is well formed. Which keys are partition
 * columns is only known from the table, when the run opens it.
 */
export function partitionFilterProblem(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed === "*") return null;
  const seen = new Set<string>();
  for (const part of splitParts(trimmed)) {
    const eq = part.indexOf("=");
    const key = part.slice(0, Math.max(eq, 0)).trim().toLowerCase();
    if (eq <= 0 || !/^[a-z_][a-z0-9_]*$/.test(key)) {
      return `"${part}" is not of the form column=value (for example sale_date=\${bizdate},sale_time=*).`;
    }
    if (unquote(part.slice(eq + 1).trim()) === "") return `The value of ${key} is empty; use * for every value.`;
    if (seen.has(key)) return repeatedLevel(text, key);
    seen.add(key);
  }
  return null;
}

// Scheduling parameters as they stand in a saved filter: `${...}`, `$[...]`, `$bizdate`.
const PARAMETER_REFERENCE = /\$\{[^}]*\}|\$\[[^\]]*\]|\$(?:bizdate|cyctime|gmtdate)(?![A-Za-z0-9_])/g;

/** The text with each scheduling parameter replaced by `0`, to look at what is around them. */
export function withoutParameters(value: string): string {
  return value.trim().replace(PARAMETER_REFERENCE, "0");
}

/**
 * What does not belong in the value of one partition level (one box of the wizard), such
 * as `","` or `a blank`, or null when it is fine: it
 * must be one value (`20261123`), a pattern (`*`, `202611*`, `2026112?`) or a parameter
 * (`${bizdate}`, `$[yyyymmdd-1]`), or such pieces run together (`${bizdate}*`). The
 * separators of the filter grammar (`,` `/` `=`), quotes and blanks would make it a
 * filter of its own, overriding other levels.
 */
export function partitionLevelValueProblem(value: string): string | null {
  const masked = withoutParameters(value);
  const bad = /[,/=]|['"]|\s|[${}[\]]/.exec(masked);
  if (!bad) return null;
  const found = bad[0];
  if (/\s/.test(found)) return "a blank";
  if (found === "'" || found === '"') return "a quote";
  if ("${}[]".includes(found)) return `"${found}" outside a parameter`;
  return `"${found}"`;
}

/**
 * Splits a filter into its `key=value` parts at `,` and `/`, keeping quoted values and
 * scheduling parameters (`$[add_months(yyyymmdd,-1)]`, `$[hh24miss-1/24]`) whole.
 */
function splitParts(text: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quote: string | null = null;
  let closer: string | null = null;
  let previous = "";
  for (const ch of text) {
    if (closer) {
      if (ch === closer) closer = null;
      current += ch;
    } else if (quote) {
      if (ch === quote) quote = null;
      current += ch;
    } else if (previous === "$" && (ch === "{" || ch === "[")) {
      closer = ch === "{" ? "}" : "]";
      current += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      current += ch;
    } else if (ch === "," || ch === "/") {
      if (current.trim() !== "") parts.push(current.trim());
      current = "";
    } else {
      current += ch;
    }
    previous = ch;
  }
  if (current.trim() !== "") parts.push(current.trim());
  return parts;
}

/** The levels of a saved filter (`sale_date=${bizdate},sale_time=*`) as column and value, in order. */
export function partitionFilterLevels(text: string): [string, string][] {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed === "*") return [];
  return splitParts(trimmed).flatMap((part) => {
    const eq = part.indexOf("=");
    return eq > 0 ? [[part.slice(0, eq).trim().toLowerCase(), unquote(part.slice(eq + 1).trim())] as [string, string]] : [];
  });
}

function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === "'" || value[0] === '"') && value[value.length - 1] === value[0]) {
    return value.slice(1, -1);
  }
  return value;
}
