import { SyncError } from "./sync-error";

/**
 * DataWorks scheduling parameters, resolved before a run touches anything.
 *
 * - `$bizdate`, `${bizdate}`: the business date (yyyymmdd), the day before the scheduled time.
 * - `${<format>}`, `${<format>-N}`: a date computed from the business date. The unit of N
 *   follows the format as in DataWorks: days when the format has `dd`, months for
 *   `yyyymm`/`yyyy-mm`/`mm`, years for `yyyy`/`yy`. `N` may be a product such as `7*2`.
 * - `$[<format>]`, `$[<format>-N]`: computed from the scheduled time; N is in days and may
 *   be a fraction (`$[hh24miss-1/24]` is one hour earlier, `-1/24/60` one minute).
 * - `$[add_months(<format>,N)]`: N months from the scheduled time.
 * - `$cyctime` (yyyymmddhh24miss) and `$gmtdate` (yyyymmdd of the scheduled time).
 * - custom parameters `${name}`: from the explicit values, then from the node's arguments
 *   (`key=value` pairs separated by spaces whose values may use everything above).
 *
 * Tokens of a format: yyyy, yy, mm, dd, hh24, hh (12-hour), mi, ss; separators - : / _ . and space.
 * Times are wall-clock values: a `Date` passed as the scheduled time is read in the process's
 * local time zone (DataWorks uses the region's time zone the same way).
 */

export type WallClock = { year: number; month: number; day: number; hour: number; minute: number; second: number };

export type SchedulingContext = {
  /** Explicit values, for example `{ bizdate: "20261123", hour: "10" }` from the Run dialog or `--param`. */
  parameters?: Record<string, string>;
  /** The scheduled (cycle) time. When absent it is derived from `bizdate` (the next day, 00:00:00). */
  scheduledTime?: Date | string;
  /** The node's Arguments property: `bizdate=$bizdate hour=$[hh24]`. */
  nodeArguments?: string;
};

export type ParameterKind = "bizdate" | "scheduledTime" | "custom";

export type ParameterReference = {
  /** The text as written, for example `${yyyymmdd-1}`. */
  expression: string;
  /** The parameter a user must supply for it: `bizdate`, `cyctime` or the custom name. */
  name: string;
  kind: ParameterKind;
};

const REFERENCE_PATTERN = /\$\{([^}]*)\}|\$\[([^\]]*)\]|\$(bizdate|cyctime|gmtdate)(?![A-Za-z0-9_])/g;
const FORMAT_TOKEN = /^(yyyy|yy|mm|dd|hh24|hh|mi|ss|[-:/_. ])/;

type FormatPart = { token: "yyyy" | "yy" | "mm" | "dd" | "hh24" | "hh" | "mi" | "ss" } | { literal: string };

function parseFormat(text: string): FormatPart[] | null {
  const parts: FormatPart[] = [];
  let rest = text;
  let tokens = 0;
  while (rest.length > 0) {
    const match = FORMAT_TOKEN.exec(rest);
    if (!match) return null;
    const piece = match[1]!;
    if (/^[-:/_. ]$/.test(piece)) parts.push({ literal: piece });
    else {
      parts.push({ token: piece as "yyyy" });
      tokens += 1;
    }
    rest = rest.slice(piece.length);
  }
  return tokens > 0 ? parts : null;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

function renderFormat(parts: FormatPart[], time: WallClock): string {
  let out = "";
  for (const part of parts) {
    if ("literal" in part) {
      out += part.literal;
      continue;
    }
    switch (part.token) {
      case "yyyy":
        out += pad(time.year, 4);
        break;
      case "yy":
        out += pad(time.year % 100, 2);
        break;
      case "mm":
        out += pad(time.month, 2);
        break;
      case "dd":
        out += pad(time.day, 2);
        break;
      case "hh24":
        out += pad(time.hour, 2);
        break;
      case "hh":
        out += pad(time.hour % 12 === 0 ? 12 : time.hour % 12, 2);
        break;
      case "mi":
        out += pad(time.minute, 2);
        break;
      case "ss":
        out += pad(time.second, 2);
        break;
    }
  }
  return out;
}

function toEpoch(time: WallClock): number {
  return Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second);
}

