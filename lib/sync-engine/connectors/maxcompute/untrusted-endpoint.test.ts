import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createMaxComputeClient, MaxComputeError } from ".";
import { onlyLoopbackConnects } from "../../testing/only-loopback-connects";

// A data source's endpoint is whatever its editor typed: an internal service, a metadata
// service. These tests stand such a server up on 127.0.0.1 and check that its answers
// never travel back in an error, and that link-local endpoints are refused before any
// socket exists.
const MARKER = "INTERNAL-ONLY-7f3a9c";
const credentials = { project: "p1", accessKeyId: "LTAIuntrusted", accessKeySecret: "untrusted-secret" };

type Answer = { status: number; type: string; body: string };
let answer: (request: http.IncomingMessage) => Answer;
let server: http.Server;
let base = "";

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const { status, type, body } = answer(request);
    response.writeHead(status, { "Content-Type": type });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function failure(promise: Promise<unknown>): Promise<MaxComputeError> {
  const error = await promise.then(
    () => new Error("expected a failure"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MaxComputeError);
  return error as MaxComputeError;
}

const client = (overrides: { endpoint?: string; tunnelEndpoint?: string } = {}) =>
  createMaxComputeClient({ endpoint: `${base}/api`, ...credentials, timeoutMs: 5_000, ...overrides });

describe("answers from a server that is not MaxCompute", () => {
  it.each([
    { status: 404, type: "text/html", body: `<html><body><h1>Not Found</h1><p>${MARKER}</p></body></html>` },
    { status: 403, type: "text/plain", body: `access key ${MARKER}` },
    { status: 400, type: "application/json", body: JSON.stringify({ error: MARKER, token: MARKER }) },
    { status: 500, type: "text/plain", body: `${MARKER} `.repeat(100) },
    { status: 404, type: "application/xml", body: `<Document><Secret>${MARKER}</Secret></Document>` },
  ])("shows only HTTP $status, never the body ($type)", async (reply) => {
    answer = () => reply;
    const error = await failure(client().testConnectivity());
    expect(error.message).not.toContain(MARKER);
    expect(error.message).toContain(`HTTP ${reply.status}`);
    expect(error.message).toContain("the endpoint did not answer like MaxCompute: check the endpoint URL");
    expect(error.status).toBe(reply.status);
  });

  it("does not report a successful answer that is not a table list as connected", async () => {
    answer = () => ({ status: 200, type: "text/plain", body: `ami-id\ninstance-id\n${MARKER}` });
    const error = await failure(client().testConnectivity());
    expect(error.message).not.toContain(MARKER);
    expect(error.message).toContain("did not answer like MaxCompute");
  });

  it("still shows a MaxCompute error's code, message and request id", async () => {
    answer = () => ({
      status: 404,
      type: "application/xml",
      body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchProject</Code><Message>ODPS-0420111: Project not found - 'p1'.</Message><RequestId>req-42</RequestId></Error>`,
    });
    const error = await failure(client().testConnectivity());
    expect(error.code).toBe("PROJECT_NOT_FOUND");
    expect(error.message).toContain("(HTTP 404 NoSuchProject, request req-42): ODPS-0420111: Project not found - 'p1'.");
  });

  it("does not take another server's text as the Tunnel endpoint", async () => {
    answer = (request) =>
      /\/tunnel\?service/.test(request.url ?? "")
        ? { status: 200, type: "text/plain", body: `secret=${MARKER}; more text` }
        : { status: 200, type: "application/xml", body: `<Table><Name>t</Name><Schema>{"columns":[{"name":"x","type":"bigint"}]}</Schema></Table>` };
    const error = await failure(client().openDownloadSession({ table: "t" }));
    expect(error.message).not.toContain(MARKER);
    expect(error.message).toContain("did not name a Tunnel endpoint the way MaxCompute does");
  });

  it("does not quote a download answer that is not JSON", async () => {
    answer = (request) =>
      request.method === "POST"
        ? { status: 200, type: "text/plain", body: `not json ${MARKER}` }
        : { status: 200, type: "application/xml", body: `<Table><Name>t</Name><Schema>{"columns":[{"name":"x","type":"bigint"}]}</Schema></Table>` };
    const error = await failure(client({ tunnelEndpoint: `${base}/tunnel` }).openDownloadSession({ table: "t" }));
    expect(error.message).not.toContain(MARKER);
    expect(error.message).toContain("did not answer like MaxCompute Tunnel");
  });
});


describe("link-local and metadata endpoints", () => {
  it.each([
    ["http://169.254.169.254/api", "link-local"],
    ["http://[::ffff:169.254.169.254]/api", "link-local"],
    ["http://[fd00:ec2::254]/api", "fd00:ec2::254"],
    ["http://100.100.100.200/api", "Alibaba Cloud"],
  ])("refuses %s before any connection is attempted", async (endpoint, kind) => {
    const refused = onlyLoopbackConnects();
    const started = performance.now();
    const error = await failure(client({ endpoint }).testConnectivity());
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(refused).toEqual([]);
    expect(error.code).toBe("ENDPOINT_UNREACHABLE");
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(kind);
    expect(error.message).toContain("SYNCLANE_ALLOW_LINK_LOCAL_ENDPOINTS=true");
  });

  it("refuses a metadata Tunnel endpoint the same way", async () => {
    const refused = onlyLoopbackConnects();
    answer = () => ({ status: 200, type: "application/xml", body: `<Table><Name>t</Name><Schema>{"columns":[{"name":"x","type":"bigint"}]}</Schema></Table>` });
    const error = await failure(client({ tunnelEndpoint: "http://169.254.169.254/tunnel" }).openDownloadSession({ table: "t" }));
    expect(refused).toEqual([]);
    expect(error.message).toMatch(/^The endpoint http:\/\/169\.254\.169\.254 is a link-local address/);
  });
});
