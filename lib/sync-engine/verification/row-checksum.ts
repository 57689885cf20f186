import crypto from "node:crypto";

/**
 * The order-independent checksum of a set of rows: the sum, modulo 2^64, of the first 8 bytes
 * (big-endian) of each row's MD5. A sum does not care in which order, channel or batch rows
 * arrive, and two sums subtract: the rows an append added are `after - before`.
 *
 * MD5 because it is the one digest PostgreSQL and Hologres compute in plain SQL
 * (`('x' || left(md5(row), 16))::bit(64)::bigint`); this is a check against accidents
 * (lost, doubled or altered rows), not against someone forging rows.
 */

const TWO_32 = 2 ** 32;
const MOD_64 = 1n << 64n;

export class RowChecksum {
  // Two 32-bit halves summed in doubles: exact while below 2^53, so they are carried every
  // 2^20 additions instead of using a BigInt per row (several times slower).
  private high = 0;
  private low = 0;
  private pending = 0;

  /** Adds (or with `sign` -1 removes) the row whose text is `bytes` (UTF-8). */
  addBytes(bytes: Uint8Array, sign: 1 | -1 = 1): void {
    this.addDigest(crypto.hash("md5", bytes, "buffer"), sign);
  }

  addText(text: string, sign: 1 | -1 = 1): void {
    this.addDigest(crypto.hash("md5", text, "buffer"), sign);
  }

  private addDigest(digest: Buffer, sign: 1 | -1): void {
    this.high += sign * digest.readUInt32BE(0);
    this.low += sign * digest.readUInt32BE(4);
    if (++this.pending >= 1 << 20) this.carry();
  }

  merge(other: RowChecksum): void {
    this.carry();
    other.carry();
    this.high += other.high;
    this.low += other.low;
    this.carry();
  }

  private carry(): void {
    const carried = Math.floor(this.low / TWO_32);
    this.low -= carried * TWO_32;
    this.high = (((this.high + carried) % TWO_32) + TWO_32) % TWO_32;
    this.pending = 0;
  }

  /** The sum as an unsigned 64-bit integer. */
  value(): bigint {
    this.carry();
    return ((BigInt(this.high) << 32n) + BigInt(this.low)) % MOD_64;
  }
}

/** A signed or unsigned sum of the SQL side (numeric text) reduced to the unsigned 64-bit form. */
export function checksumFromSqlSum(sum: string): bigint {
  return ((BigInt(sum) % MOD_64) + MOD_64) % MOD_64;
}

/** `a - b` modulo 2^64: the checksum of the rows added between two measures. */
export function checksumDifference(after: bigint, before: bigint): bigint {
  return (((after - before) % MOD_64) + MOD_64) % MOD_64;
}

/** 16 hex digits, as the run page and the log show a checksum. */
export function formatChecksum(value: bigint): string {
  return value.toString(16).padStart(16, "0");
}