function fromEpoch(ms: number): WallClock {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

function addSeconds(time: WallClock, seconds: number): WallClock {
  return fromEpoch(toEpoch(time) + seconds * 1000);
}

function addMonths(time: WallClock, months: number): WallClock {
  const index = time.year * 12 + (time.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { ...time, year, month, day: Math.min(time.day, lastDay) };
}

/** Evaluates `7`, `7*2`, `1/24`, `1/24/60`: digits with * and / only, left to right. */
function evaluateOffset(text: string): number | null {
  const cleaned = text.replace(/\s+/g, "");
  if (!/^\d+(?:[*/]\d+)*$/.test(cleaned)) return null;
  const pieces = cleaned.split(/([*/])/);
  let value = Number(pieces[0]);
  for (let i = 1; i < pieces.length; i += 2) {
    const operand = Number(pieces[i + 1]);
    if (pieces[i] === "*") value *= operand;
    else {
      if (operand === 0) return null;
      value /= operand;
    }
  }
  return value;
}

type DateExpression = { format: FormatPart[]; offset: number; addMonths?: number };

function parseDateExpression(body: string): DateExpression | null {
  const text = body.trim();
  const addMonthsMatch = /^add_months\(\s*([^,]+?)\s*,\s*([+-]?\d+)\s*\)$/i.exec(text);
  if (addMonthsMatch) {
    const format = parseFormat(addMonthsMatch[1]!);
    if (!format) return null;
    return { format, offset: 0, addMonths: Number(addMonthsMatch[2]) };
  }
  const whole = parseFormat(text);
  if (whole) return { format: whole, offset: 0 };
  const withOffset = /^(.*?[a-z0-9])\s*([+-])\s*(\d[\d*/ ]*)$/.exec(text);
  if (!withOffset) return null;
  const format = parseFormat(withOffset[1]!);
  const offset = evaluateOffset(withOffset[3]!);
  if (!format || offset === null) return null;
  return { format, offset: withOffset[2] === "-" ? -offset : offset };
}

/** `${...}` arithmetic: days when the format has a day or time part, else months, else years. */
function applyBizdateExpression(expression: DateExpression, bizdate: WallClock): WallClock | null {
  const tokens = expression.format.flatMap((part) => ("token" in part ? [part.token] : []));
  if (expression.addMonths !== undefined) return addMonths(bizdate, expression.addMonths);
  if (expression.offset === 0) return bizdate;
  if (!Number.isInteger(expression.offset)) return null;
  if (tokens.some((t) => t === "dd" || t === "hh24" || t === "hh" || t === "mi" || t === "ss")) {
    return addSeconds(bizdate, expression.offset * 86_400);
  }
  if (tokens.includes("mm")) return addMonths(bizdate, expression.offset);
  return addMonths(bizdate, expression.offset * 12);
}

function applyScheduledExpression(expression: DateExpression, scheduled: WallClock): WallClock {
  if (expression.addMonths !== undefined) return addMonths(scheduled, expression.addMonths);
  return addSeconds(scheduled, Math.round(expression.offset * 86_400));
}

function parseWallClock(text: string, what: string): WallClock {
  const value = text.trim();
  let match = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2}))?$/.exec(value);
  if (!match) match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value);
  if (!match) {
    throw new SyncError("INVALID_PARAMETER", `${what} "${text}" is not a date: use yyyymmdd, yyyymmddhh24miss or "yyyy-mm-dd hh:mm:ss".`, {
      details: { parameter: what },
    });
  }
  const time: WallClock = {
    year: Number(match[1]),
    month: Number(match[2]),
    day: Number(match[3]),
    hour: Number(match[4] ?? 0),
    minute: Number(match[5] ?? 0),
    second: Number(match[6] ?? 0),
  };
  const roundTrip = fromEpoch(toEpoch(time));
  if (roundTrip.month !== time.month || roundTrip.day !== time.day || time.hour > 23 || time.minute > 59 || time.second > 59) {
    throw new SyncError("INVALID_PARAMETER", `${what} "${text}" is not a valid calendar date or time.`, { details: { parameter: what } });
  }
  return time;
}

function wallClockOf(date: Date): WallClock {
  return {
    year: date.getFullYear(),
    month: date.getMonth() + 1,
    day: date.getDate(),
    hour: date.getHours(),
    minute: date.getMinutes(),
    second: date.getSeconds(),
  };
}

function startOfDay(time: WallClock): WallClock {
  return { ...time, hour: 0, minute: 0, second: 0 };
}

/** Parses a node's Arguments property: `key=value` pairs separated by whitespace. */
export function parseNodeArguments(text: string | undefined): Array<{ key: string; value: string }> {
  if (!text || text.trim() === "") return [];
  return text
    .trim()
    .split(/\s+/)
    .map((pair) => {
      const eq = pair.indexOf("=");
      if (eq <= 0) {
        throw new SyncError("INVALID_PARAMETER", `Node argument "${pair}" is not a key=value pair.`, { details: { parameter: pair } });
      }
      return { key: pair.slice(0, eq), value: pair.slice(eq + 1) };
    });
}

