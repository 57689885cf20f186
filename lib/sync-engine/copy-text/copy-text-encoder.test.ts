import { describe, expect, it } from "vitest";
import { CopyTextEncoder, decodeCopyLine, splitCopyLines, valueToText } from "./copy-text-encoder";

describe("CopyTextEncoder", () => {
  it("encodes NULL, escapes and every value kind as COPY text", () => {
    const encoder = new CopyTextEncoder();
    encoder.appendRow(
      [null, "", "a\tb\nc\\d\re", 42, -1.5, 9223372036854775807n, true, Buffer.from([0, 255]), new Date(Date.UTC(2026, 10, 23, 10, 0, 0, 123)), { seconds: -1n, nanos: 123456789 }, [1n, null, "x y"]],
      11,
    );
    expect(encoder.takeChunk()!.toString("utf8")).toBe(
      "\\N\t\ta\\tb\\nc\\\\d\\re\t42\t-1.5\t9223372036854775807\ttrue\t\\\\x00ff\t2026-11-23 10:00:00.123000+00\t1969-12-31 23:59:59.123456+00\t{1,NULL,\"x y\"}\n",
    );
  });

  it("pads missing values with NULL and writes multi-byte text", () => {
    const encoder = new CopyTextEncoder();
    encoder.appendRow(["中文 🎉"], 3);
    expect(encoder.takeChunk()!.toString("utf8")).toBe("中文 🎉\t\\N\t\\N\n");
  });

  it("splits chunks back into lines and decodes a line for dirty-record reports", () => {
    const encoder = new CopyTextEncoder({ chunkSize: 16 });
    const chunks: Buffer[] = [];
    for (let i = 0; i < 10; i++) {
      encoder.appendRow([i, `v\t${i}`], 2);
      if (encoder.isChunkFull) chunks.push(encoder.takeChunk()!);
    }
    const last = encoder.takeChunk();
    if (last) chunks.push(last);
    const lines = splitCopyLines(chunks);
    expect(lines).toHaveLength(10);
    expect(decodeCopyLine(lines[3]!)).toEqual(["3", "v\t3"]);
  });

  it("writes years before 1 AD in PostgreSQL's BC form", () => {
    expect(valueToText(new Date(Date.UTC(-1, 0, 1)))).toBe("0002-01-01 00:00:00+00 BC");
  });

  it("keeps the sign of negative zero, which String(-0) drops", () => {
    const encoder = new CopyTextEncoder();
    encoder.appendRow([-0, 0, [-0, 0]], 3);
    expect(encoder.takeChunk()!.toString("utf8")).toBe("-0\t0\t{-0,0}\n");
    expect([valueToText(-0), valueToText(0), valueToText(-Infinity)]).toEqual(["-0", "0", "-Infinity"]);
  });
});
