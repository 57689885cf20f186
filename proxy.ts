import { NextResponse, type NextRequest } from "next/server";

// Every page gets a Content-Security-Policy with a fresh nonce. Next.js reads the nonce from
// the request's CSP header and puts it on the scripts it renders; 'strict-dynamic' lets
// those scripts load the page's chunks, and nothing else runs, not even a script injected
// into the HTML. A nonce needs a page rendered per request, which every page here is: they
// all read the session cookie. The other security headers are in next.config.ts.
function contentSecurityPolicy(nonce: string): string {
  // React in development evaluates code for its error overlays and call stacks.
  const devEval = process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : "";
  return [
    "default-src 'self'",
    // 'report-sample': a violation report shows the start of what was refused.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic' 'report-sample'${devEval}`,
    // CodeMirror and Next.js insert style elements and attributes at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

// Paths open without a session; everything else sends a visitor without one to the login.
const isPublic = (pathname: string) =>
  ["/login", "/api/health"].some((path) => pathname === path || pathname.startsWith(`${path}/`));

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy(nonce);

  // The redirect is only a convenience: every page and server action checks the session
  // itself (lib/auth/current-user.ts).
  if (!isPublic(request.nextUrl.pathname) && !request.cookies.has("synclane_session")) {
    const login = new URL("/login", request.url);
    const path = request.nextUrl.pathname + request.nextUrl.search;
    if (path !== "/") login.searchParams.set("next", path);
    const redirect = NextResponse.redirect(login);
    redirect.headers.set("Content-Security-Policy", policy);
    return redirect;
  }

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  // Not for built files and images: they carry no scripts and need no nonce.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|.*\\.png$|.*\\.svg$).*)"],
};
