// Vitest runs lib/data outside Next.js; "server-only" only guards client bundles.
export {};
