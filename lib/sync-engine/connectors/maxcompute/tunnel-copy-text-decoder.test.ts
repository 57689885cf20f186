import { describe, expect, it } from "vitest";
import { ALL_TYPES_COLUMNS, allTypesRows, BANK_DATA_COLUMNS, generateBankDataRows } from "../../../maxcompute-local/demo-tables";
import { parseDateTimeText, parseTimestampText } from "../../../maxcompute-local/storage-value";
import { TunnelRecordEncoder } from "../../../maxcompute-local/tunnel-record-encoder";
import { CopyTextEncoder } from "../../copy-text/copy-text-encoder";
import { MaxComputeError } from "./maxcompute-error";
import type { MaxComputeValue } from "./maxcompute-value";
import { TunnelCopyTextDecoder } from "./tunnel-copy-text-decoder";
import { TunnelRecordDecoder } from "./tunnel-record-decoder";

type Column = { name: string; type: string };

function encodeAll(columns: Column[], rows: unknown[][]): Buffer {
  const encoder = new TunnelRecordEncoder(columns);
  for (const row of rows) encoder.writeRow(row);
  return encoder.finish();
}

function chunksOf(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return chunks;
}

/** The value path: decode to JS values, then the writer's row encoder. */
function copyTextByValues(columns: Column[], bytes: Buffer): Buffer {
  const decoder = new TunnelRecordDecoder({ columns });
  const rows: MaxComputeValue[][] = [];
  decoder.push(bytes, rows);
  decoder.finish(rows);
  const dateColumns = columns.flatMap((c, i) => (/^date$/i.test(c.type) ? [i] : []));
  const encoder = new CopyTextEncoder({ dateColumns });
  for (const row of rows) encoder.appendRow(row, columns.length);
  return encoder.takeChunk() ?? Buffer.alloc(0);
}

/** The fused path, fed in chunks of `chunk` bytes and taken every `takeEvery` rows. */
function copyTextFused(columns: Column[], bytes: Buffer, chunk = bytes.length, takeEvery = 1): { bytes: Buffer; rows: number } {
  const decoder = new TunnelCopyTextDecoder({ columns });
  const parts: Buffer[] = [];
  let rows = 0;
  const take = () => {
    const batch = decoder.take();
    if (!batch) return;
    rows += batch.rowCount;
    // Copied: a taken batch must stay valid while decoding goes on.
    parts.push(batch.bytes);
  };
  for (const piece of chunksOf(bytes, Math.max(1, chunk))) {
    decoder.pushChunk(piece);
    if (decoder.pendingRows >= takeEvery) take();
  }
  decoder.endStream();
  take();
  return { bytes: Buffer.concat(parts), rows };
}

function expectSameCopyText(columns: Column[], rows: unknown[][], chunkSizes: number[]): void {
  const bytes = encodeAll(columns, rows);
  const expected = copyTextByValues(columns, bytes);
  for (const chunk of chunkSizes) {
    const fused = copyTextFused(columns, bytes, chunk, 3);
    expect(fused.rows).toBe(rows.length);
    // Compared as lines first, so a failure shows the row.
    expect(fused.bytes.toString("latin1").split("\n")).toEqual(expected.toString("latin1").split("\n"));
    expect(fused.bytes.equals(expected)).toBe(true);
  }
}

