import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and Node-only packages stay out of the server bundle.
  serverExternalPackages: ["@duckdb/node-api", "pg", "pg-copy-streams", "@prisma/adapter-pg", "libpg-query"],
  typedRoutes: false,
  // `npm test` typechecks the whole project (tsc --noEmit) before it builds; doing it again
  // inside `next build` costs half a minute and would let a type error in a CLI script
  // stop the console from starting.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
