import { describe, expect, it } from "vitest";
import { MaxComputeError } from "./maxcompute-error";
import {
  formatPartitionSpec,
  parsePartitionPairs,
  parsePartitionSpec,
  parseTunnelPartitionParameter,
  partitionSpecFromValues,
  partitionValueProblem,
  tunnelPartitionParameter,
} from "./partition-spec";

describe("partition spec text", () => {
  // Spec strings as the SDKs write them: Java PartitionSpec's javadoc ("pt1=foo/pt2=1",
  // "pt1=foo,pt2=1") and PartitionTest.java ("pt='1', ds='1'"), pyodps types.py
  // ("pt=20230101,region=us-west"), the Go SDK's table.go ("region='10026',name='abc'"),
  // then the quoting and escapes of a MaxCompute SQL string (pyodps escape_odps_string).
  it.each([
    ["pt1=foo/pt2=1", [["pt1", "foo"], ["pt2", "1"]]],
    ["pt1=foo,pt2=1", [["pt1", "foo"], ["pt2", "1"]]],
    ["pt='1', ds='1'", [["pt", "1"], ["ds", "1"]]],
    ["pt=20230101,region=us-west", [["pt", "20230101"], ["region", "us-west"]]],
    ["region='10026',name='abc'", [["region", "10026"], ["name", "abc"]]],
    [`p1='v1',p2="v2"`, [["p1", "v1"], ["p2", "v2"]]],
    ["  Sale_Date = 20261123 , SALE_TIME = AbC  ", [["sale_date", "20261123"], ["sale_time", "AbC"]]],
    [`p="quoted"`, [["p", "quoted"]]],
    [`p='"quoted"'`, [["p", '"quoted"']]],
    [`p="it's"`, [["p", "it's"]]],
    [`p='it\\'s'`, [["p", "it's"]]],
    ["p=' a b '", [["p", " a b "]]],
    ["p=a b", [["p", "a b"]]],
    ["p='a,b',q='c/d'", [["p", "a,b"], ["q", "c/d"]]],
    ["p='a\\rb\\nc\\td\\\\e\\0'", [["p", "a\rb\nc\td\\e\0"]]],
    ["p='a\rb'", [["p", "a\rb"]]],
    ["p='C:\\data'", [["p", "C:\\data"]]],
    ["p=a=b", [["p", "a=b"]]],
    ["p='&<>'", [["p", "&<>"]]],
    ["p=1,", [["p", "1"]]],
    ["", []],
  ] as [string, [string, string][]][])("parses %j", (text, pairs) => {
    expect(parsePartitionPairs(text)).toEqual(pairs);
  });

  it.each([
    ["p", /where a key=value pair belongs/],
    ["=1", /a value without a key/],
    ["p=", /empty value/],
    ["p=''", /empty value/],
    ["p='abc", /never closed/],
    ["p='a'b", /text after the quoted value of p/],
    ["p=it's", /quote inside the value of p/],
    ["p=1,p=2", /names p twice/],
  ])("refuses %j", (text, message) => {
    expect(() => parsePartitionPairs(text)).toThrowError(message);
    expect(() => parsePartitionPairs(text)).toThrowError(MaxComputeError);
  });

  it.each([
    [[["sale_date", "20261123"], ["sale_time", "10"]], "sale_date=20261123,sale_time=10"],
    [[["p", "a b"]], "p=a b"],
    [[["p", " a "]], "p=' a '"],
    [[["p", "a,b"]], "p='a,b'"],
    [[["p", "a/b"]], "p='a/b'"],
    [[["p", "a=b"]], "p='a=b'"],
    [[["p", '"quoted"']], `p='\\"quoted\\"'`],
    [[["p", "it's"]], "p='it\\'s'"],
    [[["p", "a\rb"]], "p='a\\rb'"],
    [[["p", "a\\b"]], "p='a\\\\b'"],
    [[["p", "&<> :_$#.!@"]], "p=&<> :_$#.!@"],
  ] as [[string, string][], string][])("writes %j canonically as %s, which reads back exactly", (values, text) => {
    expect(formatPartitionSpec(values)).toBe(text);
    expect(parsePartitionSpec(text, values.map(([k]) => k))).toEqual({ values, text });
  });

  it("gives back exactly the values of any spec it wrote", () => {
    const values = [" a", "b ", "\r", "a\r\nb", "'", '"', "\\", ",", "/", "=", "a'b\"c", "\t x \t", "中文", "\0\b", "*?", "&amp;", "]]>"];
    for (const value of values) {
      const spec = partitionSpecFromValues([["p", value], ["q", "1"]]);
      expect(parsePartitionSpec(spec.text, ["p", "q"]).values).toEqual([["p", value], ["q", "1"]]);
    }
  });

  it("orders a concrete spec as the table's partition columns and needs every level", () => {
    expect(parsePartitionSpec("sale_time=10/sale_date=20261123", ["sale_date", "sale_time"]).text).toBe("sale_date=20261123,sale_time=10");
    expect(() => parsePartitionSpec("sale_date=20261123", ["sale_date", "sale_time"])).toThrowError(/every partition column.*missing: sale_time/);
    expect(() => parsePartitionSpec("pt=1", ["sale_date"])).toThrowError(/not a partition column; the table is partitioned by sale_date/);
  });
});

