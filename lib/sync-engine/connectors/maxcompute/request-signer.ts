import { createHmac } from "node:crypto";

/**
 * MaxCompute request signing, version 2 (the `ODPS <AccessKeyId>:<signature>` scheme the
 * official SDKs use for both the REST API and Tunnel):
 *
 *   METHOD\n Content-MD5\n Content-Type\n Date\n
 *   x-odps-* headers, lower-cased, sorted, "name:value\n" (several values joined by ",")
 *   canonical resource: the path below the endpoint's own path (`/api`), percent-decoded,
 *   then "?" and the query parameters sorted by key, `key=value`, or `key` when empty.
 *
 * signature = base64(HMAC-SHA1(AccessKeySecret, string to sign)).
 */

export type HeaderValues = Record<string, string | string[] | undefined>;

/** Builds the canonical resource from a request path and its (decoded) query parameters. */
export function buildCanonicalResource({
  pathname,
  query,
  endpointPath = "",
}: {
  pathname: string;
  query: Iterable<[string, string]>;
  endpointPath?: string;
}): string {
  let path = safeDecode(pathname);
  const prefix = safeDecode(endpointPath).replace(/\/+$/, "");
  if (prefix && (path === prefix || path.startsWith(prefix + "/"))) path = path.slice(prefix.length);
  if (path === "") path = "/";
  const params = [...query].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (params.length === 0) return path;
  return path + "?" + params.map(([key, value]) => (value === "" ? key : `${key}=${value}`)).join("&");
}

/** Builds the string to sign from the method, the headers and the canonical resource. */
export function buildCanonicalString({
  method,
  headers,
  canonicalResource,
}: {
  method: string;
  headers: HeaderValues;
  canonicalResource: string;
}): string {
  const lower = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    lower.set(name.toLowerCase(), Array.isArray(value) ? value.join(",") : value);
  }
  let out = `${method.toUpperCase()}\n${lower.get("content-md5") ?? ""}\n${lower.get("content-type") ?? ""}\n${lower.get("date") ?? ""}\n`;
  out += buildCanonicalOdpsHeaders(lower);
  return out + canonicalResource;
}

/** The sorted `x-odps-*` header lines of the string to sign. */
export function buildCanonicalOdpsHeaders(headers: HeaderValues | Map<string, string>): string {
  const entries: [string, string][] = [];
  const source = headers instanceof Map ? headers.entries() : Object.entries(headers);
  for (const [name, value] of source) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    if (!key.startsWith("x-odps-")) continue;
    entries.push([key, Array.isArray(value) ? value.join(",") : value]);
  }
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.map(([k, v]) => `${k}:${v}\n`).join("");
}

/** base64(HMAC-SHA1(secret, stringToSign)). */
export function computeSignature(stringToSign: string | Uint8Array, accessKeySecret: string | Uint8Array): string {
  return createHmac("sha1", accessKeySecret).update(stringToSign).digest("base64");
}

/** The `Authorization` header value for a request. */
export function signRequest({
  method,
  url,
  headers,
  endpointPath,
  accessKeyId,
  accessKeySecret,
}: {
  method: string;
  url: URL;
  headers: HeaderValues;
  /** The path of the configured endpoint (`/api` for `http://host/api`), not part of the signed resource. */
  endpointPath: string;
  accessKeyId: string;
  accessKeySecret: string;
}): string {
  const canonicalResource = buildCanonicalResource({
    pathname: url.pathname,
    query: url.searchParams.entries(),
    endpointPath,
  });
  const stringToSign = buildCanonicalString({ method, headers, canonicalResource });
  return `ODPS ${accessKeyId}:${computeSignature(stringToSign, accessKeySecret)}`;
}

/** Parses `ODPS <id>:<signature>`; undefined when the header has another shape. */
export function parseAuthorization(value: string | undefined): { accessKeyId: string; signature: string } | undefined {
  if (!value) return undefined;
  const match = /^ODPS ([^:]+):(.+)$/.exec(value.trim());
  if (!match) return undefined;
  return { accessKeyId: match[1], signature: match[2] };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
