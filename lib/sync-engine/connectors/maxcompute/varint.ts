/**
 * Protobuf-style base-128 varints and zigzag coding as the Tunnel record stream uses them.
 *
 * 64-bit values travel as two 32-bit halves (`lo`, `hi`) so the hot paths never allocate a
 * bigint; `int64FromHalves` / `bigintFromHalves` turn them into JS values at the edge.
 */

/** Zigzag-encodes a signed 32-bit value (for tests and small numbers). */
export function zigzagEncode32(n: number): number {
  return ((n << 1) ^ (n >> 31)) >>> 0;
}

/** Zigzag-decodes an unsigned 32-bit value. */
export function zigzagDecode32(n: number): number {
  return (n >>> 1) ^ -(n & 1);
}

/** Zigzag-encodes a signed 64-bit bigint into an unsigned 64-bit bigint. */
export function zigzagEncode64(n: bigint): bigint {
  return BigInt.asUintN(64, (n << 1n) ^ (n >> 63n));
}

/** Zigzag-decodes an unsigned 64-bit bigint into a signed 64-bit bigint. */
export function zigzagDecode64(n: bigint): bigint {
  return BigInt.asIntN(64, (n >> 1n) ^ -(n & 1n));
}

/** Signed 64-bit value from two's-complement halves as a JS number (exact below 2^53). */
export function int64FromHalves(lo: number, hi: number): number {
  return (hi | 0) * 4294967296 + (lo >>> 0);
}

// Small values (ages, counts, flags) are most BIGINT cells; handing out the same bigint
// primitive for them saves an allocation per cell.
const SMALL_BIGINTS: bigint[] = Array.from({ length: 1024 }, (_, i) => BigInt(i));

/** Signed 64-bit value from two's-complement halves as an exact bigint. */
export function bigintFromHalves(lo: number, hi: number): bigint {
  const h = hi | 0;
  if (h === 0 && lo >>> 0 < 1024) return SMALL_BIGINTS[lo >>> 0];
  // Values within ±2^53 go through a number, which is several times faster than shifting bigints.
  if (h >= -0x200000 && h < 0x200000) return BigInt(h * 4294967296 + (lo >>> 0));
  return (BigInt(h) << 32n) | BigInt(lo >>> 0);
}

/** Writes an unsigned varint of a value below 2^53 at `pos`; returns the new position. */
export function writeVarint(buf: Uint8Array, pos: number, value: number): number {
  while (value >= 0x80) {
    buf[pos++] = (value & 0x7f) | 0x80;
    value = Math.floor(value / 128);
  }
  buf[pos++] = value;
  return pos;
}

/** Writes an unsigned varint of a 64-bit value given as halves; returns the new position. */
export function writeVarint64(buf: Uint8Array, pos: number, lo: number, hi: number): number {
  lo >>>= 0;
  hi >>>= 0;
  while (hi !== 0 || lo >= 0x80) {
    buf[pos++] = (lo & 0x7f) | 0x80;
    lo = ((lo >>> 7) | (hi << 25)) >>> 0;
    hi >>>= 7;
  }
  buf[pos++] = lo;
  return pos;
}

/** Encodes an unsigned 64-bit bigint as a varint (tests and tools; not a hot path). */
export function encodeVarint(value: bigint): Uint8Array {
  const out: number[] = [];
  let v = BigInt.asUintN(64, value);
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Uint8Array.from(out);
}

/** Decodes one varint at `pos` as an unsigned bigint (tests and tools; not a hot path). */
export function decodeVarint(buf: Uint8Array, pos = 0): { value: bigint; next: number } {
  let result = 0n;
  let shift = 0n;
  for (let i = pos; i < buf.length && shift < 70n; i++) {
    const b = buf[i];
    result |= BigInt(b & 0x7f) << shift;
    if (b < 0x80) return { value: BigInt.asUintN(64, result), next: i + 1 };
    shift += 7n;
  }
  throw new RangeError("truncated or overlong varint");
}
