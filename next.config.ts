import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and Node-only packages stay out of the server bundle.
  serverExternalPackages: ["@duckdb/node-api", "pg", "pg-copy-streams", "@prisma/adapter-pg", "libpg-query"],
  typedRoutes: false,
  // `npm test` typechecks the whole project (tsc --noEmit) before it builds; doing it again
  // inside `next build` costs half a minute and would let a type error in a CLI script
  // stop the console from starting.
  typescript: { ignoreBuildErrors: true },
  // No "X-Powered-By: Next.js": it only tells a scanner what to try.
  poweredByHeader: false,
  // Headers that do not change per request; the Content-Security-Policy needs a fresh nonce
  // for every page and is set in proxy.ts.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          // The CSP's frame-ancestors 'none' says the same to browsers that read it.
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default nextConfig;
