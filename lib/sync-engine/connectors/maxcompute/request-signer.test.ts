import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  buildCanonicalOdpsHeaders,
  buildCanonicalResource,
  buildCanonicalString,
  computeSignature,
  parseAuthorization,
  signRequest,
} from "./request-signer";

describe("request signer", () => {
  // aliyun-odps-go-sdk odps/account/account_test.go, TestGenerateSignatureV2.
  it("signs 'testdata' with my-secret-key as the Go SDK does", () => {
    expect(`ODPS my-access-id:${computeSignature("testdata", "my-secret-key")}`).toBe(
      "ODPS my-access-id:iAcVTeAghMtN74BeKwFTj/pgFEA=",
    );
  });

  // aliyun-odps-java-sdk odps-sdk-core src/test/java/com/aliyun/odps/account/SecurityUtilsTest.java,
  // testHmacsha1Signature: the string to sign and key given as byte arrays there.
  it("computes the Java SDK's HMAC-SHA1 vector", () => {
    const data =
      "POST\n6c2e10f17bb7385f2ac30811b5e8e46f\napplication/xml\nTue, 13 May 2014 09:51:17 GMT\n" +
      "x-odps-user-agent:JavaSDK/0.12.0;Linux\n/projects/odps_test_tunnel_project/instances";
    const key = "oRd30z7sV4hBX9aYtJgii5qnyhg=";
    const expected = Buffer.from(
      [-5, 103, 5, -52, 28, -21, -38, -2, -26, 2, 83, -107, 26, 11, -91, 67, -18, 124, -98, -28].map((b) => b & 0xff),
    );
    expect(createHmac("sha1", key).update(data).digest()).toEqual(expected);
    expect(computeSignature(data, key)).toBe(expected.toString("base64"));
  });

  // SecurityUtilsTest.testBuildCanonicalizedResource (Java SDK).
  it("builds the Java SDK's canonical string", () => {
    const result = buildCanonicalString({
      method: "POST",
      headers: {
        "x-odps-user-agent": "JavaSDK/0.12.0;Linux",
        Date: "Tue, 13 May 2014 09:22:20 GMT",
        "Content-Length": "369",
        "Content-MD5": "746a0402967096663daa8bd1a2ff5c7c",
        "User-Agent": "JavaSDK/0.12.0;Linux",
        "Content-Type": "application/xml",
      },
      canonicalResource: "/projects/odps_test_tunnel_project/instances",
    });
    expect(result).toBe(
      "POST\n746a0402967096663daa8bd1a2ff5c7c\napplication/xml\n" +
        "Tue, 13 May 2014 09:22:20 GMT\nx-odps-user-agent:JavaSDK/0.12.0;Linux\n" +
        "/projects/odps_test_tunnel_project/instances",
    );
  });

  // Go SDK account_test.go, TestBuildCanonicalString (resource empty there).
  it("joins repeated x-odps headers and sorts them (Go TestBuildCanonicalString)", () => {
    const result = buildCanonicalString({
      method: "GET",
      headers: {
        Date: "Mon, 01 Jan 2020 00:00:00 GMT",
        "Content-MD5": "content-md5",
        "Content-Type": "application/json",
        "X-Odps-Test-Header": ["value1", "value2"],
        "X-Odps-Another-Header": "valueA",
        "Non-ODPS-Header": "ignored",
      },
      canonicalResource: "",
    });
    expect(result).toBe(
      "GET\ncontent-md5\napplication/json\nMon, 01 Jan 2020 00:00:00 GMT\n" +
        "x-odps-another-header:valueA\nx-odps-test-header:value1,value2\n",
    );
  });

  // Go SDK account_test.go, TestCanonicalHeaders.
  it("canonicalizes x-odps headers (Go TestCanonicalHeaders)", () => {
    expect(
      buildCanonicalOdpsHeaders({
        "X-Odps-Test": ["value1", "value2"],
        "X-Odps-Another": ["valueA"],
        "X-Odps-Multi": ["a", "b", "c"],
        "Ignored-Header": ["value"],
      }),
    ).toBe("x-odps-another:valueA\nx-odps-multi:a,b,c\nx-odps-test:value1,value2\n");
  });

  // Go SDK account_test.go, TestBuildCanonicalResource.
  it("builds canonical resources (Go TestBuildCanonicalResource)", () => {
    expect(buildCanonicalResource({ pathname: "/api/v1/resource", query: [], endpointPath: "/api" })).toBe("/v1/resource");
    expect(
      buildCanonicalResource({
        pathname: "/resource",
        query: [["action", "list"], ["orderby", "name"], ["limit", "10"]],
        endpointPath: "",
      }),
    ).toBe("/resource?action=list&limit=10&orderby=name");
    expect(
      buildCanonicalResource({ pathname: "/path", query: [["b", "2"], ["a", "1"], ["c", ""]], endpointPath: "" }),
    ).toBe("/path?a=1&b=2&c");
  });

  it("signs decoded paths and query values", () => {
    const url = new URL("http://h/api/projects/p/tables/t?partitions&partition=sale_date%3D20261123%2Csale_time%3D10");
    expect(buildCanonicalResource({ pathname: url.pathname, query: url.searchParams, endpointPath: "/api" })).toBe(
      "/projects/p/tables/t?partition=sale_date=20261123,sale_time=10&partitions",
    );
    const auth = signRequest({
      method: "GET",
      url,
      headers: { Date: "Mon, 01 Jan 2020 00:00:00 GMT" },
      endpointPath: "/api",
      accessKeyId: "id",
      accessKeySecret: "secret",
    });
    expect(parseAuthorization(auth)?.accessKeyId).toBe("id");
    expect(auth).not.toContain("secret");
  });
});
