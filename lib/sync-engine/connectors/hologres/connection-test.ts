import type { SyncErrorCode } from "../../sync-error";
import { connectHologres, DEFAULT_CONNECT_TIMEOUT_MS, detectServer, type HologresConfig, type ServerFlavour } from "./hologres-config";

export type HologresConnectionTestResult =
  | { ok: true; flavour: ServerFlavour; serverVersion: string; version: string }
  | { ok: false; code: Extract<SyncErrorCode, "TARGET_AUTH_FAILED" | "TARGET_DATABASE_NOT_FOUND" | "TARGET_UNREACHABLE" | "TARGET_TIMEOUT">; message: string };

/**
 * "Test connectivity" for a Hologres data source: connects within 10 s and reports the
 * server (Hologres or PostgreSQL, with its version) or the precise cause of failure.
 */
export async function testHologresConnection(config: HologresConfig, options: { timeoutMs?: number } = {}): Promise<HologresConnectionTestResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const deadline = new Promise<HologresConnectionTestResult>((resolve) => {
    const timer = setTimeout(
      () => resolve({ ok: false, code: "TARGET_TIMEOUT", message: `No answer from ${config.host}:${config.port} within ${Math.round(timeoutMs / 1000)} s: check the endpoint and firewall rules.` }),
      timeoutMs,
    );
    timer.unref();
  });
  const attempt = (async (): Promise<HologresConnectionTestResult> => {
    let client;
    try {
      client = await connectHologres(config, { connectTimeoutMs: timeoutMs });
    } catch (error) {
      const mapped = error as { code: string; message: string };
      return { ok: false, code: mapped.code as "TARGET_UNREACHABLE", message: mapped.message };
    }
    try {
      const server = await detectServer(client);
      const short = server.flavour === "hologres" ? `Hologres ${/Hologres\s*([\d.]+)/i.exec(server.version)?.[1] ?? server.version}` : `PostgreSQL ${/PostgreSQL\s+([\d.]+)/.exec(server.version)?.[1] ?? server.version}`;
      return { ok: true, flavour: server.flavour, serverVersion: short, version: server.version };
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return Promise.race([attempt, deadline]);
}
