/**
 * Numbers as the verification's canonical text (see `canonical-text.ts`): what PostgreSQL
 * stores for a value's input text, written the way the writer writes numbers.
 */

const TWO_53 = 2 ** 53;
const SPACE = "[ \\t\\n\\r\\v\\f]*";
const FLOAT_INPUT = new RegExp(`^${SPACE}([+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)${SPACE}$`);
const FLOAT_SPECIAL = new RegExp(`^${SPACE}([+-]?)(nan|inf|infinity)${SPACE}$`, "i");
const NUMERIC_INPUT = new RegExp(`^${SPACE}([+-]?)(?:(\\d+)(?:\\.(\\d*))?|\\.(\\d+))(?:[eE]([+-]?\\d+))?${SPACE}$`);

/**
 * A float8 as PostgreSQL 12+ prints it (`extra_float_digits` >= 1: the shortest digits that
 * read back to the same double), written in JavaScript's notation (`String(x)`: `1e-7`,
 * `100000000000000000000`, `1e+21`), which is what the writer sends.
 *
 * Below 2^53 both pick the same digits, so this is `String(x)`. Above, they can differ:
 * PostgreSQL's Ryu does not accept a decimal lying exactly on the boundary between two
 * doubles (it does not rely on the reader rounding ties to even), JavaScript does. For
 * 63447737715736176 JavaScript writes 63447737715736180 (on the boundary), PostgreSQL
 * 6.3447737715736176e+16. Such doubles are integers, so the exact search below is BigInt.
 */
export function postgresFloatText(x: number): string {
  if (!Number.isFinite(x) || Math.abs(x) < TWO_53) return Object.is(x, -0) ? "-0" : String(x);
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const exponent = BigInt(biased - 1075);
  const value = (fraction | (1n << 52n)) << exponent;
  const ulp = 1n << exponent;
  // The gap below a power of two is half the gap above it.
  const lowerGap = fraction === 0n ? ulp >> 1n : ulp;
  // Twice the interval's bounds, so that half-gaps stay integers; both bounds are excluded.
  const low = 2n * value - lowerGap;
  const high = 2n * value + ulp;
  for (let j = value.toString().length; j >= 0; j--) {
    const step = 10n ** BigInt(j);
    const first = low / (2n * step) + 1n;
    if (2n * first * step >= high) continue;
    const last = (high - 1n) / (2n * step);
    // The multiple of 10^j nearest the value (ties to even), kept inside the interval.
    let k = value / step;
    const rest = value - k * step;
    if (2n * rest > step || (2n * rest === step && k % 2n === 1n)) k += 1n;
    if (k < first) k = first;
    if (k > last) k = last;
    return (x < 0 ? "-" : "") + javascriptNotation(k, j);
  }
  return String(x);
}

/** `k * 10^j` (an integer) as JavaScript's Number#toString writes it. */
function javascriptNotation(k: bigint, j: number): string {
  let digits = k.toString();
  let zeros = j;
  const trimmed = digits.replace(/0+$/, "");
  zeros += digits.length - trimmed.length;
  digits = trimmed;
  const position = digits.length + zeros;
  if (position <= 21) return digits + "0".repeat(zeros);
  return `${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ""}e+${position - 1}`;
}

/**
 * Reads float input text as PostgreSQL's float8in does (surrounding white space, a sign,
 * digits, an exponent, NaN, Infinity, inf), or undefined for anything else.
 */
export function parseFloatInput(raw: string): number | undefined {
  const plain = FLOAT_INPUT.exec(raw);
  if (plain) return Number(plain[1]);
  const special = FLOAT_SPECIAL.exec(raw);
  if (!special) return undefined;
  if (special[2]!.toLowerCase() === "nan") return special[1] === "" ? Number.NaN : undefined;
  return special[1] === "-" ? -Infinity : Infinity;
}

