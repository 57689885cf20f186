import { MaxComputeError } from "./maxcompute-error";

/**
 * Partition specs as the MaxCompute client and the local service both read and write them.
 * The facts behind each rule, with their sources, are in lib/maxcompute-local/README.md
 * ("Partition values").
 */

/** One concrete partition: its key/value pairs in the table's partition column order. */
export type PartitionSpec = {
  values: [string, string][];
  /**
   * The canonical spec text, `sale_date=20261123,sale_time=10`: values that need it are
   * quoted (`sale_time=' 10:30 '`), so `parsePartitionSpec(text)` gives back exactly
   * `values`. It is what the local service keys partitions by, what logs and the console
   * show, and what callers hand back to `openDownloadSession`.
   */
  text: string;
};

/** Builds a PartitionSpec from ordered pairs. */
export function partitionSpecFromValues(values: [string, string][]): PartitionSpec {
  return { values, text: formatPartitionSpec(values) };
}

/** `k1=v1,k2='v 2 '`: the canonical text of ordered pairs. */
export function formatPartitionSpec(values: [string, string][]): string {
  return values.map(([key, value]) => `${key}=${formatPartitionValue(value)}`).join(",");
}

// A value is written bare when reading it back bare gives the same string: no blank at
// either end (bare values are trimmed, as the SDKs trim them), no separator or quote, no
// backslash, no control character.
const BARE_VALUE = /^(?!\s)[^,/='"\\\x00-\x1f\x7f]+(?<!\s)$/;

// The escapes of a MaxCompute SQL string literal, as pyodps writes them
// (odps/utils.py, escape_odps_string).
const ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  "'": "\\'",
  '"': '\\"',
  "\r": "\\r",
  "\n": "\\n",
  "\t": "\\t",
  "\b": "\\b",
  "\0": "\\0",
};
const UNESCAPES: Record<string, string> = Object.fromEntries(Object.entries(ESCAPES).map(([ch, escaped]) => [escaped[1], ch]));

/** A value as it appears in spec text: bare when that reads back the same, else quoted. */
export function formatPartitionValue(value: string): string {
  return BARE_VALUE.test(value) ? value : quotePartitionValue(value);
}

/** `'value'` with the SQL string escapes: for spec text and for messages. */
export function quotePartitionValue(value: string): string {
  return `'${value.replace(/[\\'"\r\n\t\b\0]/g, (ch) => ESCAPES[ch])}'`;
}

/**
 * Parses partition text as users and the SDKs write it: `a=1,b=2`, `a=1/b=2`, quoted
 * values `a='1',b="2"`, blanks around parts. Keys are lower-cased (MaxCompute names are
 * case-insensitive); values keep their case. A bare value is trimmed and may not contain a
 * quote; a quoted value is taken exactly, with the SQL escapes (`\'`, `\\`, `\r`, `\n`,
 * `\t`, `\b`, `\0`, `\"`) decoded, so it may hold blanks at its ends, `,` or `/`.
 * Wildcards (`*`, `?`) are not interpreted here.
 */
