import { parseColumnType, type ColumnType } from "../sync-engine/connectors/maxcompute/column-type";
import * as crc32cFunctions from "../sync-engine/connectors/maxcompute/crc32c";
import { parseEpochDay } from "../sync-engine/connectors/maxcompute/maxcompute-value";
import * as recordStream from "../sync-engine/connectors/maxcompute/tunnel-record-decoder";

// Module-local copies of the hot imports: where modules are transpiled to CommonJS (tsx,
// vitest), every use of an imported binding is a getter call.
const { crc32cUpdate, crc32cUpdateByte, crc32cUpdateInt32, crc32cUpdateInt64 } = crc32cFunctions;
const { END_RECORD_FIELD, META_CHECKSUM_FIELD, META_COUNT_FIELD } = recordStream;

/**
 * Values the encoder accepts per type (lenient, so rows can come straight from DuckDB,
 * JSON or CSV): integers as number, bigint or decimal text; DATE as epoch days or
 * "YYYY-MM-DD"; DATETIME as epoch ms (number/bigint) or Date; TIMESTAMP as epoch
 * nanoseconds (bigint) or { seconds, nanos }; BINARY as Uint8Array; arrays, maps (as
 * [key, value][] or a plain object) and structs (plain objects) nested.
 */
export type EncoderValue = unknown;

const enum Op {
  Int,
  Float,
  Double,
  Text,
  Binary,
  Boolean,
  Date,
  DateTime,
  Timestamp,
  Array,
  Map,
  Struct,
}

// Wire types in the field tag, as the SDK writers emit them: varint for integers, dates and
// booleans, fixed64 for DOUBLE, fixed32 for FLOAT, length-delimited for everything else
// (TIMESTAMP included, although it carries two varints and no length).
const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;
const WIRE_FIXED32 = 5;

type Plan = { op: Op; wire: number; element?: Plan; key?: Plan; value?: Plan; fields?: { name: string; plan: Plan }[] };

const FLUSH_AT = 64 * 1024;
const INITIAL_SIZE = 128 * 1024;

/**
 * Writes the Tunnel protobuf record stream. Rows go in with `writeRow`; `takeBytes` hands
 * out what is ready (so a server can stream), `finish` appends the trailer.
 */
export class TunnelRecordEncoder {
  private readonly plans: Plan[];
  private readonly tags: number[];
  private buf = Buffer.allocUnsafe(INITIAL_SIZE);
  private pos = 0;
  private crc = 0;
  private crcOfCrc = 0;
  private count = 0;
  private readonly f64 = new Float64Array(1);
  private readonly f32 = new Float32Array(1);

  constructor(columns: { name: string; type: string }[]) {
    this.plans = columns.map((c) => planFor(parseColumnType(c.type), c.name));
    this.tags = this.plans.map((p, i) => ((i + 1) << 3) | p.wire);
  }

  get recordCount(): number {
    return this.count;
  }

  /** CRC-32C of the last record written. */
  get lastRecordCrc(): number {
    return this.crc;
  }