/** A small seedable PRNG so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("tunnel COPY-text decoder: the same bytes as decoding to values and encoding those", () => {
  it("all_types (extremes, NULLs, empty strings, multi-byte text, old dates, arrays), chunked at every size", () => {
    const columns = ALL_TYPES_COLUMNS.map(({ name, type }) => ({ name, type }));
    // DATETIME and TIMESTAMP text as the local service stores them (epoch ms, epoch ns).
    const rows = allTypesRows().map((row) =>
      row.map((v, i) => (v === null ? null : columns[i]!.type === "datetime" ? parseDateTimeText(v as string) : columns[i]!.type === "timestamp" ? parseTimestampText(v as string) : v)),
    );
    expectSameCopyText(columns, rows, [1_000_000, 1, 2, 3, 7, 64]);
  });

  it("bank_data rows", () => {
    const columns = [{ name: "id", type: "bigint" }, ...BANK_DATA_COLUMNS.map(({ name, type }) => ({ name, type }))];
    const rows = generateBankDataRows(3000).map((row, i) => [BigInt(i), ...row]);
    expectSameCopyText(columns, rows, [1_000_000, 65536, 13]);
  });

  it("random rows: integers of every width, doubles of every kind, strings with escapes and multi-byte text", () => {
    const columns: Column[] = [
      { name: "ti", type: "tinyint" },
      { name: "i", type: "int" },
      { name: "b", type: "bigint" },
      { name: "d", type: "double" },
      { name: "f", type: "float" },
      { name: "s", type: "string" },
      { name: "v", type: "varchar(50)" },
      { name: "dt", type: "date" },
      { name: "dec", type: "decimal(38,18)" },
      { name: "bool", type: "boolean" },
    ];
    const r = random(20261125);
    const pieces = ["a", "Z", "\\", "\t", "\n", "\r", "é", "中", "🎉", " ", "N", "\\N", "0", '"', "'"];
    const text = () => (r() < 0.1 ? "" : Array.from({ length: Math.floor(r() * 12) }, () => pieces[Math.floor(r() * pieces.length)]).join(""));
    const specials = [0, -0, 1, -1, 0.1, 1e21, 1e-7, 5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, Number.NaN, Infinity, -Infinity, 2 ** 53, 999, 93.994];
    const bigints = [0n, 1n, -1n, 2n ** 53n - 1n, 2n ** 53n, -(2n ** 53n), 2n ** 63n - 1n, -(2n ** 63n), 4294967295n, 4294967296n, -4294967296n];
    const rows: unknown[][] = [];
    for (let n = 0; n < 3000; n++) {
      const maybe = <T,>(value: () => T): T | null => (r() < 0.15 ? null : value());
      rows.push([
        maybe(() => Math.floor(r() * 256) - 128),
        maybe(() => (r() < 0.2 ? [-2147483648, 2147483647, 0][Math.floor(r() * 3)] : Math.floor(r() * 2 ** 32) - 2 ** 31)),
        maybe(() => (r() < 0.4 ? bigints[Math.floor(r() * bigints.length)] : BigInt(Math.floor((r() - 0.5) * 2 ** 53)) * BigInt(1 + Math.floor(r() * 2048)))),
        maybe(() => (r() < 0.4 ? specials[Math.floor(r() * specials.length)] : (r() - 0.5) * 10 ** Math.floor(r() * 40 - 20))),
        maybe(() => (r() - 0.5) * 1000),
        maybe(text),
        maybe(text),
        maybe(() => ["1970-01-01", "0001-01-01", "2026-11-25", "9999-12-31", "0000-02-29", "-0044-03-15"][Math.floor(r() * 6)]),
        maybe(() => ["0", "-1.5", "99999999999999999999.999999999999999999", "0.000000000000000001"][Math.floor(r() * 4)]),
        maybe(() => r() < 0.5),
      ]);
    }
    expectSameCopyText(columns, rows, [1_000_000, 4096, 5]);
  });

  it("MAP and STRUCT read as JSON text", () => {
    const columns = [
      { name: "m", type: "map<string,bigint>" },
      { name: "st", type: "struct<name:string,tags:array<string>>" },
      { name: "am", type: "array<map<string,double>>" },
    ];
    const rows = [
      [{ "a\tb": 1n, "": -9223372036854775808n }, { name: "x\\y\n", tags: ["t", null] }, [{ k: 1.5 }, null]],
      [null, null, null],
      [{}, { name: null, tags: [] }, []],
    ];
    const bytes = encodeAll(columns, rows);
    const expected = copyTextByValues(columns, bytes);
    expect(expected.toString().split("\n")).toHaveLength(4);
    for (const chunk of [bytes.length, 1, 5]) expect(copyTextFused(columns, bytes, chunk, 1).bytes.equals(expected)).toBe(true);
  });

  it("invalid UTF-8 is written as the value path writes it (U+FFFD), valid multi-byte text as is", () => {
    const columns = [{ name: "s", type: "string" }, { name: "n", type: "bigint" }];
    const encoder = new TunnelRecordEncoder(columns);
    for (const bytes of [[0xff, 0x41], [0xe4, 0xb8], [0xed, 0xa0, 0x80], [0xc3, 0xa9, 0x09], [0x41, 0x5c]]) {
      encoder.beginRow();
      const raw = Uint8Array.from(bytes);
      encoder.writeBytesField(0, raw, 0, raw.length);
      encoder.writeField(1, 7n);
      encoder.endRow();
    }
    const stream = encoder.finish();
    const expected = copyTextByValues(columns, stream);
    expect(copyTextFused(columns, stream).bytes.equals(expected)).toBe(true);
    expect(expected.toString("utf8").split("\n")[0]).toBe("\uFFFDA\t7");
  });

  it("a record whose fields come out of column order is encoded through the value path", () => {
    const columns = [{ name: "a", type: "bigint" }, { name: "b", type: "string" }, { name: "c", type: "double" }];
    const encoder = new TunnelRecordEncoder(columns);
    encoder.writeRow([1n, "first", 1.5]);
    encoder.beginRow();
    encoder.writeField(2, 2.5);
    encoder.writeField(0, 2n);
    encoder.endRow();
    encoder.writeRow([3n, null, null]);
    const stream = encoder.finish();
    for (const chunk of [stream.length, 1, 4]) {
      expect(copyTextFused(columns, stream, chunk).bytes.toString()).toBe("1\tfirst\t1.5\n2\t\\N\t2.5\n3\t\\N\t\\N\n");
    }
  });

  it("records split across chunks larger than the bridge, the split record shorter or longer than it", () => {
    const columns = [{ name: "id", type: "bigint" }, { name: "s", type: "string" }, { name: "d", type: "double" }];
    const next = random(7);
    const rows = Array.from({ length: 400 }, (_, i) => {
      const length = i % 10 === 0 ? 3000 + Math.floor(next() * 20_000) : Math.floor(next() * 300);
      return [BigInt(i), "é\\t".repeat(length >> 2) + "z".repeat(length & 3), next() * 1e6];
    });
    expectSameCopyText(columns, rows, [4097, 5000, 8192, 12_345, 65_536]);
  });

  it("reuses an output buffer once every batch taken from it was released, and never before", () => {
    const columns = [{ name: "id", type: "bigint" }, ...BANK_DATA_COLUMNS];
    const rows = generateBankDataRows(30_000).map((row, i) => [BigInt(i), ...row]);
    const bytes = encodeAll(columns, rows);
    const expected = copyTextByValues(columns, bytes);
    expect(expected.length).toBeGreaterThan(3 << 20);
    for (const releaseAll of [true, false]) {
      const decoder = new TunnelCopyTextDecoder({ columns });
      const held: Array<{ bytes: Buffer; copy: Buffer }> = [];
      const parts: Buffer[] = [];
      const buffers = new Set<ArrayBufferLike>();
      const takeAll = () => {
        const batch = decoder.take();
        if (!batch) return;
        parts.push(Buffer.from(batch.bytes));
        buffers.add(batch.bytes.buffer);
        // The first batches are held (as a writer holds a COPY batch), the rest are released at once.
        if (!releaseAll || parts.length <= 3) held.push({ bytes: batch.bytes, copy: Buffer.from(batch.bytes) });
        else batch.release?.();
      };
      for (const chunk of chunksOf(bytes, 65_536)) {
        decoder.pushChunk(chunk);
        takeAll();
      }
      decoder.endStream();
      takeAll();
      expect(Buffer.concat(parts).equals(expected)).toBe(true);
      // A held batch still has its bytes: its buffer was not handed out again.
      for (const { bytes: view, copy } of held) expect(view.equals(copy)).toBe(true);
      if (releaseAll) expect(buffers.size).toBeLessThan(Math.ceil(expected.length / (1 << 20)));
      else expect(buffers.size).toBeGreaterThanOrEqual(Math.ceil(expected.length / (1 << 20)));
    }
  });

  it("multi-megabyte cells arriving in small chunks", () => {
    const columns = [{ name: "id", type: "int" }, { name: "big", type: "string" }];
    const big = "x\t".repeat(1_500_000) + "é";
    expectSameCopyText(columns, [[1, "small"], [2, big], [3, big.slice(0, 1_000_001)], [4, null]], [65536, 1_000_003]);
  });

  it("fails with CHECKSUM_MISMATCH on a flipped byte, as the value decoder does", () => {
    const columns = [{ name: "a", type: "bigint" }, { name: "b", type: "string" }];
    const stream = Buffer.from(encodeAll(columns, [[1n, "hello"], [2n, "world"]]));
    stream[3] ^= 0x01;
    expect(() => copyTextFused(columns, stream)).toThrow(MaxComputeError);
    expect(() => copyTextFused(columns, stream)).toThrow(/corrupt/);
  });
});
