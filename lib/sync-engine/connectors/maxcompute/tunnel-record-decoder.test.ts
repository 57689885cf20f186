import { describe, expect, it } from "vitest";
import { TunnelRecordEncoder } from "../../../maxcompute-local/tunnel-record-encoder";
import { MaxComputeError } from "./maxcompute-error";
import type { MaxComputeValue } from "./maxcompute-value";
import { TunnelRecordDecoder } from "./tunnel-record-decoder";

const hex = (bytes: number[]) => Buffer.from(bytes);

// Byte-exact streams from aliyun-odps-go-sdk odps/tunnel/protoc_reader_test.go
// (simpleTypeProtocData, structTypeProtocData) and protoc_writer_test.go
// (simpleTypeProtocEncodedData, complexTypeProtocEncodedData). Each holds one record, its
// CRC-32C, the record count and the CRC of CRCs, so decoding them checks the checksums too.
const goReaderSimple = hex([
  0x08, 0x02, 0x10, 0xfe, 0xff, 0x03, 0x18, 0xc8, 0x01, 0x20, 0x80, 0xa0, 0xb7, 0x87, 0xe9, 0x05,
  0x2a, 0x10, 0xfa, 0x34, 0xe1, 0x02, 0x93, 0xcb, 0x42, 0x84, 0x85, 0x73, 0xa4, 0xe3, 0x99, 0x37,
  0xf4, 0x79, 0x35, 0x3b, 0xaf, 0xef, 0x4b, 0x39, 0x9a, 0x99, 0x99, 0x61, 0xe7, 0xf5, 0x7d, 0x41,
  0x42, 0x03, 0x33, 0x2e, 0x35, 0x4a, 0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x52, 0x64, 0x77, 0x6f,
  0x72, 0x6c, 0x64, ...new Array(95).fill(0x20),
  0x5a, 0x07, 0x61, 0x6c, 0x69, 0x62, 0x61, 0x62, 0x61, 0x60, 0x92, 0x91, 0x02, 0x68,
  0x80, 0xa0, 0xc6, 0xea, 0xf4, 0x57, 0x72, 0x80, 0xb4, 0xae, 0xa0, 0x0b, 0xaa, 0xb4, 0xde, 0x75,
  0x78, 0x01, 0x80, 0xc0, 0xff, 0x7f, 0xd9, 0x9e, 0x9d, 0xde, 0x0f, 0xf0, 0xff, 0xff, 0x7f, 0x02,
  0xf8, 0xff, 0xff, 0x7f, 0xc0, 0x8f, 0xfa, 0xf1, 0x0b,
]);
const goReaderSimpleColumns = [
  ["ti", "tinyint"],
  ["si", "smallint"],
  ["i", "int"],
  ["bi", "bigint"],
  ["b", "binary"],
  ["f", "float"],
  ["d", "double"],
  ["dc", "decimal(38,18)"],
  ["vc", "varchar(1000)"],
  ["c", "char(100)"],
  ["s", "string"],
  ["da", "date"],
  ["dat", "datetime"],
  ["t", "timestamp"],
  ["bl", "boolean"],
].map(([name, type]) => ({ name, type }));

const goReaderStruct = hex([
  0x0a, 0x00, 0x16, 0x00, 0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x00, 0x00, 0xc8, 0x01, 0x00, 0x00,
  0x80, 0xc0, 0xff, 0x7f, 0xa0, 0x92, 0x83, 0xc9, 0x05, 0xf0, 0xff, 0xff, 0x7f, 0x02, 0xf8, 0xff,
  0xff, 0x7f, 0xf0, 0xcc, 0xb3, 0xc0, 0x01,
]);

