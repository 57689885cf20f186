import { randomBytes, timingSafeEqual } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { XMLBuilder } from "fast-xml-parser";
import { parsePartitionPairs, partitionValueProblem } from "../sync-engine/connectors/maxcompute/partition-spec";
import {
  buildCanonicalResource,
  buildCanonicalString,
  computeSignature,
  parseAuthorization,
} from "../sync-engine/connectors/maxcompute/request-signer";
import { LocalCatalogError, LocalMaxComputeCatalog, type LocalTable } from "./local-maxcompute-catalog";
import { streamRowRange } from "./tunnel-range-stream";

export type LocalMaxComputeOptions = {
  /** Folder of the DuckDB file; default `.synclane/maxcompute`. */
  dataDir?: string;
  /** Port to listen on; 0 picks a free one. Default 0. */
  port?: number;
  host?: string;
  project: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** Use an already open catalog instead of opening `dataDir` (the caller closes it). */
  catalog?: LocalMaxComputeCatalog;
  /** Accepted clock difference of the `Date` header (default 15 minutes, as MaxCompute). */
  maxClockSkewMs?: number;
};

export type LocalMaxComputeService = {
  /** ODPS endpoint, `http://host:port/api`. */
  endpoint: string;
  /** Tunnel endpoint, `http://host:port/tunnel`. */
  tunnelEndpoint: string;
  port: number;
  project: string;
  catalog: LocalMaxComputeCatalog;
  close(): Promise<void>;
};

export const DEFAULT_DATA_DIR = path.join(".synclane", "maxcompute");

type Session = { id: string; table: string; spec: string; recordCount: number; created: number };

type ErrorShape = "xml" | "json";

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Starts the local MaxCompute-compatible service: the REST API under `/api` and Tunnel
 * under `/tunnel` of one HTTP server, signature-checked against one AccessKey pair.
 */
