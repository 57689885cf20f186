/**
 * Where to send the browser after a login: `next` when it stays on this origin, else "/".
 *
 * The browser, not a string test, decides where a redirect goes: it treats `\` as `/` and
 * drops tabs and newlines, so `/\example.invalid/` and `/<tab>/example.invalid/` both mean
 * `//example.invalid/`, another host. Resolving `next` with the WHATWG URL parser (the
 * browser's rules) and comparing origins catches every such spelling; the path returned is
 * the parser's own serialization, so the browser reads exactly what was checked.
 */
export function safeNextPath(next: string | null | undefined, origin: string = loginOrigin): string {
  if (!next) return "/";
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return "/";
  }
  if (url.origin !== origin) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * The origin `next` is resolved against. Any fixed origin works for the check (a relative
 * path stays on whatever origin it is resolved against); a fixed one means no request
 * header, which a client controls, takes part. An absolute URL, even of the console's real
 * origin, is refused: the console itself only ever passes paths.
 */
export const loginOrigin = "http://synclane.invalid";
