import { describe, expect, it } from "vitest";
import { MAX_IDENTIFIER_BYTES, parseQualifiedName, quoteIdentifier } from "./sql-identifier";

describe("parseQualifiedName", () => {
  it.each([
    ["holo_test", { schema: "public", table: "holo_test" }],
    ["Public.Holo_Test", { schema: "public", table: "holo_test" }],
    ['"My Schema"."T"', { schema: "My Schema", table: "T" }],
    ['"a.b"', { schema: "public", table: "a.b" }],
    ['"s.1"."t.2"', { schema: "s.1", table: "t.2" }],
    ['"we""ird"', { schema: "public", table: 'we"ird' }],
    ['public."we""ird--t"', { schema: "public", table: 'we"ird--t' }],
    ['"" "".x', null],
    [' public . "t" ', { schema: "public", table: "t" }],
  ])("reads %s", (input, expected) => {
    if (expected === null) expect(() => parseQualifiedName(input)).toThrow();
    else expect(parseQualifiedName(input)).toEqual(expected);
  });

  it("says what is wrong with a quote in the wrong place, without wrapping the name in more double quotes", () => {
    expect(() => parseQualifiedName('"my"table')).toThrow(
      `The table name '"my"table' has text after the quoted part "my": write schema.table, and double a quote inside a quoted name ("my""table").`,
    );
    expect(() => parseQualifiedName('"open')).toThrow(`The table name '"open' has a quoted part without its closing double quote.`);
    expect(() => parseQualifiedName("a.b.c")).toThrow(`The table name 'a.b.c' has 3 parts: write table or schema.table.`);
  });

  it("refuses a part longer than PostgreSQL's 63 bytes, naming it and its length", () => {
    const long = "é".repeat(32);
    expect(() => parseQualifiedName(`public.${long}`)).toThrow(`The table name "${long}" is 64 bytes long`);
    expect(parseQualifiedName(`"${"é".repeat(31)}a"`).table).toBe(`${"é".repeat(31)}a`);
  });
});

describe("quoteIdentifier", () => {
  it("doubles quotes and refuses what the server would cut or cannot hold", () => {
    expect(quoteIdentifier('we"ird--name')).toBe('"we""ird--name"');
    expect(() => quoteIdentifier("x".repeat(MAX_IDENTIFIER_BYTES + 1))).toThrow(/is 64 bytes long.*at most 63 bytes/);
    expect(quoteIdentifier("x".repeat(MAX_IDENTIFIER_BYTES))).toHaveLength(65);
    expect(() => quoteIdentifier("")).toThrow(/cannot be empty/);
  });
});