export async function startLocalMaxCompute(options: LocalMaxComputeOptions): Promise<LocalMaxComputeService> {
  const ownsCatalog = !options.catalog;
  const catalog = options.catalog ?? (await LocalMaxComputeCatalog.open({ dataDir: options.dataDir ?? DEFAULT_DATA_DIR }));
  const host = options.host ?? "127.0.0.1";
  const project = options.project;
  const sessions = new Map<string, Session>();
  const maxSkew = options.maxClockSkewMs ?? 15 * 60_000;

  // Requests still reading from DuckDB: the catalog is closed only after they end, since
  // closing a DuckDB instance under a running query crashes the process (a test worker died
  // so when the service was stopped in the middle of a download).
  const inFlight = new Set<Promise<void>>();
  const server = http.createServer((req, res) => {
    const handled = handle(req, res).catch((error) => {
      if (!res.headersSent) {
        const shape: ErrorShape = (req.url ?? "").startsWith("/tunnel") ? "json" : "xml";
        sendError(res, shape, new HttpError(500, "InternalServerError", `Internal error: ${(error as Error).message}`));
      } else {
        res.destroy(error as Error);
      }
    });
    inFlight.add(handled);
    void handled.finally(() => inFlight.delete(handled));
  });
  server.keepAliveTimeout = 65_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://local");
    const mount = url.pathname.startsWith("/api/") || url.pathname === "/api" ? "/api" : url.pathname.startsWith("/tunnel/") ? "/tunnel" : null;
    const shape: ErrorShape = mount === "/tunnel" ? "json" : "xml";
    try {
      if (!mount) throw new HttpError(404, "NoSuchObject", `Unknown path ${url.pathname}; the ODPS endpoint is /api and the Tunnel endpoint is /tunnel.`);
      verifySignature(req, url, mount);
      const parts = url.pathname.slice(mount.length).split("/").filter(Boolean).map(decodeURIComponent);
      if (parts[0] !== "projects" || !parts[1]) throw new HttpError(404, "NoSuchObject", `Unknown resource ${url.pathname}`);
      if (parts[1] !== project) throw new HttpError(404, "NoSuchProject", `ODPS-0420111: Project not found - '${parts[1]}'.`);
      const q = url.searchParams;
      if (mount === "/api") {
        if (parts.length === 2 && req.method === "GET") return sendXml(res, 200, projectXml());
        if (parts[2] === "tunnel" && parts.length === 3 && q.has("service")) {
          return send(res, 200, "text/plain", `${req.headers.host ?? `${host}:${port()}`}/tunnel`);
        }
        if (parts[2] === "tables" && parts.length === 3 && req.method === "GET") return await listTables(res, q);
        if (parts[2] === "tables" && parts.length === 4 && req.method === "GET") {
          const table = await requireTable(parts[3]);
          if (q.has("partitions")) return await listPartitions(res, table, q);
          return sendXml(res, 200, await tableXml(table));
        }
      } else {
        if (parts[2] === "tables" && parts.length === 4) {
          const table = await requireTable(parts[3]);
          if (req.method === "POST" && q.has("downloads")) return await createDownload(res, table, q);
          if (req.method === "GET" && q.has("downloadid") && q.has("data")) return await readDownload(req, res, table, q);
          if (req.method === "GET" && q.has("downloadid")) return sendJson(res, 200, sessionJson(requireSession(q.get("downloadid")!, table), table));
        }
      }
      throw new HttpError(400, "InvalidArgument", `Unsupported request ${req.method} ${url.pathname}${url.search} (the local service implements the subset of the protocol Synclane uses).`);
    } catch (error) {
      if (error instanceof HttpError) return sendError(res, shape, error);
      if (error instanceof LocalCatalogError) {
        const status = error.code === "NoSuchTable" || error.code === "NoSuchPartition" ? 404 : error.code === "InvalidArgument" ? 400 : 409;
        const code = error.code === "NoSuchTable" && shape === "xml" ? "NoSuchObject" : error.code;
        return sendError(res, shape, new HttpError(status, code, error.message));
      }
      throw error;
    }
  }

  function verifySignature(req: IncomingMessage, url: URL, mount: string): void {
    const auth = parseAuthorization(req.headers.authorization);
    if (!auth) throw new HttpError(401, "Unauthorized", "ODPS-0410041: Missing authorization - the request is not signed (Authorization: ODPS <AccessKeyId>:<signature>).");
    if (auth.accessKeyId !== options.accessKeyId) {
      throw new HttpError(401, "Unauthorized", `ODPS-0410051: Invalid credentials - accessKeyId not found: ${auth.accessKeyId}`);
    }
    const date = req.headers.date;
    const when = date ? Date.parse(date) : Number.NaN;
    if (Number.isNaN(when)) throw new HttpError(403, "AuthorizationRequired", "ODPS-0410041: Missing or invalid Date header.");
    if (Math.abs(Date.now() - when) > maxSkew) {
      throw new HttpError(403, "RequestTimeTooSkewed", `ODPS-0410031: Authorization error - the request date ${date} is too far from the server time.`);
    }
    const canonicalResource = buildCanonicalResource({ pathname: url.pathname, query: url.searchParams.entries(), endpointPath: mount });
    const stringToSign = buildCanonicalString({
      method: req.method ?? "GET",
      headers: req.headers as Record<string, string | string[] | undefined>,
      canonicalResource,
    });
    const expected = Buffer.from(computeSignature(stringToSign, options.accessKeySecret));
    const given = Buffer.from(auth.signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new HttpError(401, "SignatureNotMatch", "ODPS-0410042: Invalid signature value - User signature does not match.");
    }
  }

  async function requireTable(name: string): Promise<LocalTable> {
    const table = await catalog.getTable(name);
    if (!table) throw new LocalCatalogError("NoSuchTable", `ODPS-0130131: Table not found - '${project}.${name}'`);
    return table;
  }

  async function listTables(res: ServerResponse, q: URLSearchParams): Promise<void> {
    const prefix = (q.get("name") ?? "").toLowerCase();
    const maxItems = clampInt(q.get("maxitems"), 1000, 1, 10000);
    const marker = q.get("marker") ?? "";
    const after = marker ? Buffer.from(marker, "base64url").toString("utf8") : "";
    const all = (await catalog.listTables()).filter((t) => t.name.startsWith(prefix) && t.name > after);
    const page = all.slice(0, maxItems);
    const next = all.length > maxItems ? Buffer.from(page[page.length - 1].name).toString("base64url") : "";
    sendXml(res, 200, {
      Tables: {
        Table: page.map((t) => ({
          Name: t.name,
          TableId: tableId(t),
          Comment: t.comment,
          Owner: owner(),
          Type: "MANAGED_TABLE",
          CreationTime: httpDate(t.createdMs),
          LastModifiedTime: httpDate(t.lastModifiedMs),
        })),
        Marker: next,
        MaxItems: maxItems,
      },
    });
  }

  async function listPartitions(res: ServerResponse, table: LocalTable, q: URLSearchParams): Promise<void> {
    const maxItems = clampInt(q.get("maxitems"), 1000, 1, 10000);
    const marker = q.get("marker") ?? "";
    const after = marker ? Buffer.from(marker, "base64url").toString("utf8") : "";
    let all = (await catalog.listPartitions(table.name)).filter((p) => p.text > after);
    const only = q.get("partition");
    if (only) {
      // As the SDKs send it (`k1='v1',k2='v2'`, Java Table.getPartitionIterator): the values
      // of some leading partition columns; the partitions under them are listed.
      let wanted: [string, string][];
      try {
        wanted = parsePartitionPairs(only);
      } catch (error) {
        throw new HttpError(400, "InvalidPartitionSpec", (error as Error).message);
      }
      all = all.filter((p) => wanted.every(([k, v]) => p.values.some(([key, value]) => key === k && value === v)));
    }
    const page = all.slice(0, maxItems);
    const next = all.length > maxItems ? Buffer.from(page[page.length - 1].text).toString("base64url") : "";
    sendXml(res, 200, {
      Partitions: {
        Partition: page.map((p) => ({
          Column: p.values.map(([name, value]) => ({ "@Name": name, "@Value": value })),
          CreationTime: Math.floor(p.createdMs / 1000),
          LastDDLTime: Math.floor(p.createdMs / 1000),
          LastModifiedTime: Math.floor(p.lastModifiedMs / 1000),
          PartitionSize: 0,
          PartitionRecordCount: p.rowCount,
        })),
        Marker: next,
        MaxItems: maxItems,
      },
    });
  }

  async function tableXml(table: LocalTable): Promise<XmlDocument> {
    const recordNum = await catalog.totalRowCount(table.name);
    const toJson = (c: { name: string; type: string; comment: string }) => ({
      name: c.name,
      type: c.type,
      comment: c.comment,
      isNullable: true,
      defaultValue: null,
      label: "",
    });
    const schema = {
      tableName: table.name,
      comment: table.comment,
      owner: owner(),
      createTime: Math.floor(table.createdMs / 1000),
      lastDDLTime: Math.floor(table.createdMs / 1000),
      lastModifiedTime: Math.floor(table.lastModifiedMs / 1000),
      lastAccessTime: Math.floor(Date.now() / 1000),
      isVirtualView: false,
      isExternal: false,
      lifecycle: -1,
      size: 0,
      recordNum,
      columns: table.columns.map(toJson),
      partitionKeys: table.partitionColumns.map(toJson),
    };
    return {
      Table: {
        "@format": "json",
        Name: table.name,
        TableId: tableId(table),
        Comment: table.comment,
        Owner: owner(),
        Project: project,
        SchemaName: "",
        Type: "MANAGED_TABLE",
        CreationTime: httpDate(table.createdMs),
        LastModifiedTime: httpDate(table.lastModifiedMs),
        Schema: JSON.stringify(schema),
      },
    };
  }

  async function createDownload(res: ServerResponse, table: LocalTable, q: URLSearchParams): Promise<void> {
    const partition = catalog.tunnelPartitionSpec(table, q.get("partition") ?? undefined);
    const spec = partition?.text ?? "";
    const recordCount = await catalog.rowCount(table.name, spec);
    if (recordCount === undefined) {
      // No partition holds a value MaxCompute refuses: say which rule, not just "not found".
      const problem = partition?.values.map(([key, value]) => partitionValueProblem(key, value)).find(Boolean);
      if (problem) throw new HttpError(400, "InvalidPartitionSpec", problem);
      throw new HttpError(404, "NoSuchPartition", `ODPS-0130131: Partition not found - '${spec}' of table '${project}.${table.name}'`);
    }
    for (const [id, s] of sessions) if (Date.now() - s.created > 24 * 3600_000) sessions.delete(id);
    const id = `${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}${randomBytes(12).toString("hex")}`;
    const session: Session = { id, table: table.name, spec, recordCount, created: Date.now() };
    sessions.set(id, session);
    sendJson(res, 201, sessionJson(session, table));
  }

  function requireSession(id: string, table: LocalTable): Session {
    const session = sessions.get(id);
    if (!session || session.table !== table.name) {
      throw new HttpError(404, "NoSuchDownload", `Download session ${id} does not exist or expired; open a new one.`);
    }
    return session;
  }

  function sessionJson(session: Session, table: LocalTable) {
    const column = (c: { name: string; type: string; comment: string }) => ({
      column_id: "",
      comment: c.comment,
      default_value: "",
      name: c.name,
      nullable: true,
      type: c.type,
    });
    return {
      DownloadID: session.id,
      Initiated: new Date(session.created).toUTCString(),
      Owner: owner(),
      RecordCount: session.recordCount,
      Schema: { IsVirtualView: false, columns: table.columns.map(column), partitionKeys: table.partitionColumns.map(column) },
      Status: "normal",
    };
  }

  async function readDownload(req: IncomingMessage, res: ServerResponse, table: LocalTable, q: URLSearchParams): Promise<void> {
    const session = requireSession(q.get("downloadid")!, table);
    const range = /^\(\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(q.get("rowrange") ?? "");
    if (!range) throw new HttpError(400, "InvalidRowRange", "rowrange must look like (start,count).");
    const start = Number(range[1]);
    const count = Number(range[2]);
    if (start + count > session.recordCount) {
      throw new HttpError(400, "InvalidRowRange", `Row range (${start},${count}) exceeds the ${session.recordCount} records of the session.`);
    }
    const names = (q.get("columns") ?? "").split(",").map((c) => c.trim().toLowerCase()).filter(Boolean);
    const columnIndexes =
      names.length === 0
        ? table.columns.map((_, i) => i)
        : names.map((n) => {
            const index = table.columns.findIndex((c) => c.name === n);
            if (index < 0) throw new HttpError(400, "InvalidColumnSpec", `Column ${n} does not exist in table ${table.name}.`);
            return index;
          });
    const abort = new AbortController();
    res.on("close", () => abort.abort());
    res.writeHead(200, {
      "Content-Type": "application/octet-stream",
      "x-odps-request-id": requestId(),
      "odps-tunnel-record-count": String(count),
    });
    const write = (bytes: Buffer): Promise<void> | void => {
      if (abort.signal.aborted) throw new Error("client went away");
      if (res.write(bytes)) return;
      return new Promise((resolve, reject) => {
        const onDrain = () => {
          res.off("close", onClose);
          resolve();
        };
        const onClose = () => {
          res.off("drain", onDrain);
          reject(new Error("client went away"));
        };
        res.once("drain", onDrain);
        res.once("close", onClose);
      });
    };
    try {
      await streamRowRange({ catalog, table, spec: session.spec, start, count, columnIndexes, write, signal: abort.signal });
      res.end();
    } catch (error) {
      if (abort.signal.aborted) return;
      res.destroy(error as Error);
    }
    void req;
  }

  function projectXml(): XmlDocument {
    return {
      Project: {
        Name: project,
        Comment: "",
        Owner: owner(),
        State: "AVAILABLE",
        CreationTime: httpDate(Date.now()),
        LastModifiedTime: httpDate(Date.now()),
        ProjectGroupName: "",
        Properties: "",
      },
    };
  }

  const owner = () => `ALIYUN$${options.accessKeyId}`;
  const port = () => (server.address() as AddressInfo).port;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const base = `http://${host.includes(":") ? `[${host}]` : host}:${port()}`;

  return {
    endpoint: `${base}/api`,
    tunnelEndpoint: `${base}/tunnel`,
    port: port(),
    project,
    catalog,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      // The closed sockets abort the downloads; each then ends at its next chunk.
      await Promise.allSettled([...inFlight]);
      if (ownsCatalog) catalog.close();
    },
  };
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  const bytes = Buffer.from(body, "utf8");
  res.writeHead(status, {
    "Content-Type": contentType,
    "Content-Length": bytes.length,
    "x-odps-request-id": requestId(),
    Date: new Date().toUTCString(),
  });
  res.end(bytes);
}

