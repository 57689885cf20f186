import http from "node:http";
import https from "node:https";
import { EndpointRefusedError, guardedRequestOptions } from "@/lib/sync-engine/endpoint-guard";
import { maskUrl } from "./mask-url";

/** Why one delivery attempt failed; the message never carries the URL's token. */
export class DeliveryError extends Error {
  constructor(message: string, readonly retryable = true) {
    super(message);
    this.name = "DeliveryError";
  }
}

// A receiver that accepts the connection and never answers must not hold the scheduler:
// the whole request, connect to last byte, is bounded by this (DataWorks' robots answer
// in well under a second; 10 s leaves room for a slow corporate proxy).
export const defaultDeliveryTimeoutMs = 10_000;
// Robots answer with a small JSON status; anything bigger is cut, never buffered whole.
const maxResponseBytes = 64 * 1024;

export type JsonResponse = { status: number; body: string };

/**
 * POSTs a JSON body to a user-given URL with the connectors' address guard (no link-local
 * or cloud metadata addresses unless SYNCLANE_ALLOW_LINK_LOCAL_ENDPOINTS=true) and one
 * deadline for the whole exchange.
 */
export function postJson(input: { url: string; body: unknown; timeoutMs?: number }): Promise<JsonResponse> {
  const timeoutMs = input.timeoutMs ?? defaultDeliveryTimeoutMs;
  const shown = maskUrl(input.url);
  return new Promise((resolve, reject) => {
    let url: URL;
    let guard;
    try {
      url = new URL(input.url);
      guard = guardedRequestOptions(url, { endpoint: `${url.protocol}//${url.host}` });
    } catch (error) {
      return reject(error instanceof EndpointRefusedError ? new DeliveryError(error.message, false) : new DeliveryError(`${shown} is not a URL that can be posted to.`, false));
    }
    const payload = Buffer.from(JSON.stringify(input.body), "utf8");
    const signal = AbortSignal.timeout(timeoutMs);
    const request = (url.protocol === "https:" ? https : http).request(url, {
      method: "POST",
      headers: { "Content-Type": "application/json; charset=utf-8", "Content-Length": payload.length, "User-Agent": "Synclane-Alerts" },
      signal,
      lookup: guard.lookup,
    });
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        if (size < maxResponseBytes) chunks.push(chunk);
        size += chunk.length;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8").slice(0, maxResponseBytes) }));
      response.on("error", (error) => reject(transportError(error, shown, timeoutMs, signal)));
    });
    request.on("error", (error) => reject(transportError(error, shown, timeoutMs, signal)));
    request.end(payload);
  });
}

function transportError(error: unknown, shown: string, timeoutMs: number, signal: AbortSignal): DeliveryError {
  if (signal.aborted) return new DeliveryError(`${shown} did not answer within ${timeoutMs / 1000} s.`);
  if (error instanceof EndpointRefusedError) return new DeliveryError(error.message, false);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ECONNREFUSED") return new DeliveryError(`${shown} refused the connection (nothing listens there).`);
  if (code === "ENOTFOUND") return new DeliveryError(`The host of ${shown} was not found (DNS).`);
  if (code === "ECONNRESET") return new DeliveryError(`${shown} closed the connection before answering.`);
  return new DeliveryError(`Could not reach ${shown}: ${code ?? (error as Error).message}.`);
}