const goWriterSimple = hex([
  0x08, 0x02, 0x10, 0xfe, 0xff, 0x03, 0x18, 0xc8, 0x01, 0x20, 0x80, 0xa0, 0xb7, 0x87, 0xe9, 0x05,
  0x2a, 0x06, 0x62, 0x69, 0x6e, 0x61, 0x72, 0x79, 0x35, 0xc3, 0xf5, 0x48, 0x40,
  0x39, 0x4a, 0xd8, 0x12, 0x4d, 0xfb, 0x21, 0x09, 0x40,
  0x42, 0x09, 0x33, 0x2e, 0x31, 0x34, 0x31, 0x35, 0x39, 0x32, 0x36,
  0x4a, 0x07, 0x76, 0x61, 0x72, 0x63, 0x68, 0x61, 0x72, 0x52, 0x04, 0x63, 0x68, 0x61, 0x72,
  0x5a, 0x07, 0x61, 0x6c, 0x69, 0x62, 0x61, 0x62, 0x61, 0x60, 0xa8, 0xad, 0x02,
  0x68, 0x80, 0xca, 0xc4, 0xf7, 0xfd, 0x60, 0x72, 0xa0, 0xf2, 0xfd, 0xb4, 0x0c, 0x00, 0x78, 0x01,
  0x82, 0x01, 0x00, 0x02, 0x00, 0x01, 0x61, 0x00, 0x01, 0x62, 0x00, 0x03, 0x74, 0x6f, 0x6d,
  0x80, 0xc0, 0xff, 0x7f, 0xcc, 0x90, 0xbd, 0xa1,
  0x01, 0xf0, 0xff, 0xff, 0x7f, 0x02, 0xf8, 0xff, 0xff, 0x7f, 0xa6, 0x83, 0x95, 0xf5, 0x0d,
]);
const goWriterSimpleColumns = [
  ...goReaderSimpleColumns,
  { name: "st", type: "struct<arr:array<string>,name:string>" },
];

const goWriterComplex = hex([
  0x0a, 0x07, 0x61, 0x6c, 0x69, 0x62, 0x61, 0x62, 0x61, 0x10, 0x80, 0xa0, 0xb7, 0x87, 0xe9, 0x05,
  0x18, 0x80, 0xca, 0xc4, 0xf7, 0xfd, 0x60, 0x22, 0x00, 0x02, 0x00, 0x0b, 0x63, 0x6c, 0x6f, 0x75,
  0x64, 0x5f, 0x73, 0x69, 0x6c, 0x6c, 0x79, 0x00, 0x03, 0x65, 0x66, 0x63, 0x00, 0x0b, 0x70, 0x72,
  0x6f, 0x67, 0x72, 0x61, 0x6d, 0x6d, 0x69, 0x6e, 0x67, 0x80, 0xc0, 0xff, 0x7f, 0xb8, 0xb6, 0x94,
  0x8d, 0x07, 0xf0, 0xff, 0xff, 0x7f, 0x02, 0xf8, 0xff, 0xff, 0x7f, 0xf5, 0xf3, 0xb0, 0xc1, 0x07,
]);
const goWriterComplexColumns = [
  { name: "name", type: "string" },
  { name: "score", type: "bigint" },
  { name: "birthday", type: "datetime" },
  { name: "extra", type: "struct<address:array<string>,hobby:string>" },
];

function decodeAll(
  bytes: Buffer,
  columns: { name: string; type: string }[],
  { chunk = bytes.length } = {},
): MaxComputeValue[][] {
  const decoder = new TunnelRecordDecoder({ columns });
  const rows: MaxComputeValue[][] = [];
  for (let i = 0; i < bytes.length; i += chunk) decoder.push(bytes.subarray(i, i + chunk), rows);
  decoder.finish(rows);
  return rows;
}

function encodeAll(columns: { name: string; type: string }[], rows: unknown[][]): Buffer {
  const encoder = new TunnelRecordEncoder(columns);
  const parts: Buffer[] = [];
  for (const row of rows) {
    encoder.writeRow(row);
    const b = encoder.takeBytes(1);
    if (b) parts.push(Buffer.from(b));
  }
  parts.push(Buffer.from(encoder.finish()));
  return Buffer.concat(parts);
}