type XmlDocument = Record<string, unknown>;

/**
 * Every XML answer is built from values, never from string templates, and every value is
 * escaped: `& < > " '` as entities, and CR, LF and TAB in attributes (and CR in text) as
 * character references, because an XML parser turns a literal CR into LF and literal line
 * breaks or tabs in an attribute into spaces (XML 1.0, 2.11 and 3.3.3). Other control
 * characters, which XML 1.0 cannot carry at all, are written as references too, so nothing
 * is lost on the way to a client that reads them (the Synclane client does).
 */
const xmlBuilder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  processEntities: false,
  suppressEmptyNode: true,
  tagValueProcessor: (_name, value) => escapeXml(String(value), /[&<>\x00-\x08\x0b-\x1f\x7f]/g),
  attributeValueProcessor: (_name, value) => escapeXml(String(value), /[&<>"'\x00-\x1f\x7f]/g),
});

const XML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

function escapeXml(text: string, special: RegExp): string {
  return text.replace(special, (ch) => XML_ENTITIES[ch] ?? `&#${ch.charCodeAt(0)};`);
}

function sendXml(res: ServerResponse, status: number, document: XmlDocument): void {
  send(res, status, "application/xml", `<?xml version="1.0" encoding="UTF-8"?>\n${xmlBuilder.build(document) as string}`);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, "application/json", JSON.stringify(body));
}

function sendError(res: ServerResponse, shape: ErrorShape, error: HttpError): void {
  const id = requestId();
  if (shape === "json") {
    sendJson(res, error.status, { Code: error.code, Message: error.message, RequestId: id });
  } else {
    sendXml(res, error.status, { Error: { Code: error.code, Message: error.message, RequestId: id, HostId: "localhost" } });
  }
}

function requestId(): string {
  return `${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}${randomBytes(8).toString("hex")}`;
}

function tableId(table: LocalTable): string {
  return Buffer.from(`${table.name}:${table.createdMs}`).toString("hex").slice(0, 32);
}

function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

function clampInt(text: string | null, fallback: number, min: number, max: number): number {
  const n = Number(text);
  return text && Number.isInteger(n) ? Math.min(max, Math.max(min, n)) : fallback;
}