/**
 * The float4 a double becomes (PostgreSQL reads the text with strtof: one correct rounding).
 * Rounding the double again is the same except when the double lies exactly halfway between
 * two floats: then the text could have been on either side, and the answer is undefined.
 */
export function toFloat4(x: number): number | undefined {
  const rounded = Math.fround(x);
  if (rounded === x || !Number.isFinite(x)) return rounded;
  const other = nextFloat4Toward(rounded, x);
  return (rounded + other) / 2 === x ? undefined : rounded;
}

function nextFloat4Toward(f: number, target: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, f);
  const bits = view.getInt32(0);
  const up = target > f;
  // For positive floats larger bits are larger values; for negative floats the reverse.
  view.setInt32(0, f > 0 || (f === 0 && up) ? bits + (up ? 1 : -1) : bits + (up ? -1 : 1));
  return view.getFloat32(0);
}

/**
 * A numeric value as PostgreSQL stores it for this input text, with trailing fractional zeros
 * removed (`trim_scale`): `1.50` -> `1.5`, `15e-1` -> `1.5`, `-0.00` -> `0`. With a scale
 * (`numeric(p,s)`) the value is rounded half away from zero to s digits first, as the server
 * does. Undefined for text the server reads differently than this function would.
 */
export function postgresNumericText(raw: string, scale: number | null): string | undefined {
  const special = FLOAT_SPECIAL.exec(raw);
  if (special) {
    if (special[2]!.toLowerCase() === "nan") return special[1] === "" || special[1] === "+" ? "NaN" : undefined;
    return special[1] === "-" ? "-Infinity" : "Infinity";
  }
  const match = NUMERIC_INPUT.exec(raw);
  if (!match) return undefined;
  const fractionDigits = match[3] ?? match[4] ?? "";
  const exponentText = match[5] ?? "0";
  if (exponentText.replace(/^[+-]/, "").length > 4) return undefined;
  let coefficient = BigInt((match[2] ?? "") + fractionDigits || "0");
  let exponent = Number(exponentText) - fractionDigits.length;
  if (scale !== null && -exponent > scale) {
    const step = 10n ** BigInt(-exponent - scale);
    const rest = coefficient % step;
    coefficient /= step;
    if (2n * rest >= step) coefficient += 1n;
    exponent = -scale;
  }
  if (coefficient === 0n) return "0";
  return (match[1] === "-" ? "-" : "") + trimmedDecimal(coefficient, exponent);
}

/** `coefficient * 10^exponent` in plain decimal notation without trailing fractional zeros. */
function trimmedDecimal(coefficient: bigint, exponent: number): string {
  const digits = coefficient.toString();
  if (exponent >= 0) return digits + "0".repeat(exponent);
  const padded = digits.padStart(-exponent + 1, "0");
  const whole = padded.slice(0, padded.length + exponent);
  const fraction = padded.slice(padded.length + exponent).replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole;
}

/**
 * A JSON number as jsonb keeps it (a numeric, displayed with the input's scale):
 * `1.50` -> `1.50`, `1e2` -> `100`, `1.25e-1` -> `0.125`, `-0` -> `0`.
 */
export function jsonbNumberText(lexeme: string): string | undefined {
  const match = NUMERIC_INPUT.exec(lexeme);
  if (!match) return undefined;
  const fractionDigits = match[3] ?? match[4] ?? "";
  const exponentText = match[5] ?? "0";
  if (exponentText.replace(/^[+-]/, "").length > 4) return undefined;
  const coefficient = BigInt((match[2] ?? "") + fractionDigits || "0");
  const exponent = Number(exponentText) - fractionDigits.length;
  const digits = coefficient.toString();
  let text: string;
  if (exponent >= 0) text = coefficient === 0n ? "0" : digits + "0".repeat(exponent);
  else {
    const padded = digits.padStart(-exponent + 1, "0");
    text = `${padded.slice(0, padded.length + exponent)}.${padded.slice(padded.length + exponent)}`;
  }
  return match[1] === "-" && coefficient !== 0n ? `-${text}` : text;
}
