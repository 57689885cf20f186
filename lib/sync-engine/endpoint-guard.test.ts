import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it, vi } from "vitest";
import {
  EndpointRefusedError,
  guardedLookup,
  guardedRequestOptions,
  refusedAddressKind,
  resolveAllowedAddresses,
  type AddressLookup,
} from "./endpoint-guard";

const allowed = { SYNCLANE_ALLOW_LINK_LOCAL_ENDPOINTS: "true" };

describe("address classification", () => {
  it("refuses IPv4 link-local addresses, the metadata address among them", () => {
    expect(refusedAddressKind("169.254.169.254")).toMatch(/link-local/);
    expect(refusedAddressKind("169.254.0.1")).toMatch(/link-local/);
    expect(refusedAddressKind("169.254.255.255")).toMatch(/link-local/);
    expect(refusedAddressKind("169.253.255.255")).toBeNull();
    expect(refusedAddressKind("169.255.0.1")).toBeNull();
  });

  it("refuses Alibaba Cloud's metadata address but not its neighbours", () => {
    expect(refusedAddressKind("100.100.100.200")).toMatch(/Alibaba Cloud/);
    expect(refusedAddressKind("100.100.100.201")).toBeNull();
    expect(refusedAddressKind("100.64.0.1")).toBeNull();
  });

  it("refuses IPv6 link-local addresses and AWS's IPv6 metadata address", () => {
    expect(refusedAddressKind("fe80::1")).toMatch(/IPv6 link-local/);
    expect(refusedAddressKind("febf:ffff::1")).toMatch(/IPv6 link-local/);
    expect(refusedAddressKind("fec0::1")).toBeNull();
    expect(refusedAddressKind("fd00:ec2::254")).toMatch(/fd00:ec2::254/);
    expect(refusedAddressKind("fd00:ec2:0:0:0:0:0:254")).toMatch(/fd00:ec2::254/);
    expect(refusedAddressKind("fd00:ec2::253")).toBeNull();
  });

  it("refuses IPv4 addresses written as IPv4-mapped IPv6", () => {
    expect(refusedAddressKind("::ffff:169.254.169.254")).toMatch(/link-local/);
    expect(refusedAddressKind("::ffff:a9fe:a9fe")).toMatch(/link-local/);
    expect(refusedAddressKind("::ffff:100.100.100.200")).toMatch(/Alibaba Cloud/);
    expect(refusedAddressKind("::ffff:127.0.0.1")).toBeNull();
  });

  it("lets ordinary addresses through", () => {
    for (const address of ["127.0.0.1", "10.0.0.8", "192.168.1.1", "47.96.1.2", "::1", "2001:db8::1", "fd00::1"]) {
      expect(refusedAddressKind(address)).toBeNull();
    }
    expect(refusedAddressKind("not-an-address")).toBeNull();
  });
});

describe("resolving a user-given host", () => {
  it("refuses a name that resolves to a metadata address among others, naming the endpoint, the rule and the variable", async () => {
    const lookup: AddressLookup = async () => [
      { address: "203.0.113.10", family: 4 },
      { address: "169.254.169.254", family: 4 },
    ];
    const error = await resolveAllowedAddresses("meta.example.test", { endpoint: "meta.example.test:80", lookup }).catch((e) => e);
    expect(error).toBeInstanceOf(EndpointRefusedError);
    expect(error.message).toMatch(/^The endpoint meta\.example\.test:80 resolves to 169\.254\.169\.254, a link-local address/);
    expect(error.message).toContain("SYNCLANE_ALLOW_LINK_LOCAL_ENDPOINTS=true");
  });

  it("answers the addresses it checked, and allows everything when configured", async () => {
    const lookup: AddressLookup = async () => [{ address: "169.254.10.10", family: 4 }];
    await expect(resolveAllowedAddresses("db.internal", { lookup, env: allowed })).resolves.toEqual([{ address: "169.254.10.10", family: 4 }]);
    const ok: AddressLookup = async () => [{ address: "127.0.0.1", family: 4 }];
    await expect(resolveAllowedAddresses("db.internal", { lookup: ok, env: {} })).resolves.toEqual([{ address: "127.0.0.1", family: 4 }]);
  });

  it("checks a bracketed IPv6 literal without its brackets", async () => {
    const error = await resolveAllowedAddresses("[fd00:ec2::254]", { env: {} }).catch((e) => e);
    expect(error).toBeInstanceOf(EndpointRefusedError);
    expect(error.message).toMatch(/^The endpoint \[fd00:ec2::254\] is a cloud metadata address/);
  });
});

describe("guarded HTTP requests", () => {
  it("refuses a literal metadata URL before a request exists", () => {
    const lookup = vi.fn<AddressLookup>();
    expect(() => guardedRequestOptions(new URL("http://169.254.169.254/latest/meta-data"), { lookup, env: {} })).toThrow(EndpointRefusedError);
    expect(() => guardedRequestOptions(new URL("http://[::ffff:169.254.169.254]/"), { lookup, env: {} })).toThrow(/link-local/);
    expect(lookup).not.toHaveBeenCalled();
  });

  it("refuses, in the socket's own lookup, a host name that resolves to a refused address", async () => {
    // The lookup answers 169.254.169.254 for a name; the socket never gets to connect to it.
    const lookup: AddressLookup = async () => [{ address: "169.254.169.254", family: 4 }];
    const url = new URL("http://metadata.example.test:8080/api");
    const options = guardedRequestOptions(url, { lookup, env: {} });
    const error = await new Promise<Error>((resolve) => {
      const request = http.request(url, { ...options, agent: false }, () => resolve(new Error("connected")));
      request.on("error", resolve);
      request.end();
    });
    expect(error).toBeInstanceOf(EndpointRefusedError);
    expect(error.message).toContain("http://metadata.example.test:8080");
  });

  it("connects to the checked address when the host name resolves to an allowed one", async () => {
    const server = http.createServer((_, response) => response.end("hello"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const lookup = vi.fn<AddressLookup>(async () => [{ address: "127.0.0.1", family: 4 }]);
    const url = new URL(`http://service.example.test:${port}/`);
    const body = await new Promise<string>((resolve, reject) => {
      const request = http.request(url, { ...guardedRequestOptions(url, { lookup, env: {} }), agent: false }, (response) => {
        response.setEncoding("utf8");
        let text = "";
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => resolve(text));
      });
      request.on("error", reject);
      request.end();
    });
    server.close();
    expect(body).toBe("hello");
    expect(lookup).toHaveBeenCalledWith("service.example.test");
  });

  it("answers the single-address form of lookup too", async () => {
    const lookup: AddressLookup = async () => [
      { address: "::1", family: 6 },
      { address: "127.0.0.1", family: 4 },
    ];
    const answer = await new Promise<unknown[]>((resolve) => guardedLookup("x", { lookup, env: {} })("x", { family: 4 }, (...args) => resolve(args)));
    expect(answer).toEqual([null, "127.0.0.1", 4]);
  });
});
