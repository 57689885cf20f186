/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of the Tunnel record
 * stream. Slicing-by-8 tables because the decoder checksums every byte it reads and the
 * benchmark target (~250k rows/s) leaves no room for a byte-at-a-time loop.
 *
 * The running value follows the usual convention (init and final XOR 0xFFFFFFFF), so
 * `crc32cUpdate(crc32cUpdate(0, a), b) === crc32c(a ++ b)`.
 */
const TABLES = buildTables();

function buildTables(): Uint32Array[] {
  const tables: Uint32Array[] = [];
  const base = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    base[n] = c >>> 0;
  }
  tables.push(base);
  for (let t = 1; t < 8; t++) {
    const prev = tables[t - 1];
    const table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) table[n] = (prev[n] >>> 8) ^ base[prev[n] & 0xff];
    tables.push(table);
  }
  return tables;
}

const [T0, T1, T2, T3, T4, T5, T6, T7] = TABLES;

/** Continues a CRC-32C over `bytes[start, end)`. `crc` is a finished value (0 to start). */
export function crc32cUpdate(crc: number, bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = ~crc >>> 0;
  let i = start;
  const stop8 = end - 8;
  while (i <= stop8) {
    const lo = (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24)) ^ c;
    c =
      T7[lo & 0xff] ^
      T6[(lo >>> 8) & 0xff] ^
      T5[(lo >>> 16) & 0xff] ^
      T4[lo >>> 24] ^
      T3[bytes[i + 4]] ^
      T2[bytes[i + 5]] ^
      T1[bytes[i + 6]] ^
      T0[bytes[i + 7]];
    i += 8;
  }
  while (i < end) c = T0[(c ^ bytes[i++]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** Continues a CRC-32C over the 4 little-endian bytes of a 32-bit integer. */
export function crc32cUpdateInt32(crc: number, value: number): number {
  // Slicing-by-4: the four bytes in one step instead of four dependent ones.
  const c = (~crc >>> 0) ^ value;
  return ~(T3[c & 0xff] ^ T2[(c >>> 8) & 0xff] ^ T1[(c >>> 16) & 0xff] ^ T0[c >>> 24]) >>> 0;
}

/** Continues a CRC-32C over the 8 little-endian bytes of a 64-bit integer given as two 32-bit halves. */
export function crc32cUpdateInt64(crc: number, lo: number, hi: number): number {
  const c = (~crc >>> 0) ^ lo;
  const h = hi | 0;
  const next =
    T7[c & 0xff] ^
    T6[(c >>> 8) & 0xff] ^
    T5[(c >>> 16) & 0xff] ^
    T4[c >>> 24] ^
    T3[h & 0xff] ^
    T2[(h >>> 8) & 0xff] ^
    T1[(h >>> 16) & 0xff] ^
    T0[h >>> 24];
  return ~next >>> 0;
}

/** Continues a CRC-32C over one byte. */
export function crc32cUpdateByte(crc: number, value: number): number {
  const c = ~crc >>> 0;
  return ~(T0[(c ^ value) & 0xff] ^ (c >>> 8)) >>> 0;
}

/** CRC-32C of a whole buffer. */
export function crc32c(bytes: Uint8Array): number {
  return crc32cUpdate(0, bytes);
}
