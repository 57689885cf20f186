// The address a request came from, as the login throttle counts it. Computed once, by the
// console's own HTTP server (scripts/console-server.ts), from the socket; a header only
// counts when the socket's peer is a proxy the operator listed. No "server-only" here: the
// console server imports this outside React's server environment.
import { BlockList, isIP } from "node:net";

/** The request header the console server writes the address to, after deleting any copy a client sent. */
export const clientAddressHeader = "x-synclane-client-address";

/** Set by the console server in its own process: the header above was written by it. */
const headerWrittenByServer = Symbol.for("synclane.clientAddressHeaderWritten");

export type TrustedProxies = { has: (address: string) => boolean; size: number };

export class TrustedProxiesError extends Error {
  constructor(entry: string) {
    super(
      `SYNCLANE_TRUSTED_PROXIES: "${entry}" is not an IP address or a CIDR range. List the proxies in front of the console, comma-separated, for example 127.0.0.1,10.0.0.0/8,::1.`,
    );
    this.name = "TrustedProxiesError";
  }
}

/** Parses SYNCLANE_TRUSTED_PROXIES: comma-separated IPv4/IPv6 addresses and CIDR ranges. */
export function parseTrustedProxies(setting: string | undefined): TrustedProxies {
  const list = new BlockList();
  const entries = (setting ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address, prefix, ...rest] = entry.split("/");
    const family = isIP(address);
    const bits = Number(prefix);
    if (!family || rest.length) throw new TrustedProxiesError(entry);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) list.addAddress(address, type);
    else if (/^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128)) list.addSubnet(address, bits, type);
    else throw new TrustedProxiesError(entry);
  }
  return {
    size: entries.length,
    has: (address) => {
      const family = isIP(address);
      return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
    },
  };
}

/**
 * An address as written in a socket or an X-Forwarded-For entry, reduced to the bare IP:
 * `::ffff:1.2.3.4` (IPv4 over a dual-stack socket) is 1.2.3.4; a port (`1.2.3.4:5678`,
 * `[::1]:80`) and an IPv6 zone (`fe80::1%eth0`) are dropped. Null when it is not an IP.
 */
export function normalizeAddress(raw: string | undefined): string | null {
  let address = raw?.trim() ?? "";
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  address = address.replace(/%.*$/, "");
  if (/^::ffff:[\d.]+$/i.test(address)) address = address.slice("::ffff:".length);
  return isIP(address) ? address.toLowerCase() : null;
}

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy; then the
 * right-most X-Forwarded-For entry that is not itself a trusted proxy. Entries further left
 * were written by whoever sent the request and prove nothing, so they are never read past
 * the first untrusted one. An entry that is not an IP (a proxy chain we do not understand)
 * gives the peer: all such clients then share one address and one throttle, which is safe.
 */
export function clientAddress(input: {
  peer: string | undefined;
  forwardedFor: string | string[] | undefined;
  trustedProxies: TrustedProxies;
}): string {
  const peer = normalizeAddress(input.peer);
  if (!peer) return "unknown";
  if (!input.trustedProxies.has(peer)) return peer;
  const forwarded = [input.forwardedFor ?? []].flat().flatMap((header) => header.split(",")).map((entry) => entry.trim()).filter(Boolean);
  for (let i = forwarded.length - 1; i >= 0; i -= 1) {
    const address = normalizeAddress(forwarded[i]);
    if (!address) return peer;
    if (!input.trustedProxies.has(address) || i === 0) return address;
  }
  return peer;
}

type NodeRequestLike = { headers: Record<string, string | string[] | undefined>; socket: { remoteAddress?: string } };

/**
 * For the console server: a function that writes each request's client address into
 * `clientAddressHeader`, after deleting any copy the client sent. Creating it marks this
 * process as one whose header the app may believe.
 */
export function clientAddressHeaderWriter(trustedProxies: TrustedProxies): (request: NodeRequestLike) => void {
  (globalThis as Record<symbol, unknown>)[headerWrittenByServer] = true;
  return (request) => {
    delete request.headers[clientAddressHeader];
    request.headers[clientAddressHeader] = clientAddress({
      peer: request.socket.remoteAddress,
      forwardedFor: request.headers["x-forwarded-for"],
      trustedProxies,
    });
  };
}

/**
 * The address the console server wrote, or null when this process is not the console
 * server (`next dev`, a bare `next start`): then the header, if any, came from the client.
 */
export function readClientAddressHeader(headers: { get: (name: string) => string | null }): string | null {
  if ((globalThis as Record<symbol, unknown>)[headerWrittenByServer] !== true) return null;
  return headers.get(clientAddressHeader);
}
