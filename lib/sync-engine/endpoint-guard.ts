import dns from "node:dns";
import net from "node:net";

/**
 * Endpoints come from users (a data source's ODPS or Tunnel endpoint, a Hologres host).
 * Connecting to whatever they name would let a data source probe the machine's own
 * neighbourhood: a cloud VM's metadata service answers anyone on the host with its
 * credentials. So every address an endpoint resolves to is checked before connecting,
 * and link-local and metadata addresses are refused unless the operator allows them.
 */
export const ALLOW_LINK_LOCAL_ENDPOINTS_VARIABLE = "SYNCLANE_ALLOW_LINK_LOCAL_ENDPOINTS";

/** The process environment, or a stand-in for it in tests. */
type Environment = Record<string, string | undefined>;

function blockList(add: (list: net.BlockList) => void): net.BlockList {
  const list = new net.BlockList();
  add(list);
  return list;
}

// BlockList also matches IPv4-mapped IPv6 addresses (::ffff:169.254.169.254 and
// ::ffff:a9fe:a9fe) against the IPv4 rules, so the mapped forms need no rules of their own.
const refusedRanges: { kind: string; list: net.BlockList }[] = [
  {
    // 169.254.169.254 (AWS, Google Cloud, Azure, most others) lies in this range.
    kind: "link-local address (169.254.0.0/16, where cloud metadata services answer)",
    list: blockList((list) => list.addSubnet("169.254.0.0", 16, "ipv4")),
  },
  { kind: "IPv6 link-local address (fe80::/10)", list: blockList((list) => list.addSubnet("fe80::", 10, "ipv6")) },
  // AWS's metadata service over IPv6.
  { kind: "cloud metadata address (fd00:ec2::254)", list: blockList((list) => list.addAddress("fd00:ec2::254", "ipv6")) },
  // Alibaba Cloud's metadata service is not link-local: it answers at 100.100.100.200,
  // inside the shared 100.64.0.0/10 range, which is otherwise a normal private network.
  {
    kind: "cloud metadata address (100.100.100.200, Alibaba Cloud)",
    list: blockList((list) => list.addAddress("100.100.100.200", "ipv4")),
  },
];

/** Why a resolved IP address may not be connected to, or null when it may. */
export function refusedAddressKind(address: string): string | null {
  const family = net.isIP(address);
  if (family === 0) return null;
  const type = family === 4 ? "ipv4" : "ipv6";
  return refusedRanges.find(({ list }) => list.check(address, type))?.kind ?? null;
}

export function linkLocalEndpointsAllowed(env: Environment = process.env): boolean {
  return env[ALLOW_LINK_LOCAL_ENDPOINTS_VARIABLE] === "true";
}

/** An endpoint that resolves to an address Synclane does not connect to. */
export class EndpointRefusedError extends Error {
  readonly code = "ENDPOINT_REFUSED";

  constructor(
    readonly endpoint: string,
    readonly host: string,
    readonly address: string,
    readonly kind: string,
  ) {
    const resolved = bareHost(host) === address ? "is" : `resolves to ${address},`;
    super(
      `The endpoint ${endpoint} ${resolved} a ${kind}. Synclane does not connect to link-local or cloud metadata addresses, so that a data source cannot read the server's own cloud credentials. Use the service's real endpoint, or set ${ALLOW_LINK_LOCAL_ENDPOINTS_VARIABLE}=true for the console and the workers if this endpoint is meant.`,
    );
    this.name = "EndpointRefusedError";
  }
}

export type ResolvedAddress = { address: string; family: number };

/** Resolves a host name to all its addresses (`dns.lookup` with `all`), the way sockets do. */
export type AddressLookup = (host: string) => Promise<ResolvedAddress[]>;

export const systemLookup: AddressLookup = (host) => dns.promises.lookup(host, { all: true, verbatim: true });

/** Throws EndpointRefusedError for the first refused address, unless allowed by configuration. */
export function checkResolvedAddresses(input: {
  endpoint: string;
  host: string;
  addresses: readonly ResolvedAddress[];
  env?: Environment;
}): void {
  if (linkLocalEndpointsAllowed(input.env)) return;
  for (const { address } of input.addresses) {
    const kind = refusedAddressKind(address);
    if (kind) throw new EndpointRefusedError(input.endpoint, input.host, address, kind);
  }
}

/** A URL's host name keeps the brackets of an IPv6 literal; lookups and sockets take it without. */
export function bareHost(host: string): string {
  return host.replace(/^\[(.*)\]$/, "$1");
}

/**
 * Resolves a host and checks every address it resolves to; the caller connects to one of
 * the returned addresses, never to the name again (a second lookup could answer
 * differently: DNS rebinding).
 */
export async function resolveAllowedAddresses(
  host: string,
  options: { endpoint?: string; lookup?: AddressLookup; env?: Environment } = {},
): Promise<ResolvedAddress[]> {
  const addresses = await (options.lookup ?? systemLookup)(bareHost(host));
  checkResolvedAddresses({ endpoint: options.endpoint ?? host, host, addresses, env: options.env });
  return addresses;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A `lookup` for node:net, node:http and node:https requests: it resolves like the
 * default one and refuses before any connection is attempted, for the addresses the
 * socket will actually use. With `all` (Node's happy-eyeballs connect asks for it) it
 * answers the whole list, otherwise the first address.
 */
export function guardedLookup(
  endpoint: string,
  options: { lookup?: AddressLookup; env?: Environment } = {},
): (hostname: string, lookupOptions: dns.LookupOptions, callback: LookupCallback) => void {
  return (hostname, lookupOptions, callback) => {
    resolveAllowedAddresses(hostname, { endpoint, lookup: options.lookup, env: options.env }).then(
      (addresses) => {
        const wanted = lookupOptions.family ? addresses.filter((entry) => entry.family === lookupOptions.family) : addresses;
        if (wanted.length === 0) {
          const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
          error.code = "ENOTFOUND";
          return callback(error, "", 0);
        }
        if (lookupOptions.all) return callback(null, wanted);
        callback(null, wanted[0].address, wanted[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 0),
    );
  };
}

/**
 * The `lookup` option for an HTTP request to a user-given URL. Node does not call
 * `lookup` for an IP literal, so a literal host is checked here, now; a host name is
 * checked when the socket resolves it.
 */
export function guardedRequestOptions(
  url: URL,
  options: { endpoint?: string; lookup?: AddressLookup; env?: Environment } = {},
): { lookup: ReturnType<typeof guardedLookup> } {
  const endpoint = options.endpoint ?? url.origin;
  const host = bareHost(url.hostname);
  if (net.isIP(host)) checkResolvedAddresses({ endpoint, host, addresses: [{ address: host, family: net.isIP(host) }], env: options.env });
  return { lookup: guardedLookup(endpoint, options) };
}