export type ParameterResolver = {
  /** The business date (yyyymmdd) when known. */
  bizdate: string | undefined;
  /** The scheduled time (yyyymmddhh24miss) when known. */
  cyctime: string | undefined;
  /** Replaces every parameter in `text`; throws UNRESOLVED_PARAMETER naming the first one it cannot resolve. */
  resolve(text: string): string;
  /** Like resolve, but collects the unresolved references instead of throwing. */
  tryResolve(text: string): { value: string; unresolved: string[] };
};

export function createParameterResolver(context: SchedulingContext = {}): ParameterResolver {
  const explicit = context.parameters ?? {};
  let bizdate: WallClock | undefined;
  let scheduled: WallClock | undefined;
  if (explicit.bizdate !== undefined) bizdate = startOfDay(parseWallClock(explicit.bizdate, "bizdate"));
  if (explicit.cyctime !== undefined) scheduled = parseWallClock(explicit.cyctime, "cyctime");
  else if (context.scheduledTime !== undefined) {
    scheduled =
      context.scheduledTime instanceof Date ? wallClockOf(context.scheduledTime) : parseWallClock(context.scheduledTime, "scheduled time");
  }
  if (!bizdate && scheduled) bizdate = startOfDay(addSeconds(scheduled, -86_400));
  if (!scheduled && bizdate) scheduled = addSeconds(bizdate, 86_400);

  const argumentValues = new Map<string, string>();

  const lookupBuiltin = (reference: string, body: string, bracket: "{" | "[" | "$"): string | undefined => {
    if (bracket === "$") {
      if (body === "bizdate") return bizdate ? renderFormat(parseFormat("yyyymmdd")!, bizdate) : undefined;
      if (body === "cyctime") return scheduled ? renderFormat(parseFormat("yyyymmddhh24miss")!, scheduled) : undefined;
      if (body === "gmtdate") return scheduled ? renderFormat(parseFormat("yyyymmdd")!, scheduled) : undefined;
      return undefined;
    }
    if (bracket === "{") {
      const name = body.trim();
      if (Object.hasOwn(explicit, name)) return explicit[name];
      if (argumentValues.has(name)) return argumentValues.get(name);
      if (name === "bizdate") return bizdate ? renderFormat(parseFormat("yyyymmdd")!, bizdate) : undefined;
      if (name === "cyctime") return scheduled ? renderFormat(parseFormat("yyyymmddhh24miss")!, scheduled) : undefined;
      const expression = parseDateExpression(name);
      if (!expression || !bizdate) return undefined;
      const time = applyBizdateExpression(expression, bizdate);
      if (!time) {
        throw new SyncError("INVALID_PARAMETER", `Parameter ${reference} uses a fractional offset; only $[...] accepts fractions of a day.`, {
          details: { parameter: reference },
        });
      }
      return renderFormat(expression.format, time);
    }
    const expression = parseDateExpression(body);
    if (!expression || !scheduled) return undefined;
    return renderFormat(expression.format, applyScheduledExpression(expression, scheduled));
  };

  const tryResolve = (text: string): { value: string; unresolved: string[] } => {
    const unresolved: string[] = [];
    const value = text.replace(REFERENCE_PATTERN, (reference, curly: string | undefined, square: string | undefined, bare: string | undefined) => {
      const bracket = curly !== undefined ? "{" : square !== undefined ? "[" : "$";
      const body = curly ?? square ?? bare ?? "";
      const resolved = lookupBuiltin(reference, body, bracket);
      if (resolved === undefined) {
        unresolved.push(reference);
        return reference;
      }
      return resolved;
    });
    return { value, unresolved };
  };

  const resolve = (text: string): string => {
    const { value, unresolved } = tryResolve(text);
    if (unresolved.length > 0) throw unresolvedError(unresolved);
    return value;
  };

  // Node arguments may use built-in and explicit parameters, not each other.
  for (const { key, value } of parseNodeArguments(context.nodeArguments)) {
    if (Object.hasOwn(explicit, key)) continue;
    argumentValues.set(key, resolve(value));
  }

  return {
    bizdate: bizdate ? renderFormat(parseFormat("yyyymmdd")!, bizdate) : undefined,
    cyctime: scheduled ? renderFormat(parseFormat("yyyymmddhh24miss")!, scheduled) : undefined,
    resolve,
    tryResolve,
  };
}