  /**
   * The bytes buffered so far, as a view that is only valid until the next write; with
   * `discardBuffered` this encodes single records (the local service stores each row's
   * encoded record next to its values).
   */
  bufferedView(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  discardBuffered(): void {
    this.pos = 0;
  }

  /**
   * Counts records encoded earlier (same columns, same order) that the caller sends itself,
   * right after what `takeBytes` handed out: the trailer then covers their CRCs.
   */
  countEncodedRecords(crcs: Uint32Array): void {
    if (this.pos !== 0) throw new Error("countEncodedRecords: take the buffered bytes first, so the records stay in order");
    let crcOfCrc = this.crcOfCrc;
    for (let i = 0; i < crcs.length; i++) crcOfCrc = crc32cUpdateInt32(crcOfCrc, crcs[i]);
    this.crcOfCrc = crcOfCrc;
    this.count += crcs.length;
  }

  /** Bytes buffered and not yet taken. */
  get bufferedBytes(): number {
    return this.pos;
  }

  writeRow(values: readonly EncoderValue[]): void {
    this.beginRow();
    const plans = this.plans;
    for (let i = 0; i < plans.length; i++) {
      const v = values[i];
      if (v === null || v === undefined) continue;
      this.writeField(i, v);
    }
    this.endRow();
  }

  // Low-level row writing, for callers that read columnar data (the DuckDB scan) and want
  // to skip building JS values: beginRow, then write*Field for each non-NULL column in
  // column order, then endRow.

  beginRow(): void {
    this.crc = 0;
  }

  endRow(): void {
    this.ensure(16);
    this.pos = writeVarint32(this.buf, this.pos, END_RECORD_FIELD * 8);
    this.pos = writeVarint32(this.buf, this.pos, this.crc);
    this.crcOfCrc = crc32cUpdateInt32(this.crcOfCrc, this.crc);
    this.count++;
  }

  /** Writes column `index` (0-based) from any accepted value. */
  writeField(index: number, value: EncoderValue): void {
    this.writeTag(index);
    this.writeValue(this.plans[index], value);
  }

  /** Writes an integer-like column (integers, DATE days, DATETIME ms) from int64 halves. */
  writeInt64Field(index: number, lo: number, hi: number): void {
    this.writeTag(index);
    this.writeInt64(lo >>> 0, hi | 0);
  }

  /** Writes an integer-like column from a safe integer. */
  writeIntField(index: number, value: number): void {
    this.writeTag(index);
    this.writeNumberAsInt64(value);
  }

  /** Writes DOUBLE (8 bytes) or FLOAT (4 bytes) from their little-endian IEEE bytes. */
  writeFixedField(index: number, src: Uint8Array, offset: number, length: number): void {
    this.writeTag(index);
    this.ensure(length);
    const buf = this.buf;
    const start = this.pos;
    for (let i = 0; i < length; i++) buf[start + i] = src[offset + i];
    this.crc = crc32cUpdate(this.crc, buf, start, start + length);
    this.pos = start + length;
  }

  /** Writes DOUBLE from its IEEE bits as two little-endian 32-bit words. */
  writeFixed64Field(index: number, lo: number, hi: number): void {
    this.writeTag(index);
    this.ensure(8);
    const buf = this.buf;
    const p = this.pos;
    buf[p] = lo;
    buf[p + 1] = lo >>> 8;
    buf[p + 2] = lo >>> 16;
    buf[p + 3] = lo >>> 24;
    buf[p + 4] = hi;
    buf[p + 5] = hi >>> 8;
    buf[p + 6] = hi >>> 16;
    buf[p + 7] = hi >>> 24;
    this.crc = crc32cUpdateInt64(this.crc, lo >>> 0, hi | 0);
    this.pos = p + 8;
  }

  /** Writes FLOAT from its IEEE bits as one little-endian 32-bit word. */
  writeFixed32Field(index: number, bits: number): void {
    this.writeTag(index);
    this.ensure(4);
    const buf = this.buf;
    const p = this.pos;
    buf[p] = bits;
    buf[p + 1] = bits >>> 8;
    buf[p + 2] = bits >>> 16;
    buf[p + 3] = bits >>> 24;
    this.crc = crc32cUpdateInt32(this.crc, bits);
    this.pos = p + 4;
  }

  /** Writes a length-delimited column (strings, DECIMAL text, BINARY) from raw bytes. */
  writeBytesField(index: number, src: Uint8Array, offset: number, length: number): void {
    this.writeTag(index);
    this.ensure(length + 10);
    const buf = this.buf;
    let p = writeVarint32(buf, this.pos, length);
    const start = p;
    if (length <= 32) {
      for (let i = 0; i < length; i++) buf[p++] = src[offset + i];
    } else {
      buf.set(src.subarray(offset, offset + length), p);
      p += length;
    }
    this.crc = crc32cUpdate(this.crc, buf, start, start + length);
    this.pos = p;
  }

  writeBoolField(index: number, value: boolean): void {
    this.writeTag(index);
    this.ensure(1);
    this.buf[this.pos++] = value ? 1 : 0;
    this.crc = crc32cUpdateByte(this.crc, value ? 1 : 0);
  }

  private writeTag(index: number): void {
    this.ensure(16);
    this.pos = writeVarint32(this.buf, this.pos, this.tags[index]);
    this.crc = crc32cUpdateInt32(this.crc, index + 1);
  }

  /** Returns buffered bytes when at least `min` are ready (all of them with min 0), else null. */
  takeBytes(min = FLUSH_AT): Buffer | null {
    if (this.pos === 0 || this.pos < min) return null;
    const out = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(Math.max(INITIAL_SIZE, this.buf.length));
    this.pos = 0;
    return out;
  }

  /** Appends the end-of-stream trailer and returns the remaining bytes. */
  finish(): Buffer {
    this.ensure(32);
    this.pos = writeVarint32(this.buf, this.pos, META_COUNT_FIELD * 8);
    const zz = this.count * 2; // the count is never negative
    this.pos = writeVarintNumber(this.buf, this.pos, zz);
    this.pos = writeVarint32(this.buf, this.pos, META_CHECKSUM_FIELD * 8);
    this.pos = writeVarint32(this.buf, this.pos, this.crcOfCrc);
    return this.takeBytes(0) ?? Buffer.alloc(0);
  }

  private ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + extra));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  private writeInt64(lo: number, hi: number): void {
    this.crc = crc32cUpdateInt64(this.crc, lo, hi);
    const sign = hi >> 31;
    const zlo = ((lo << 1) ^ sign) >>> 0;
    const zhi = (((hi << 1) | (lo >>> 31)) ^ sign) >>> 0;
    this.ensure(10);
    this.pos = writeVarint64(this.buf, this.pos, zlo, zhi);
  }

  private writeNumberAsInt64(v: number): void {
    this.writeInt64(v >>> 0, Math.floor(v / 4294967296) | 0);
  }

  private writeBigIntAsInt64(v: bigint): void {
    if (v >= -9007199254740991n && v <= 9007199254740991n) return this.writeNumberAsInt64(Number(v));
    const u = BigInt.asUintN(64, v);
    this.writeInt64(Number(u & 0xffffffffn), Number(u >> 32n) | 0);
  }

  private writeIntLike(v: unknown): void {
    if (typeof v === "number") return this.writeNumberAsInt64(Math.trunc(v));
    if (typeof v === "bigint") return this.writeBigIntAsInt64(v);
    if (typeof v === "boolean") return this.writeNumberAsInt64(v ? 1 : 0);
    return this.writeBigIntAsInt64(BigInt(String(v).trim()));
  }

  private writeBytes(bytes: Uint8Array): void {
    this.ensure(bytes.length + 10);
    this.pos = writeVarint32(this.buf, this.pos, bytes.length);
    this.buf.set(bytes, this.pos);
    this.crc = crc32cUpdate(this.crc, this.buf, this.pos, this.pos + bytes.length);
    this.pos += bytes.length;
  }

  private writeString(s: string): void {
    // Short strings: reserve one length byte, write, then fill it in (42 UTF-16 units are
    // at most 126 UTF-8 bytes), which saves a Buffer.byteLength pass per cell.
    if (s.length <= 42) {
      this.ensure(128);
      const start = this.pos + 1;
      const buf = this.buf;
      let n = 0;
      for (; n < s.length; n++) {
        const c = s.charCodeAt(n);
        if (c > 0x7f) break;
        buf[start + n] = c;
      }
      if (n < s.length) n = buf.write(s, start, "utf8");
      this.buf[this.pos] = n;
      this.crc = crc32cUpdate(this.crc, this.buf, start, start + n);
      this.pos = start + n;
      return;
    }
    const n = Buffer.byteLength(s, "utf8");
    this.ensure(n + 10);
    this.pos = writeVarint32(this.buf, this.pos, n);
    this.buf.write(s, this.pos, "utf8");
    this.crc = crc32cUpdate(this.crc, this.buf, this.pos, this.pos + n);
    this.pos += n;
  }

  private writeValue(plan: Plan, v: unknown): void {
    switch (plan.op) {
      case Op.Int:
        return this.writeIntLike(v);
      case Op.Double: {
        this.ensure(8);
        this.buf.writeDoubleLE(Number(v), this.pos);
        this.crc = crc32cUpdate(this.crc, this.buf, this.pos, this.pos + 8);
        this.pos += 8;
        return;
      }
      case Op.Float: {
        this.ensure(4);
        this.buf.writeFloatLE(Number(v), this.pos);
        this.crc = crc32cUpdate(this.crc, this.buf, this.pos, this.pos + 4);
        this.pos += 4;
        return;
      }
      case Op.Text:
        return this.writeString(typeof v === "string" ? v : String(v));
      case Op.Binary:
        return this.writeBytes(v instanceof Uint8Array ? v : Buffer.from(String(v), "utf8"));
      case Op.Boolean: {
        const b = v === true || v === 1 || v === "true" || v === 1n;
        this.ensure(1);
        this.buf[this.pos++] = b ? 1 : 0;
        this.crc = crc32cUpdateByte(this.crc, b ? 1 : 0);
        return;
      }
      case Op.Date: {
        if (typeof v === "string") {
          const days = parseEpochDay(v);
          if (Number.isNaN(days)) throw new Error(`"${v}" is not a DATE (YYYY-MM-DD)`);
          return this.writeNumberAsInt64(days);
        }
        return this.writeIntLike(v);
      }
      case Op.DateTime:
        return this.writeIntLike(v instanceof Date ? v.getTime() : v);
      case Op.Timestamp: {
        let seconds: bigint;
        let nanos: number;
        if (typeof v === "object" && v !== null && "seconds" in v) {
          const t = v as { seconds: bigint | number; nanos: number };
          seconds = BigInt(t.seconds);
          nanos = t.nanos;
        } else {
          const total = BigInt(v as bigint);
          seconds = total / 1_000_000_000n;
          let rem = total % 1_000_000_000n;
          if (rem < 0n) {
            rem += 1_000_000_000n;
            seconds -= 1n;
          }
          nanos = Number(rem);
        }
        this.writeBigIntAsInt64(seconds);
        this.crc = crc32cUpdateInt32(this.crc, nanos);
        this.ensure(5);
        this.pos = writeVarint32(this.buf, this.pos, ((nanos << 1) ^ (nanos >> 31)) >>> 0);
        return;
      }
      case Op.Array:
        return this.writeArray(plan.element!, v as unknown[]);
      case Op.Map: {
        const entries: [unknown, unknown][] = Array.isArray(v)
          ? (v as [unknown, unknown][])
          : v instanceof Map
            ? [...v.entries()]
            : Object.entries(v as object);
        this.writeArray(plan.key!, entries.map((e) => e[0]));
        this.writeArray(plan.value!, entries.map((e) => e[1]));
        return;
      }
      case Op.Struct: {
        const obj = v as Record<string, unknown>;
        for (const f of plan.fields!) {
          const fv = obj[f.name];
          this.ensure(1);
          if (fv === null || fv === undefined) {
            this.buf[this.pos++] = 1;
          } else {
            this.buf[this.pos++] = 0;
            this.writeValue(f.plan, fv);
          }
        }
        return;
      }
    }
  }

  private writeArray(element: Plan, items: unknown[]): void {
    this.ensure(10);
    this.pos = writeVarint32(this.buf, this.pos, items.length);
    for (const item of items) {
      this.ensure(1);
      if (item === null || item === undefined) {
        this.buf[this.pos++] = 1;
      } else {
        this.buf[this.pos++] = 0;
        this.writeValue(element, item);
      }
    }
  }
}

