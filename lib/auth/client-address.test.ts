import { afterEach, describe, expect, it } from "vitest";
import {
  clientAddress,
  clientAddressHeader,
  clientAddressHeaderWriter,
  normalizeAddress,
  parseTrustedProxies,
  readClientAddressHeader,
} from "./client-address";

const none = parseTrustedProxies(undefined);
const proxies = parseTrustedProxies("127.0.0.1, 10.0.0.0/8, ::1, fd00::/8");

describe("the client address the login throttle counts", () => {
  // Finding 6: the first X-Forwarded-For value was the address, whoever sent it.
  it.each([
    { case: "a direct client is its socket address", peer: "203.0.113.9", xff: undefined, trusted: none, address: "203.0.113.9" },
    { case: "a direct client's X-Forwarded-For is ignored", peer: "203.0.113.9", xff: "198.51.100.1", trusted: none, address: "203.0.113.9" },
    { case: "X-Forwarded-For from an untrusted peer is ignored even if a proxy is configured", peer: "203.0.113.9", xff: "198.51.100.1", trusted: proxies, address: "203.0.113.9" },
    { case: "loopback without proxies configured is loopback, not the header", peer: "::ffff:127.0.0.1", xff: "198.51.100.1", trusted: none, address: "127.0.0.1" },
    { case: "behind a trusted proxy, the entry it appended", peer: "10.1.2.3", xff: "198.51.100.1", trusted: proxies, address: "198.51.100.1" },
    { case: "a spoofed left part is skipped: the right-most untrusted entry wins", peer: "10.1.2.3", xff: "1.1.1.1, 2.2.2.2, 198.51.100.1", trusted: proxies, address: "198.51.100.1" },
    { case: "trusted proxies in the chain are skipped", peer: "127.0.0.1", xff: "6.6.6.6, 198.51.100.1, 10.9.9.9", trusted: proxies, address: "198.51.100.1" },
    { case: "several X-Forwarded-For headers read as one list", peer: "::1", xff: ["6.6.6.6", "198.51.100.1"], trusted: proxies, address: "198.51.100.1" },
    { case: "a port and brackets are dropped", peer: "10.1.2.3", xff: "[2001:db8::7]:443", trusted: proxies, address: "2001:db8::7" },
    { case: "an IPv4 entry with a port", peer: "10.1.2.3", xff: "198.51.100.1:5678", trusted: proxies, address: "198.51.100.1" },
    { case: "a trusted proxy's request with no header is the proxy", peer: "10.1.2.3", xff: undefined, trusted: proxies, address: "10.1.2.3" },
    { case: "only trusted entries: the left-most", peer: "10.1.2.3", xff: "10.0.0.5, 10.0.0.6", trusted: proxies, address: "10.0.0.5" },
    { case: "an entry that is not an IP gives the proxy", peer: "10.1.2.3", xff: "1.1.1.1, unknown", trusted: proxies, address: "10.1.2.3" },
    { case: "a socket without an address", peer: undefined, xff: "198.51.100.1", trusted: proxies, address: "unknown" },
  ])("$case", ({ peer, xff, trusted, address }) => {
    expect(clientAddress({ peer, forwardedFor: xff, trustedProxies: trusted })).toBe(address);
  });

  it("reads SYNCLANE_TRUSTED_PROXIES as addresses and CIDR ranges, and refuses anything else", () => {
    expect(proxies.size).toBe(4);
    expect(proxies.has("10.255.0.1")).toBe(true);
    expect(proxies.has("11.0.0.1")).toBe(false);
    expect(proxies.has("fd12::1")).toBe(true);
    expect(proxies.has("not-an-ip")).toBe(false);
    expect(parseTrustedProxies(" ").size).toBe(0);
    for (const bad of ["localhost", "10.0.0.0/33", "10.0.0.0/x", "1.2.3.4/8/9", "::1/129"]) {
      expect(() => parseTrustedProxies(bad)).toThrow(/SYNCLANE_TRUSTED_PROXIES/);
    }
  });

  it("normalizes socket and header spellings to the bare IP", () => {
    expect(normalizeAddress("::FFFF:192.0.2.1")).toBe("192.0.2.1");
    expect(normalizeAddress("fe80::1%eth0")).toBe("fe80::1");
    expect(normalizeAddress("[::1]")).toBe("::1");
    expect(normalizeAddress("example.invalid")).toBeNull();
  });
});

describe("the console server's address header", () => {
  const marker = Symbol.for("synclane.clientAddressHeaderWritten");
  afterEach(() => {
    delete (globalThis as Record<symbol, unknown>)[marker];
  });

  it("replaces a copy the client sent with the address from the socket", () => {
    const write = clientAddressHeaderWriter(none);
    const request = {
      headers: { [clientAddressHeader]: "198.51.100.1", "x-forwarded-for": "198.51.100.2" } as Record<string, string | string[] | undefined>,
      socket: { remoteAddress: "203.0.113.9" },
    };
    write(request);
    expect(request.headers[clientAddressHeader]).toBe("203.0.113.9");
    expect(readClientAddressHeader(new Headers(request.headers as Record<string, string>))).toBe("203.0.113.9");
  });

  it("is not believed in a process that is not the console server", () => {
    expect(readClientAddressHeader(new Headers({ [clientAddressHeader]: "198.51.100.1" }))).toBeNull();
  });
});