describe("tunnel record decoder: Go SDK vectors", () => {
  it("decodes protoc_reader_test.go simpleTypeProtocData with checksums verified", () => {
    const [row] = decodeAll(goReaderSimple, goReaderSimpleColumns);
    expect(row[0]).toBe(1);
    expect(row[1]).toBe(32767);
    expect(row[2]).toBe(100);
    expect(row[3]).toBe(100000000000n);
    expect((row[4] as Buffer).toString("hex").toUpperCase()).toBe("FA34E10293CB42848573A4E39937F479");
    expect(row[5]).toBeCloseTo(3.1415926e7, 0);
    expect(row[6]).toBe(3.14159261e7);
    expect(row[7]).toBe("3.5");
    expect(row[8]).toBe("hello");
    expect((row[9] as string).trimEnd()).toBe("world");
    expect((row[9] as string).length).toBe(100);
    expect(row[10]).toBe("alibaba");
    expect(row[11]).toBe("2017-11-11");
    // The Go test prints DATETIME/TIMESTAMP in the machine's zone (Asia/Shanghai, UTC+8):
    // "2017-11-11 00:00:00" local is 2017-11-10T16:00:00Z.
    expect((row[12] as Date).toISOString()).toBe("2017-11-10T16:00:00.000Z");
    expect(row[13]).toEqual({ seconds: 1510329600n, nanos: 123456789 }); // Go prints it truncated to .123
    expect(row[14]).toBe(true);
  });

  it("decodes the same stream fed one byte at a time", () => {
    const whole = decodeAll(goReaderSimple, goReaderSimpleColumns);
    expect(decodeAll(goReaderSimple, goReaderSimpleColumns, { chunk: 1 })).toEqual(whole);
    expect(decodeAll(goReaderSimple, goReaderSimpleColumns, { chunk: 7 })).toEqual(whole);
  });

  it("decodes protoc_reader_test.go structTypeProtocData as JSON text", () => {
    const columns = [{ name: "struct_field", type: "struct<x:int,y:varchar(256),z:struct<a:tinyint,b:date>>" }];
    const [row] = decodeAll(goReaderStruct, columns);
    expect(JSON.parse(row[0] as string)).toEqual({ x: 11, y: "hello", z: { a: 100, b: "1970-01-01" } });
  });

  it("refuses a type it cannot decode, naming column and type", () => {
    try {
      new TunnelRecordDecoder({ columns: [{ name: "m", type: "map<string,interval_day_time>" }] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MaxComputeError);
      expect((error as MaxComputeError).code).toBe("UNSUPPORTED_TYPE");
      expect((error as MaxComputeError).message).toContain('"m"');
      expect((error as MaxComputeError).message).toContain("map<string,interval_day_time>");
    }
  });

  it("decodes protoc_writer_test.go streams and our encoder reproduces them byte for byte", () => {
    const simple = decodeAll(goWriterSimple, goWriterSimpleColumns);
    expect(simple[0].slice(0, 4)).toEqual([1, 32767, 100, 100000000000n]);
    expect(simple[0][7]).toBe("3.1415926");
    expect(simple[0][11]).toBe("2022-10-19");
    expect(JSON.parse(simple[0][15] as string)).toEqual({ arr: ["a", "b"], name: "tom" });
    const reencodedSimple = simple.map((row) => row.map((v, i) => (i === 15 ? JSON.parse(v as string) : v)));
    expect(encodeAll(goWriterSimpleColumns, reencodedSimple).equals(goWriterSimple)).toBe(true);

    const complex = decodeAll(goWriterComplex, goWriterComplexColumns);
    expect(complex[0][0]).toBe("alibaba");
    expect(complex[0][1]).toBe(100000000000n);
    expect(JSON.parse(complex[0][3] as string)).toEqual({ address: ["cloud_silly", "efc"], hobby: "programming" });
    const reencoded = complex.map((row) => row.map((v, i) => (i === 3 ? JSON.parse(v as string) : v)));
    expect(encodeAll(goWriterComplexColumns, reencoded).equals(goWriterComplex)).toBe(true);
  });

  it("fails with CHECKSUM_MISMATCH on any flipped byte, never returning a wrong row", () => {
    for (let i = 0; i < goReaderSimple.length; i++) {
      const damaged = Buffer.from(goReaderSimple);
      damaged[i] ^= 0x10; // bit 4: never only a tag's wire type, which no SDK checks
      let error: unknown;
      try {
        decodeAll(damaged, goReaderSimpleColumns);
      } catch (e) {
        error = e;
      }
      expect(error, `byte ${i}`).toBeInstanceOf(MaxComputeError);
      expect(["CHECKSUM_MISMATCH", "SERVER_ERROR"]).toContain((error as MaxComputeError).code);
    }
  });

  it("reports a stream cut before its trailer as retryable", () => {
    const decoder = new TunnelRecordDecoder({ columns: goReaderSimpleColumns });
    const rows: MaxComputeValue[][] = [];
    decoder.push(goReaderSimple.subarray(0, goReaderSimple.length - 10), rows);
    expect(rows).toHaveLength(1);
    expect(() => decoder.finish(rows)).toThrowError(/ended early/);
  });
});

describe("tunnel record decoder: every type, NULLs and edge values", () => {
  const columns = [
    ["c_tinyint", "tinyint"],
    ["c_smallint", "smallint"],
    ["c_int", "int"],
    ["c_bigint", "bigint"],
    ["c_float", "float"],
    ["c_double", "double"],
    ["c_decimal", "decimal(38,18)"],
    ["c_varchar", "varchar(20)"],
    ["c_char", "char(4)"],
    ["c_string", "string"],
    ["c_binary", "binary"],
    ["c_boolean", "boolean"],
    ["c_date", "date"],
    ["c_datetime", "datetime"],
    ["c_timestamp", "timestamp"],
    ["c_array_bigint", "array<bigint>"],
    ["c_array_string", "array<string>"],
  ].map(([name, type]) => ({ name, type }));

  const rows: MaxComputeValue[][] = [
    [
      -128,
      -32768,
      -2147483648,
      -9223372036854775808n,
      -3.4028234663852886e38,
      -Number.MAX_VALUE,
      "-99999999999999999999.999999999999999999",
      "",
      "abcd",
      "",
      Buffer.alloc(0),
      false,
      "0001-01-01",
      new Date(-62135596800000),
      { seconds: -62135596800n, nanos: 0 },
      [],
      [],
    ],
    [
      127,
      32767,
      2147483647,
      9223372036854775807n,
      1.5,
      Number.MIN_VALUE,
      "99999999999999999999.999999999999999999",
      "中文字符",
      "ab",
      "emoji 🎉 ünïcödé",
      Buffer.from([0, 255, 1, 254]),
      true,
      "1969-07-20",
      new Date(-14182940000),
      { seconds: 253402300799n, nanos: 999999999 },
      [9007199254740993n, null, -1n],
      ["a", null, "", "日本"],
    ],
    new Array(17).fill(null),
    [0, 0, 0, 0n, 0, -0, "0.000000000000000001", "x", "x", "x", Buffer.from("x"), true, "1970-01-01", new Date(0), { seconds: -1n, nanos: 1 }, [0n], [null]],
  ];

  it("round-trips through our encoder exactly, chunked at every size", () => {
    const bytes = encodeAll(columns, rows);
    const expected = rows.map((row) => row.map((v, i) => (i === 5 && Object.is(v, -0) ? -0 : v)));
    for (const chunk of [bytes.length, 1, 3, 64]) {
      expect(decodeAll(bytes, columns, { chunk })).toEqual(expected);
    }
  });

  it("returns the right strings when values repeat, collide in the string cache and never repeat", () => {
    const column = [{ name: "s", type: "string" }];
    const values: string[] = [];
    for (let i = 0; i < 6000; i++) values.push(i % 3 === 0 ? `v${i % 7}` : i % 3 === 1 ? `unique-${i}` : ["ab", "ba", "aab", "aba"][i % 4]);
    const rows = values.map((v) => [v]);
    expect(decodeAll(encodeAll(column, rows), column, { chunk: 4096 })).toEqual(rows);
    const unique = Array.from({ length: 5000 }, (_, i) => [`id-${i * 7919}`]);
    expect(decodeAll(encodeAll(column, unique), column)).toEqual(unique);
  });

  it("decodes multi-megabyte cells arriving in small chunks", () => {
    const columns = [{ name: "id", type: "int" }, { name: "big", type: "string" }];
    const big = "x".repeat(5_000_000) + "é";
    const rows = [[1, "small"], [2, big], [3, big.slice(0, 3_000_000)], [4, null]];
    const bytes = encodeAll(columns, rows);
    expect(decodeAll(bytes, columns, { chunk: 65536 })).toEqual(rows);
    expect(decodeAll(bytes, columns, { chunk: 1_000_003 })).toEqual(rows);
  });

  it("keeps BIGINT exact beyond 2^53", () => {
    const bytes = encodeAll([{ name: "b", type: "bigint" }], [[9007199254740993n], [-9007199254740993n]]);
    expect(decodeAll(bytes, [{ name: "b", type: "bigint" }])).toEqual([[9007199254740993n], [-9007199254740993n]]);
  });

  it("omits NULL columns from the wire (an all-NULL record is just its end tag and CRC)", () => {
    const bytes = encodeAll(columns, [new Array(17).fill(null)]);
    // end-of-record tag 80 c0 ff 7f, CRC-32C of nothing = 0, then the trailer.
    expect([...bytes.subarray(0, 5)]).toEqual([0x80, 0xc0, 0xff, 0x7f, 0x00]);
  });
});
