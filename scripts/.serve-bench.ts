import { startLocalMaxCompute } from "../lib/maxcompute-local";
const s = await startLocalMaxCompute({ dataDir: "bench-results/maxcompute-data", port: 8199, project: "synclane_bench", accessKeyId: "bench-key-id", accessKeySecret: "bench-key-secret" });
console.log(s.endpoint, s.tunnelEndpoint);
process.on("SIGINT", () => process.exit(0));
await new Promise(() => {});