function unresolvedError(unresolved: string[]): SyncError {
  const unique = [...new Set(unresolved)];
  const first = unique[0]!;
  const hint = referenceKind(first) === "custom"
    ? `give it a value (for example --param ${referenceName(first)}=...) or define it in the node's arguments`
    : "give the business date (bizdate) or the scheduled time";
  return new SyncError(
    "UNRESOLVED_PARAMETER",
    `Parameter ${first} has no value${unique.length > 1 ? ` (nor ${unique.slice(1).join(", ")})` : ""}: ${hint}. Nothing was read or written.`,
    { details: { parameters: unique } },
  );
}

/** Resolves every scheduling parameter in `text`. Throws SyncError UNRESOLVED_PARAMETER naming the first unresolved one. */
export function resolveSchedulingParameters(text: string, context: SchedulingContext = {}): string {
  return createParameterResolver(context).resolve(text);
}

function referenceName(reference: string): string {
  const match = /^\$\{([^}]*)\}$/.exec(reference);
  return match ? match[1]!.trim() : reference;
}

function referenceKind(reference: string): ParameterKind {
  if (reference.startsWith("$[") || reference === "$cyctime" || reference === "$gmtdate") return "scheduledTime";
  if (reference === "$bizdate") return "bizdate";
  const body = referenceName(reference);
  if (body === "bizdate") return "bizdate";
  if (body === "cyctime") return "scheduledTime";
  return parseDateExpression(body) ? "bizdate" : "custom";
}

/**
 * The parameter references in a text that no value could ever resolve, each with what is
 * wrong: `$[...]` that is not a date expression, `${...}` that is neither a parameter name
 * nor a date expression. Empty when every reference is usable.
 */
export function unusableParameterReferences(text: string): { expression: string; problem: string }[] {
  const found: { expression: string; problem: string }[] = [];
  for (const match of text.matchAll(REFERENCE_PATTERN)) {
    const [expression, curly, square] = match;
    if (square !== undefined && !parseDateExpression(square)) {
      found.push({ expression, problem: `${expression} is not a date expression, such as $[yyyymmdd-1] or $[hh24]` });
    } else if (curly !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(curly.trim()) && !parseDateExpression(curly)) {
      found.push({ expression, problem: `${expression} is neither a parameter name nor a date expression, such as \${bizdate} or \${yyyymmdd-1}` });
    }
  }
  return found;
}

/** The parameter references in a text, in order of appearance. */
export function listParameterReferences(text: string): ParameterReference[] {
  const references: ParameterReference[] = [];
  for (const match of text.matchAll(REFERENCE_PATTERN)) {
    const expression = match[0];
    const kind = referenceKind(expression);
    references.push({
      expression,
      kind,
      name: kind === "bizdate" ? "bizdate" : kind === "scheduledTime" ? "cyctime" : referenceName(expression),
    });
  }
  return references;
}

/** Calls `visit` on every string inside a JSON-like value, returning a copy with the results. */
export function mapStrings<T>(value: T, visit: (text: string) => string): T {
  if (typeof value === "string") return visit(value) as T;
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, visit)) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = mapStrings(item, visit);
    return out as T;
  }
  return value;
}

export type SpecParameter = {
  /** What the Run dialog asks for: `bizdate`, `cyctime`, or a custom name. */
  name: string;
  kind: ParameterKind;
  /** The expressions in the spec that depend on it, e.g. `${bizdate}`, `$[hh24miss-1/24]`. */
  expressions: string[];
  /** True when the node's arguments define it (the dialog may still override). */
  definedByArguments: boolean;
};

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, out);
  else if (value !== null && typeof value === "object") for (const item of Object.values(value)) collectStrings(item, out);
}

/**
 * The scheduling parameters a spec uses (including through the node's arguments), for the
 * console's Run dialog. `cyctime` is listed only when the spec uses scheduled-time
 * parameters; it derives from `bizdate` when not given.
 */
export function listJobSpecParameters(spec: unknown, options: { nodeArguments?: string } = {}): SpecParameter[] {
  const strings: string[] = [];
  collectStrings(spec, strings);
  const args = parseNodeArguments(options.nodeArguments);
  for (const { value } of args) strings.push(value);
  const argumentNames = new Set(args.map((a) => a.key));
  const byName = new Map<string, SpecParameter>();
  for (const text of strings) {
    for (const reference of listParameterReferences(text)) {
      const existing = byName.get(reference.name);
      if (existing) {
        if (!existing.expressions.includes(reference.expression)) existing.expressions.push(reference.expression);
      } else {
        byName.set(reference.name, {
          name: reference.name,
          kind: reference.kind,
          expressions: [reference.expression],
          definedByArguments: argumentNames.has(reference.name),
        });
      }
    }
  }
  return [...byName.values()];
}
