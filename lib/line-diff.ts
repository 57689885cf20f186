/** One line of a line diff: in both texts, only in the first (`removed`), or only in the second (`added`). */
export type DiffLine = { kind: "same" | "removed" | "added"; text: string };

/**
 * A line diff of two short texts (two job specs as pretty JSON), from their longest common
 * subsequence of lines. Quadratic in the number of lines, which is fine for specs of a few
 * hundred lines; past `maxLines` it gives up on alignment and shows all of both.
 */
export function diffLines(before: string, after: string, maxLines = 3000): DiffLine[] {
  const a = before.split("\n");
  const b = after.split("\n");
  if (a.length > maxLines || b.length > maxLines) {
    return [...a.map((text) => ({ kind: "removed" as const, text })), ...b.map((text) => ({ kind: "added" as const, text }))];
  }
  // common[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const common = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i]![j] = a[i] === b[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      lines.push({ kind: "same", text: a[i]! });
      i++;
      j++;
    } else if (common[i + 1]![j]! >= common[i]![j + 1]!) {
      lines.push({ kind: "removed", text: a[i++]! });
    } else {
      lines.push({ kind: "added", text: b[j++]! });
    }
  }
  while (i < a.length) lines.push({ kind: "removed", text: a[i++]! });
  while (j < b.length) lines.push({ kind: "added", text: b[j++]! });
  return lines;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A copy of `value` whose objects list their keys in the order `template`'s objects do;
 * keys the template lacks come last, in their own order. PostgreSQL's jsonb keeps keys in
 * an order of its own, so a saved job spec reads back shuffled: aligned with the editor's
 * spec, a line diff of the two shows only what really differs.
 */
export function alignKeys(value: unknown, template: unknown): unknown {
  if (Array.isArray(value)) return value.map((item, index) => alignKeys(item, Array.isArray(template) ? template[index] : undefined));
  if (!isObject(value)) return value;
  const order = isObject(template) ? Object.keys(template).filter((key) => key in value) : [];
  const keys = [...order, ...Object.keys(value).filter((key) => !order.includes(key))];
  return Object.fromEntries(keys.map((key) => [key, alignKeys(value[key], isObject(template) ? template[key] : undefined)]));
}

/** A run of unchanged lines left out of a diff, with how many. */
export type FoldedLines = { kind: "folded"; count: number };

/**
 * The diff with long runs of unchanged lines folded away, keeping `context` lines next to
 * each change, so the changes of a long spec are in view at once.
 */
export function foldUnchanged(lines: DiffLine[], context = 3): (DiffLine | FoldedLines)[] {
  const near = lines.map((_, index) =>
    lines.slice(Math.max(0, index - context), index + context + 1).some((line) => line.kind !== "same"),
  );
  const out: (DiffLine | FoldedLines)[] = [];
  lines.forEach((line, index) => {
    if (line.kind !== "same" || near[index]) {
      out.push(line);
      return;
    }
    const last = out.at(-1);
    if (last?.kind === "folded") last.count += 1;
    else out.push({ kind: "folded", count: 1 });
  });
  return out;
}