export function parsePartitionPairs(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  const fail = (what: string): never => {
    throw new MaxComputeError(
      "BAD_REQUEST",
      `The partition "${text}" ${what} Write it as key=value pairs separated by , or / (for example sale_date=20261123,sale_time=10); quote a value that holds blanks at its ends, , or / ('...').`,
    );
  };
  let i = 0;
  const atSeparator = () => i >= text.length || text[i] === "," || text[i] === "/";
  while (i < text.length) {
    const partStart = i;
    while (i < text.length && text[i] !== "=" && text[i] !== "," && text[i] !== "/") i++;
    const key = text.slice(partStart, i).trim().toLowerCase();
    if (i >= text.length || text[i] !== "=") {
      if (key === "") {
        i++; // an empty part (`a=1,,b=2` or a trailing separator): nothing to read
        continue;
      }
      fail(`has "${text.slice(partStart, i).trim()}" where a key=value pair belongs.`);
    }
    if (key === "") fail("has a value without a key.");
    i++; // "="
    while (i < text.length && /\s/.test(text[i])) i++;
    let value: string;
    const quote = text[i];
    if (quote === "'" || quote === '"') {
      value = "";
      i++;
      for (;;) {
        if (i >= text.length) fail(`has a value of ${key} whose ${quote} is never closed.`);
        const ch = text[i];
        if (ch === "\\" && i + 1 < text.length) {
          // An unknown escape keeps its backslash: `'a\d'` is the three characters a\d.
          value += UNESCAPES[text[i + 1]] ?? ch + text[i + 1];
          i += 2;
        } else if (ch === quote) {
          i++;
          break;
        } else {
          value += ch;
          i++;
        }
      }
      while (i < text.length && /\s/.test(text[i])) i++;
      if (!atSeparator()) fail(`has text after the quoted value of ${key}.`);
    } else {
      const start = i;
      while (!atSeparator()) i++;
      const raw = text.slice(start, i);
      if (/['"]/.test(raw)) fail(`has a quote inside the value of ${key}; quote the whole value instead.`);
      value = raw.trim();
    }
    if (value === "") fail(`gives ${key} an empty value; MaxCompute partition values are never empty.`);
    if (pairs.some(([k]) => k === key)) fail(`names ${key} twice.`);
    pairs.push([key, value]);
    i++; // the separator (or past the end)
  }
  return pairs;
}

/**
 * Parses one concrete partition and orders it as the table's partition columns; every
 * level must be given.
 */
export function parsePartitionSpec(text: string, partitionColumns: string[]): PartitionSpec {
  return partitionSpecFromValues(orderPairs(text, parsePartitionPairs(text), partitionColumns));
}

/**
 * The value of the Tunnel `partition` query parameter: `k1=v1,k2=v2`, unquoted. Every SDK
 * sends it so (Java TableTunnel strips the quotes of PartitionSpec.toString(), pyodps
 * tabletunnel.py and Go session_config.go remove every quote), and the Go SDK notes that the
 * Tunnel service takes `region=hangzhou`, not `region='hangzhou'`. The parameter has no way
 * to quote: a value holding `,` (the separator), `/` (a separator to the SDKs) or a quote
 * (which the SDKs strip) cannot be addressed, so it is refused here instead of reading
 * another partition. Blanks are sent as they are.
 */
export function tunnelPartitionParameter(spec: PartitionSpec): string {
  for (const [key, value] of spec.values) {
    const bad = /[,/'"]/.exec(value);
    if (bad) {
      throw new MaxComputeError(
        "BAD_REQUEST",
        `Partition value ${quotePartitionValue(value)} of ${key} contains '${bad[0]}', which the MaxCompute Tunnel partition parameter cannot carry (it is written key=value,key=value without quotes), so this partition cannot be read through Tunnel.`,
      );
    }
  }
  return spec.values.map(([key, value]) => `${key}=${value}`).join(",");
}

/**
 * Reads a Tunnel `partition` parameter (`k1=v1,k2=v2`) the way the Tunnel service takes it:
 * split at `,`, each part at its first `=`; keys trimmed and lower-cased, values exactly as
 * sent (nothing trimmed or unquoted). Ordered as the table's partition columns.
 */
export function parseTunnelPartitionParameter(text: string, partitionColumns: string[]): PartitionSpec {
  const pairs = text.split(",").map((part): [string, string] => {
    const eq = part.indexOf("=");
    if (eq <= 0 || part.slice(0, eq).trim() === "") {
      throw new MaxComputeError("BAD_REQUEST", `The Tunnel partition parameter "${text}" is not of the form key=value,key=value.`);
    }
    return [part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1)];
  });
  return partitionSpecFromValues(orderPairs(text, pairs, partitionColumns));
}

function orderPairs(text: string, pairs: [string, string][], partitionColumns: string[]): [string, string][] {
  const byKey = new Map(pairs);
  const columns = partitionColumns.map((c) => c.toLowerCase());
  for (const [key] of pairs) {
    if (!columns.includes(key)) throw unknownPartitionKey(text, key, partitionColumns);
  }
  const missing = columns.filter((c) => !byKey.has(c));
  if (missing.length > 0 || pairs.length !== columns.length) {
    throw new MaxComputeError(
      "BAD_REQUEST",
      `The partition "${text}" must give a value for every partition column (${partitionColumns.join(", ")}); missing: ${missing.join(", ") || "none (a key is repeated)"}.`,
    );
  }
  return columns.map((c) => [c, byKey.get(c)!]);
}

export function unknownPartitionKey(text: string, key: string, partitionColumns: string[]): MaxComputeError {
  return new MaxComputeError(
    "BAD_REQUEST",
    partitionColumns.length === 0
      ? `The partition "${text}" names the column "${key}", but the table is not partitioned; leave the partition empty.`
      : `The partition "${text}" names the column "${key}", which is not a partition column; the table is partitioned by ${partitionColumns.join(", ")}.`,
  );
}

/**
 * Longest partition value accepted, in UTF-8 bytes. MaxCompute's pages disagree (1-255
 * bytes on "Insert or overwrite data into dynamic partitions", 128 bytes in its answer to
 * "Invalid partition value"); the smaller is taken.
 */
export const PARTITION_VALUE_MAX_BYTES = 128;

/**
 * The characters accepted in partition values besides letters and digits: the ones
 * MaxCompute documents, plus '-'. The documented list leaves '-' out, but date partitions
 * such as `dt=2016-11-27` are everyday MaxCompute practice (an Alibaba Cloud MVP's answer,
 * developer.aliyun.com/ask/96412), and refusing them would refuse real projects' data.
 */
export const PARTITION_VALUE_SPECIAL_CHARACTERS = " :_$#.!@-";

const ALLOWED_CHARACTER = /^[A-Za-z0-9 :_$#.!@-]$/;
const RULE = `use letters, digits, spaces and ${PARTITION_VALUE_SPECIAL_CHARACTERS.trim().split("").join(" ")}, at most ${PARTITION_VALUE_MAX_BYTES} bytes`;

/**
 * Why MaxCompute would not accept a partition value, or undefined when it would. The local
 * service refuses such values when a partition is added or loaded. Rules (sources in the
 * README): not empty; ASCII letters, digits, spaces and `: _ $ # . ! @ -` only (MaxCompute
 * refuses double-byte characters and leaves every other character, such as `\t`, `\n` and
 * `/`, undefined: undefined is refused here); at most PARTITION_VALUE_MAX_BYTES bytes.
 * Blanks at the ends are kept, not refused (MaxCompute keeps them: CHAR partition values).
 */
export function partitionValueProblem(column: string, value: string): string | undefined {
  const shown = `Partition value ${quotePartitionValue(value)} of ${column}`;
  if (value === "") return `Partition value of ${column} is empty; MaxCompute partition values have at least one character.`;
  for (const ch of value) {
    if (ALLOWED_CHARACTER.test(ch)) continue;
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f) {
      return `${shown} contains ${CONTROL_NAMES[ch] ?? `the control character U+${code.toString(16).toUpperCase().padStart(4, "0")}`}, which MaxCompute does not accept in partition values (control characters such as \\t and \\n are undefined there): ${RULE}.`;
    }
    if (code > 0x7f) {
      return `${shown} contains '${ch}', a non-ASCII character, which MaxCompute does not accept in partition values (no double-byte characters such as Chinese): ${RULE}.`;
    }
    return `${shown} contains ${ch === "'" ? `"'"` : `'${ch}'`}, which MaxCompute does not accept in partition values: ${RULE}.`;
  }
  const bytes = Buffer.byteLength(value, "utf8");
  if (bytes > PARTITION_VALUE_MAX_BYTES) {
    return `${shown} is ${bytes} bytes long, which MaxCompute does not accept in partition values: ${RULE}.`;
  }
  return undefined;
}

const CONTROL_NAMES: Record<string, string> = {
  "\r": "a carriage return (\\r)",
  "\n": "a line feed (\\n)",
  "\t": "a tab (\\t)",
  "\0": "a NUL character (\\0)",
};