function writeVarint32(buf: Buffer, pos: number, value: number): number {
  value >>>= 0;
  while (value >= 0x80) {
    buf[pos++] = (value & 0x7f) | 0x80;
    value >>>= 7;
  }
  buf[pos++] = value;
  return pos;
}

function writeVarintNumber(buf: Buffer, pos: number, value: number): number {
  while (value >= 0x80) {
    buf[pos++] = (value % 128) | 0x80;
    value = Math.floor(value / 128);
  }
  buf[pos++] = value;
  return pos;
}

function writeVarint64(buf: Buffer, pos: number, lo: number, hi: number): number {
  while (hi !== 0 || lo >= 0x80) {
    buf[pos++] = (lo & 0x7f) | 0x80;
    lo = ((lo >>> 7) | (hi << 25)) >>> 0;
    hi >>>= 7;
  }
  buf[pos++] = lo;
  return pos;
}

function planFor(type: ColumnType, columnName: string): Plan {
  switch (type.kind) {
    case "tinyint":
    case "smallint":
    case "int":
    case "bigint":
      return { op: Op.Int, wire: WIRE_VARINT };
    case "float":
      return { op: Op.Float, wire: WIRE_FIXED32 };
    case "double":
      return { op: Op.Double, wire: WIRE_FIXED64 };
    case "decimal":
    case "string":
    case "varchar":
    case "char":
    case "json":
      return { op: Op.Text, wire: WIRE_BYTES };
    case "binary":
      return { op: Op.Binary, wire: WIRE_BYTES };
    case "boolean":
      return { op: Op.Boolean, wire: WIRE_VARINT };
    case "date":
      return { op: Op.Date, wire: WIRE_VARINT };
    case "datetime":
      return { op: Op.DateTime, wire: WIRE_VARINT };
    case "timestamp":
    case "timestamp_ntz":
      return { op: Op.Timestamp, wire: WIRE_BYTES };
    case "array":
      return { op: Op.Array, wire: WIRE_BYTES, element: planFor(type.element, columnName) };
    case "map":
      return { op: Op.Map, wire: WIRE_BYTES, key: planFor(type.key, columnName), value: planFor(type.value, columnName) };
    case "struct":
      return {
        op: Op.Struct,
        wire: WIRE_BYTES,
        fields: type.fields.map((f) => ({ name: f.name, plan: planFor(f.type, columnName) })),
      };
    case "unknown":
      throw new Error(`Column "${columnName}": the local service cannot store the type ${type.text}`);
  }
}
