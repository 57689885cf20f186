import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { XMLParser } from "fast-xml-parser";
import { EndpointRefusedError, guardedRequestOptions } from "../../endpoint-guard";
import { MaxComputeError, type MaxComputeErrorCode } from "./maxcompute-error";
import { signRequest } from "./request-signer";

export type SignedRequest = {
  method: "GET" | "POST" | "PUT" | "DELETE" | "HEAD";
  /** Full endpoint (`http://host/api` or the Tunnel endpoint). */
  endpoint: string;
  /** Resource path below the endpoint, e.g. `/projects/p/tables/t` (not yet encoded). */
  path: string;
  /** Query parameters; `""` gives a bare key (`?partitions`). */
  query?: [string, string][];
  headers?: Record<string, string>;
  body?: Buffer;
  signal?: AbortSignal;
  /** What a 404 without a more precise service code means here. */
  notFound?: { code: MaxComputeErrorCode; message: string };
};

export type BufferedResponse = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

const USER_AGENT = "synclane-maxcompute/0.1 (Node.js)";
const xmlParser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true });

/**
 * Sends signed requests to the MaxCompute REST API and Tunnel over node:http(s), with a
 * keep-alive agent, a per-request idle timeout, and mapping of transport failures and error
 * bodies (`<Error><Code>` XML or `{"Code","Message"}` JSON) to MaxComputeError. Endpoints
 * are user-given: link-local and cloud metadata addresses are refused before connecting,
 * and an error body that is not MaxCompute's is never shown (only its HTTP status).
 */
