// The console's HTTP server (what `npm start` runs instead of `next start`): Next.js's
// request handler behind a plain Node server that knows who is calling. `next start` only
// fills in X-Forwarded-For when the client did not send one, so the app could not tell a
// client's address from a client's claim; here the address comes from the socket (or, for
// a proxy listed in SYNCLANE_TRUSTED_PROXIES, from the part of X-Forwarded-For that proxy
// wrote) and reaches the app in a header no client can set (lib/auth/client-address.ts).
//
// Listens on HOST (default 127.0.0.1: workers reach PostgreSQL, not the console, so nothing
// else needs the console's port) and PORT (default 3000). Run with NODE_ENV=production
// after `next build`; scripts/start-console.ts does both.
import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import { clientAddressHeaderWriter, parseTrustedProxies } from "../lib/auth/client-address";

const root = path.resolve(import.meta.dirname, "..");
const hostname = process.env.HOST || "127.0.0.1";
const port = Number(process.env.PORT || 3000);

async function main() {
  const trustedProxies = parseTrustedProxies(process.env.SYNCLANE_TRUSTED_PROXIES);
  const writeClientAddress = clientAddressHeaderWriter(trustedProxies);
  const app = next({ dev: false, dir: root, hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = createServer((request, response) => {
    writeClientAddress(request);
    handle(request, response).catch((error: unknown) => {
      console.error(error);
      if (!response.headersSent) response.statusCode = 500;
      response.end();
    });
  });
  // Stop at once when npm start stops: finish nothing that takes longer than a moment.
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  server.on("error", (error) => {
    console.error(`✖ The console cannot listen on ${hostname}:${port}: ${error.message}`);
    process.exit(1);
  });
  server.listen(port, hostname, () => {
    const proxies = trustedProxies.size ? `; trusting X-Forwarded-For from ${process.env.SYNCLANE_TRUSTED_PROXIES}` : "";
    console.log(`▸ The console listens on ${hostname}:${port}${proxies}`);
  });
}

main().catch((error: unknown) => {
  console.error(`✖ ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