describe("the Tunnel partition parameter", () => {
  // Every SDK sends it unquoted: Java TableTunnel (PartitionSpec.toString() without its
  // quotes), pyodps tabletunnel.py (str(spec).replace("'", "")), Go session_config.go
  // (every ' and " removed; "region=hangzhou" is right, "region='hangzhou'" is not).
  it.each([
    [[["pt", "20230101"], ["region", "us-west"]], "pt=20230101,region=us-west"],
    [[["region", "hangzhou"]], "region=hangzhou"],
    [[["p", " a b "]], "p= a b "],
    [[["p", "a\rb"]], "p=a\rb"],
    [[["p", "x=y"]], "p=x=y"],
  ] as [[string, string][], string][])("sends %j as %j and reads it back", (values, parameter) => {
    expect(tunnelPartitionParameter(partitionSpecFromValues(values))).toBe(parameter);
    expect(parseTunnelPartitionParameter(parameter, values.map(([k]) => k)).values).toEqual(values);
  });

  it.each([",", "/", "'", '"'])("refuses a value holding %j, which it cannot carry", (ch) => {
    const spec = partitionSpecFromValues([["p", `a${ch}b`]]);
    expect(() => tunnelPartitionParameter(spec)).toThrowError(new RegExp(`contains '\\${ch}', which the MaxCompute Tunnel partition parameter cannot carry`));
  });

  it("takes the parameter's values exactly: no trimming, no unquoting", () => {
    expect(parseTunnelPartitionParameter("p='x', q= y ", ["p", "q"]).values).toEqual([["p", "'x'"], ["q", " y "]]);
  });
});

describe("MaxCompute's partition value rules", () => {
  it.each([
    "20261123",
    "2016-11-27",
    "hangzhou",
    "a b",
    " 10:30 #1 @shop! ",
    "$x_y.z",
    "x".repeat(128),
  ])("accepts %j", (value) => {
    expect(partitionValueProblem("sale_date", value)).toBeUndefined();
  });

  it.each([
    ["a,b", "Partition value 'a,b' of sale_date contains ',', which MaxCompute does not accept in partition values"],
    ['"quoted"', `Partition value '\\"quoted\\"' of sale_date contains '"', which MaxCompute does not accept`],
    ["it's", `Partition value 'it\\'s' of sale_date contains "'", which MaxCompute does not accept`],
    ["a/b", "contains '/', which MaxCompute does not accept"],
    ["a=b", "contains '=', which MaxCompute does not accept"],
    ["a\rb", "Partition value 'a\\rb' of sale_date contains a carriage return (\\r), which MaxCompute does not accept"],
    ["a\nb", "contains a line feed (\\n)"],
    ["a\tb", "contains a tab (\\t)"],
    ["a\u0001", "contains the control character U+0001"],
    ["中文", "contains '中', a non-ASCII character"],
    ["2026/11/23", "contains '/', which MaxCompute does not accept"],
    ["&<>", "contains '&'"],
    ["x".repeat(129), "is 129 bytes long"],
    ["", "Partition value of sale_date is empty"],
  ])("refuses %j, naming the value and the rule", (value, message) => {
    const problem = partitionValueProblem("sale_date", value);
    expect(problem).toContain(message);
    if (value !== "") expect(problem).toMatch(/use letters, digits, spaces and : _ \$ # \. ! @ -, at most 128 bytes\.$/);
  });
});
