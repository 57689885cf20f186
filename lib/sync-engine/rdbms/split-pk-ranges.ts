/**
 * DataX's splitPk: the integer key's [min, max] cut into about `count` equal ranges, the
 * last one closed, plus a range for the rows whose key is NULL (DataX adds `pk IS NULL`
 * so they are not lost). Bounds are bigint: keys span the whole signed and unsigned 64 bits.
 */
export type SplitPkRange = { kind: "range"; lower: bigint; upper: bigint; upperInclusive: boolean } | { kind: "null" };

/** DataX reads `channels * 5` ranges (its splitFactor) so a slow range does not hold a channel idle. */
export const SPLIT_FACTOR = 5;

export function splitPkRanges(options: { min: bigint | null; max: bigint | null; count: number }): SplitPkRange[] {
  const { min, max } = options;
  const ranges: SplitPkRange[] = [];
  if (min !== null && max !== null) {
    const span = max - min + 1n;
    const count = BigInt(Math.max(1, options.count));
    const pieces = span < count ? span : count;
    const step = span / pieces;
    const remainder = span % pieces;
    let lower = min;
    for (let i = 0n; i < pieces; i++) {
      // The first `remainder` ranges take one key more, so the sizes differ by at most one.
      const size = step + (i < remainder ? 1n : 0n);
      const last = i === pieces - 1n;
      const upper = last ? max : lower + size;
      ranges.push({ kind: "range", lower, upper, upperInclusive: last });
      lower = upper;
    }
  }
  ranges.push({ kind: "null" });
  return ranges;
}

/** The WHERE condition of a range, with the key quoted by the caller's dialect and bounds as parameters. */
export function splitPkCondition(range: SplitPkRange, quotedKey: string, placeholder: (index: number) => string): { sql: string; values: string[] } {
  if (range.kind === "null") return { sql: `${quotedKey} IS NULL`, values: [] };
  return {
    sql: `${quotedKey} >= ${placeholder(0)} AND ${quotedKey} ${range.upperInclusive ? "<=" : "<"} ${placeholder(1)}`,
    values: [range.lower.toString(), range.upper.toString()],
  };
}

export function describeSplitPkRange(range: SplitPkRange, key: string): string {
  return range.kind === "null" ? `${key} IS NULL` : `${key} in [${range.lower}, ${range.upper}${range.upperInclusive ? "]" : ")"}`;
}