export class SignedHttpClient {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });

  constructor(
    private readonly options: {
      accessKeyId: string;
      accessKeySecret: string;
      project: string;
      timeoutMs: number;
    },
  ) {}

  /** Sends a request and buffers the (small) response body; error statuses throw. */
  async send(request: SignedRequest): Promise<BufferedResponse> {
    const response = await this.open(request);
    const body = await readBody(response, request.signal);
    return { status: response.statusCode ?? 0, headers: response.headers, body };
  }

  /** Sends a request and returns the response for streaming; error statuses throw. */
  async open(request: SignedRequest): Promise<IncomingMessage> {
    const endpoint = new URL(request.endpoint);
    const basePath = endpoint.pathname.replace(/\/+$/, "");
    const url = new URL(endpoint.origin);
    url.pathname = basePath + request.path.split("/").map(encodeURIComponent).join("/");
    const search = (request.query ?? [])
      .map(([k, v]) => (v === "" ? encodeURIComponent(k) : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`))
      .join("&");
    url.search = search;

    const body = request.body ?? Buffer.alloc(0);
    const headers: Record<string, string> = {
      Date: new Date().toUTCString(),
      "x-odps-user-agent": USER_AGENT,
      "User-Agent": USER_AGENT,
      "Content-Length": String(body.length),
      ...(request.headers ?? {}),
    };
    headers.Authorization = signRequest({
      method: request.method,
      url,
      headers,
      endpointPath: basePath,
      accessKeyId: this.options.accessKeyId,
      accessKeySecret: this.options.accessKeySecret,
    });

    const response = await this.transmit(url, request, headers, body);
    const status = response.statusCode ?? 0;
    if (status >= 200 && status < 300) return response;
    const errorBody = await readBody(response, request.signal).catch(() => Buffer.alloc(0));
    throw this.errorFromResponse(status, errorBody, request);
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private transmit(
    url: URL,
    request: SignedRequest,
    headers: Record<string, string>,
    body: Buffer,
  ): Promise<IncomingMessage> {
    const isHttps = url.protocol === "https:";
    const lib = isHttps ? https : http;
    const where = `${url.protocol}//${url.host}`;
    return new Promise((resolve, reject) => {
      if (request.signal?.aborted) return reject(abortError(request.signal));
      let guard;
      try {
        guard = guardedRequestOptions(url, { endpoint: where });
      } catch (error) {
        return reject(transportError(error, where, request.signal));
      }
      const req = lib.request(url, {
        method: request.method,
        headers,
        agent: isHttps ? this.httpsAgent : this.httpAgent,
        signal: request.signal,
        // The check runs in the socket's own lookup, so it holds for the address connected to.
        lookup: guard.lookup,
      });
      req.setTimeout(this.options.timeoutMs, () => {
        req.destroy(
          new MaxComputeError(
            "TIMEOUT",
            `MaxCompute at ${where} did not answer within ${this.options.timeoutMs} ms (${request.method} ${request.path}). Check the endpoint and the network, or raise the timeout.`,
            { retryable: true },
          ),
        );
      });
      req.on("response", (response) => {
        // From here on the socket timeout guards the body; callers read it as a stream.
        response.on("error", () => undefined);
        resolve(response);
      });
      req.on("error", (error) => reject(transportError(error, where, request.signal)));
      req.end(body);
    });
  }

  private errorFromResponse(status: number, body: Buffer, request: SignedRequest): MaxComputeError {
    const parsed = parseMaxComputeErrorBody(body);
    if (!parsed) return notMaxComputeAnswer(status, request);
    const { code, message, requestId } = parsed;
    const detail = message ? `: ${message}` : "";
    const service = `(HTTP ${status}${code ? ` ${code}` : ""}${requestId ? `, request ${requestId}` : ""})`;
    const details = { status, serviceCode: code, requestId };
    const project = this.options.project;
    if (
      status === 401 ||
      status === 403 ||
      code === "SignatureNotMatch" ||
      code === "Unauthorized" ||
      code === "InvalidAccessKeyId" ||
      code === "AuthorizationRequired" ||
      code === "NoPermission" ||
      code === "AccessDenied"
    ) {
      return new MaxComputeError(
        "AUTH_FAILED",
        `MaxCompute refused the AccessKey ID "${this.options.accessKeyId}" for project ${project} ${service}${detail}. Check the AccessKey ID and secret of the data source, and that the account may read the project.`,
        details,
      );
    }
    if (code === "NoSuchProject" || code === "ODPS-0420111" || (status === 404 && /project/i.test(message ?? "") && !/table/i.test(message ?? ""))) {
      return new MaxComputeError(
        "PROJECT_NOT_FOUND",
        `MaxCompute has no project named ${project} ${service}${detail}. Check the project name of the data source.`,
        details,
      );
    }
    if (code === "NoSuchPartition") {
      return new MaxComputeError("PARTITION_NOT_FOUND", `${request.notFound?.code === "PARTITION_NOT_FOUND" ? request.notFound.message : "The partition does not exist"} ${service}${detail}.`, details);
    }
    if (status === 404 || code === "NoSuchTable" || code === "NoSuchObject") {
      const hint = request.notFound ?? { code: "BAD_REQUEST" as const, message: `Not found: ${request.path}` };
      return new MaxComputeError(hint.code, `${hint.message} ${service}${detail}.`, details);
    }
    if (status >= 500) {
      return new MaxComputeError(
        "SERVER_ERROR",
        `MaxCompute failed ${request.method} ${request.path} ${service}${detail}. This is usually temporary; retry later.`,
        { ...details, retryable: true },
      );
    }
    return new MaxComputeError("BAD_REQUEST", `MaxCompute refused ${request.method} ${request.path} ${service}${detail}.`, details);
  }
}

/** What a service error says, with bounds: the fields are shown to users as they are. */
type ServiceError = { code?: string; message?: string; requestId?: string };

const field = (value: unknown, max: number) =>
  typeof value === "string" || typeof value === "number" ? String(value).trim().slice(0, max) || undefined : undefined;

/**
 * Parses MaxCompute's error body: REST answers `<Error><Code>..</Code><Message>..</Message>
 * <RequestId>..</RequestId></Error>`, Tunnel answers `{"Code":..,"Message":..}`. Anything
 * else is null: the endpoint may be any server (an internal one, a metadata service), and
 * its body must not travel back to the user in an error message.
 */
export function parseMaxComputeErrorBody(body: Buffer): ServiceError | null {
  const text = body.toString("utf8").trim();
  let error: Record<string, unknown> | undefined;
  if (text.startsWith("{")) {
    try {
      const json: unknown = JSON.parse(text);
      if (json && typeof json === "object" && !Array.isArray(json)) error = json as Record<string, unknown>;
    } catch {
      return null;
    }
  } else if (text.startsWith("<")) {
    try {
      const parsed = xmlParser.parse(text) as { Error?: unknown };
      if (parsed.Error && typeof parsed.Error === "object") error = parsed.Error as Record<string, unknown>;
    } catch {
      return null;
    }
  }
  const code = field(error?.Code, 100);
  if (!error || !code) return null;
  return { code, message: field(error.Message, 500), requestId: field(error.RequestId, 100) };
}

/** An error status whose body is not MaxCompute's: only the status is told, with what to check. */
function notMaxComputeAnswer(status: number, request: SignedRequest): MaxComputeError {
  const where = new URL(request.endpoint).origin;
  const message = `${where} answered ${request.method} ${request.path} with HTTP ${status}, and the endpoint did not answer like MaxCompute: check the endpoint URL of the data source (an ODPS endpoint ends in /api).`;
  if (status >= 500) return new MaxComputeError("SERVER_ERROR", message, { status, retryable: true });
  return new MaxComputeError(status === 401 || status === 403 ? "AUTH_FAILED" : "BAD_REQUEST", message, { status });
}

function transportError(error: unknown, where: string, signal?: AbortSignal): unknown {
  if (error instanceof MaxComputeError) return error;
  if (signal?.aborted) return abortError(signal);
  // Refused by rule, not by the network: retrying cannot help.
  if (error instanceof EndpointRefusedError) return new MaxComputeError("ENDPOINT_UNREACHABLE", error.message, { cause: error });
  const code = (error as NodeJS.ErrnoException).code ?? "";
  const message = (error as Error).message ?? String(error);
  if (code === "ETIMEDOUT") {
    return new MaxComputeError("TIMEOUT", `Connecting to MaxCompute at ${where} timed out. Check the endpoint and the network.`, {
      retryable: true,
      cause: error,
    });
  }
  if (["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"].includes(code)) {
    return new MaxComputeError(
      "ENDPOINT_UNREACHABLE",
      `Cannot reach MaxCompute at ${where} (${code}). Check the endpoint URL of the data source and that the service is running and reachable from this machine.`,
      { retryable: true, cause: error },
    );
  }
  return new MaxComputeError("ENDPOINT_UNREACHABLE", `The connection to MaxCompute at ${where} failed (${code || message}). It is retried where possible.`, {
    retryable: true,
    cause: error,
  });
}

export function abortError(signal: AbortSignal): Error {
  const reason = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error("The operation was aborted");
  error.name = "AbortError";
  return error;
}

async function readBody(response: IncomingMessage, signal?: AbortSignal): Promise<Buffer> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of response) chunks.push(chunk as Buffer);
  } catch (error) {
    throw transportError(error, "the response", signal);
  }
  return Buffer.concat(chunks);
}

/** Retries `action` on retryable MaxComputeErrors with exponential backoff. */
export async function withRetries<T>(
  action: () => Promise<T>,
  { attempts = 3, baseDelayMs = 200, signal }: { attempts?: number; baseDelayMs?: number; signal?: AbortSignal } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      // A timed-out metadata call is not repeated: with a 10 s timeout, three attempts would
      // keep "Test connectivity" waiting half a minute for an endpoint that drops packets.
      const retryable = error instanceof MaxComputeError && error.retryable && error.code !== "TIMEOUT";
      if (!retryable || attempt >= attempts || signal?.aborted) throw error;
      await sleep(baseDelayMs * 2 ** (attempt - 1), signal);
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
