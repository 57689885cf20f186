import { NextResponse, type NextRequest } from "next/server";

// An early redirect for visitors without a session cookie. It is only a convenience:
// every page and server action checks the session itself (lib/auth/current-user.ts).
export function proxy(request: NextRequest) {
  if (request.cookies.has("synclane_session")) return NextResponse.next();
  const login = new URL("/login", request.url);
  const path = request.nextUrl.pathname + request.nextUrl.search;
  if (path !== "/") login.searchParams.set("next", path);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: ["/((?!login|api/health|_next/static|_next/image|favicon.ico|.*\\.png$|.*\\.svg$).*)"],
};
