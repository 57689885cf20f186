import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and Node-only packages stay out of the server bundle.
  serverExternalPackages: ["@duckdb/node-api", "pg", "pg-copy-streams", "@prisma/adapter-pg"],
  typedRoutes: false,
};

export default nextConfig;
