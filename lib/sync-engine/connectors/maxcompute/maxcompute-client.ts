import { XMLParser } from "fast-xml-parser";
import { normalizeColumnTypeText } from "./column-type";
import { createDownloadSession, TUNNEL_HEADERS, type DownloadSession } from "./download-session";
import { MaxComputeError } from "./maxcompute-error";
import type { MaxComputeValue } from "./maxcompute-value";
import { resolvePartitionFilters } from "./partition-filter";
import { parsePartitionListing } from "./partition-listing";
import { parsePartitionSpec, tunnelPartitionParameter, type PartitionSpec } from "./partition-spec";
import { SignedHttpClient, withRetries } from "./signed-http-client";

export type MaxComputeConfig = {
  /** ODPS endpoint, e.g. `https://service.cn-hangzhou.maxcompute.aliyun.com/api`. */
  endpoint: string;
  /** Tunnel endpoint; discovered from the service (`/projects/<p>/tunnel?service`) when empty. */
  tunnelEndpoint?: string;
  project: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** Idle timeout per request (connect and between body bytes). Default 30 s. */
  timeoutMs?: number;
};

export type MaxComputeColumn = { name: string; type: string; comment: string };

export type MaxComputeTableSchema = {
  name: string;
  columns: MaxComputeColumn[];
  partitionColumns: MaxComputeColumn[];
  lastModified?: Date;
  sizeBytes?: number;
  comment?: string;
};

export type MaxComputeTableSummary = { name: string; comment?: string; lastModified?: Date };

type Signal = { signal?: AbortSignal };

export type OpenDownloadSessionOptions = {
  table: string;
  /** One concrete partition (`sale_date=20261123,sale_time=10`); required for partitioned tables. */
  partition?: string;
  /** Columns to read, in this order; all columns when empty. */
  columns?: string[];
  signal?: AbortSignal;
};

export type MaxComputeClient = {
  readonly project: string;
  listTables(options?: { prefix?: string; marker?: string; maxItems?: number } & Signal): Promise<{
    tables: MaxComputeTableSummary[];
    marker?: string;
  }>;
  listAllTables(options?: { prefix?: string } & Signal): Promise<MaxComputeTableSummary[]>;
  getTable(table: string, options?: Signal): Promise<MaxComputeTableSchema>;
  listPartitions(
    table: string,
    options?: { marker?: string; maxItems?: number } & Signal,
  ): Promise<{ partitions: PartitionSpec[]; marker?: string }>;
  listAllPartitions(table: string, options?: Signal): Promise<PartitionSpec[]>;
  resolvePartitions(table: string, filters: string[], options?: Signal): Promise<PartitionSpec[]>;
  preview(
    table: string,
    options?: { partition?: string; limit?: number; columns?: string[] } & Signal,
  ): Promise<{ columns: MaxComputeColumn[]; rows: MaxComputeValue[][] }>;
  openDownloadSession(options: OpenDownloadSessionOptions): Promise<DownloadSession>;
  testConnectivity(options?: Signal): Promise<{ project: string; tableCount: number }>;
  getTunnelEndpoint(options?: Signal): Promise<string>;
  close(): void;
};

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Decodes numeric character references (`&#13;` in a comment); see partition-listing.ts.
  htmlEntities: true,
  isArray: (name) => name === "Table",
});

type XmlTable = { Name?: string; Comment?: string; LastModifiedTime?: string; Schema?: string };

type SchemaJson = {
  comment?: string;
  lastModifiedTime?: number;
  size?: number;
  columns?: { name: string; type: string; comment?: string }[];
  partitionKeys?: { name: string; type: string; comment?: string }[];
};

/** A client of the MaxCompute REST API and Tunnel for one project. */
export function createMaxComputeClient(config: MaxComputeConfig): MaxComputeClient {
  const project = config.project.trim();
  const endpoint = config.endpoint.trim().replace(/\/+$/, "");
  if (!/^https?:\/\//i.test(endpoint)) {
    throw new MaxComputeError(
      "BAD_REQUEST",
      `The ODPS endpoint "${config.endpoint}" must be an http:// or https:// URL, for example https://service.cn-hangzhou.maxcompute.aliyun.com/api.`,
    );
  }
  const http = new SignedHttpClient({
    accessKeyId: config.accessKeyId,
    accessKeySecret: config.accessKeySecret,
    project,
    timeoutMs: config.timeoutMs ?? 30_000,
  });
  let tunnelEndpoint: Promise<string> | undefined = config.tunnelEndpoint?.trim()
    ? Promise.resolve(config.tunnelEndpoint.trim().replace(/\/+$/, ""))
    : undefined;
  const tableNotFound = (table: string) => ({
    code: "TABLE_NOT_FOUND" as const,
    message: `Table ${table} does not exist in MaxCompute project ${project}. Check the table name (and that the AccessKey may see it)`,
  });

  const rest = (
    path: string,
    query: [string, string][],
    options: Signal & { notFound?: { code: "TABLE_NOT_FOUND" | "PROJECT_NOT_FOUND"; message: string } } = {},
  ) =>
    withRetries(
      () =>
        http.send({
          method: "GET",
          endpoint,
          path,
          query: [...query, ["curr_project", project]],
          signal: options.signal,
          notFound: options.notFound ?? {
            code: "PROJECT_NOT_FOUND",
            message: `MaxCompute project ${project} does not exist. Check the project name of the data source`,
          },
        }),
      { signal: options.signal },
    );

  async function listTables({
    prefix,
    marker,
    maxItems,
    signal,
  }: { prefix?: string; marker?: string; maxItems?: number } & Signal = {}) {
    const query: [string, string][] = [["expectmarker", "true"]];
    if (prefix) query.push(["name", prefix]);
    if (marker) query.push(["marker", marker]);
    if (maxItems) query.push(["maxitems", String(maxItems)]);
    const response = await rest(`/projects/${project}/tables`, query, { signal });
    const parsed = parseXml<{ Tables?: { Table?: XmlTable[]; Marker?: string } }>(response.body, "Tables", endpoint);
    const tables = (parsed.Tables?.Table ?? []).map((t) => ({
      name: String(t.Name ?? ""),
      ...(t.Comment ? { comment: String(t.Comment) } : {}),
      ...(t.LastModifiedTime ? { lastModified: parseHttpDate(t.LastModifiedTime) } : {}),
    }));
    const next = parsed.Tables?.Marker ? String(parsed.Tables.Marker) : undefined;
    return { tables: tables.filter((t) => t.name !== ""), ...(next ? { marker: next } : {}) };
  }

  async function listAllTables({ prefix, signal }: { prefix?: string } & Signal = {}) {
    const all: MaxComputeTableSummary[] = [];
    let marker: string | undefined;
    do {
      const page = await listTables({ prefix, marker, maxItems: 1000, signal });
      all.push(...page.tables);
      marker = page.marker;
    } while (marker);
    return all;
  }

  async function getTable(table: string, { signal }: Signal = {}): Promise<MaxComputeTableSchema> {
    const response = await rest(`/projects/${project}/tables/${table}`, [], { signal, notFound: tableNotFound(table) });
    const parsed = xml.parse(response.body.toString("utf8")) as { Table?: XmlTable[] };
    const model = parsed.Table?.[0];
    if (!model?.Schema) {
      throw new MaxComputeError("SERVER_ERROR", `MaxCompute answered for table ${table} without a schema; retry later.`, {
        retryable: true,
      });
    }
    let schema: SchemaJson;
    try {
      schema = JSON.parse(String(model.Schema)) as SchemaJson;
    } catch (error) {
      throw new MaxComputeError("SERVER_ERROR", `The schema MaxCompute returned for table ${table} is not JSON.`, { cause: error });
    }
    const toColumn = (c: { name: string; type: string; comment?: string }): MaxComputeColumn => ({
      name: c.name,
      type: safeNormalizeType(c.type),
      comment: c.comment ?? "",
    });
    const comment = schema.comment ?? (model.Comment ? String(model.Comment) : undefined);
    return {
      name: String(model.Name ?? table),
      columns: (schema.columns ?? []).map(toColumn),
      partitionColumns: (schema.partitionKeys ?? []).map(toColumn),
      ...(schema.lastModifiedTime ? { lastModified: new Date(schema.lastModifiedTime * 1000) } : {}),
      ...(typeof schema.size === "number" ? { sizeBytes: schema.size } : {}),
      ...(comment ? { comment } : {}),
    };
  }

  async function listPartitions(
    table: string,
    { marker, maxItems = 1000, signal }: { marker?: string; maxItems?: number } & Signal = {},
  ) {
    const query: [string, string][] = [
      ["partitions", ""],
      ["expectmarker", "true"],
      ["maxitems", String(maxItems)],
    ];
    if (marker) query.push(["marker", marker]);
    const response = await rest(`/projects/${project}/tables/${table}`, query, { signal, notFound: tableNotFound(table) });
    return parsePartitionListing(response.body.toString("utf8"));
  }

  async function listAllPartitions(table: string, { signal }: Signal = {}) {
    const all: PartitionSpec[] = [];
    let marker: string | undefined;
    do {
      const page = await listPartitions(table, { marker, signal });
      all.push(...page.partitions);
      marker = page.marker;
    } while (marker);
    return all;
  }

  async function resolvePartitions(table: string, filters: string[], { signal }: Signal = {}) {
    const schema = await getTable(table, { signal });
    const partitionColumns = schema.partitionColumns.map((c) => c.name);
    if (partitionColumns.length === 0) {
      const real = filters.filter((f) => f.trim() !== "" && f.trim() !== "*");
      if (real.length > 0) {
        throw new MaxComputeError(
          "BAD_REQUEST",
          `Table ${table} is not partitioned, but the partition filter "${real.join(", ")}" was given; leave the partition empty.`,
        );
      }
      return [];
    }
    const partitions = await listAllPartitions(table, { signal });
    return resolvePartitionFilters({ table, filters, partitionColumns, partitions });
  }

  async function getTunnelEndpoint({ signal }: Signal = {}): Promise<string> {
    if (!tunnelEndpoint) {
      tunnelEndpoint = rest(`/projects/${project}/tunnel`, [["service", ""]], { signal }).then((response) => {
        const host = response.body.toString("utf8").trim();
        if (!host) throw new MaxComputeError("SERVER_ERROR", `MaxCompute did not name a Tunnel endpoint for project ${project}; set the Tunnel endpoint of the data source.`);
        // The answer becomes a URL that later messages name: only a host (or URL) is taken,
        // never whatever text another server answered.
        if (!TUNNEL_ANSWER.test(host)) {
          throw new MaxComputeError(
            "BAD_REQUEST",
            `${new URL(endpoint).origin} did not name a Tunnel endpoint the way MaxCompute does: the endpoint did not answer like MaxCompute. Check the ODPS endpoint URL, or set the Tunnel endpoint of the data source.`,
          );
        }
        return /^https?:\/\//i.test(host) ? host : `${new URL(endpoint).protocol}//${host}`;
      });
      tunnelEndpoint.catch(() => {
        tunnelEndpoint = undefined;
      });
    }
    return tunnelEndpoint;
  }

  async function openDownloadSession({
    table,
    partition,
    columns,
    signal,
  }: OpenDownloadSessionOptions): Promise<DownloadSession> {
    const schema = await getTable(table, { signal });
    const partitionColumns = schema.partitionColumns.map((c) => c.name);
    // The spec as the messages show it, and as the Tunnel `partition` parameter carries it.
    let partitionText: string | undefined;
    let tunnelPartition: string | undefined;
    if (partitionColumns.length > 0) {
      if (!partition?.trim()) {
        throw new MaxComputeError(
          "BAD_REQUEST",
          `Table ${table} is partitioned by ${partitionColumns.join(", ")}; name one partition to read (for example ${partitionColumns.map((c) => `${c}=...`).join(",")}).`,
        );
      }
      const spec = parsePartitionSpec(partition, partitionColumns);
      partitionText = spec.text;
      tunnelPartition = tunnelPartitionParameter(spec);
    } else if (partition?.trim()) {
      throw new MaxComputeError("BAD_REQUEST", `Table ${table} is not partitioned; leave the partition empty (got "${partition}").`);
    }
    const selected = selectColumns(table, schema.columns, columns);
    const tunnel = await getTunnelEndpoint({ signal });
    const first = await requestDownload({ tunnel, table, partitionText, tunnelPartition, signal });
    return createDownloadSession({
      http,
      tunnelEndpoint: tunnel,
      project,
      table,
      partition: tunnelPartition,
      id: first.id,
      recordCount: first.recordCount,
      columns: selected,
      // A session the service forgot (expired, or the service restarted) is opened again
      // for the same table and partition; the session checks it counts the same rows.
      reopen: ({ signal: reopenSignal }) => requestDownload({ tunnel, table, partitionText, tunnelPartition, signal: reopenSignal }),
    });
  }

  /** POST `?downloads`: a new download session's id and record count. */
  async function requestDownload({
    tunnel,
    table,
    partitionText,
    tunnelPartition,
    signal,
  }: { tunnel: string; table: string; partitionText?: string; tunnelPartition?: string } & Signal): Promise<{ id: string; recordCount: number }> {
    const query: [string, string][] = [["downloads", ""]];
    if (tunnelPartition) query.push(["partition", tunnelPartition]);
    const response = await withRetries(
      () =>
        http.send({
          method: "POST",
          endpoint: tunnel,
          path: `/projects/${project}/tables/${table}`,
          query,
          headers: TUNNEL_HEADERS,
          signal,
          notFound: partitionText
            ? {
                code: "PARTITION_NOT_FOUND",
                message: `Partition ${partitionText} of table ${table} does not exist in project ${project}. Check the partition filter and the business date`,
              }
            : tableNotFound(table),
        }),
      { signal },
    );
    let session: { DownloadID?: string; RecordCount?: number; Status?: string };
    try {
      session = JSON.parse(response.body.toString("utf8")) ?? {};
    } catch (error) {
      // JSON.parse quotes the text it failed on; the message must not carry another server's body.
      throw new MaxComputeError(
        "BAD_REQUEST",
        `${new URL(tunnel).origin} answered the download request for table ${table} with something other than JSON: the endpoint did not answer like MaxCompute Tunnel. Check the Tunnel endpoint URL of the data source.`,
        { cause: error },
      );
    }
    if (!session.DownloadID) {
      throw new MaxComputeError("SERVER_ERROR", `MaxCompute Tunnel did not return a download session for table ${table}; retry later.`, {
        retryable: true,
      });
    }
    return { id: session.DownloadID, recordCount: Number(session.RecordCount ?? 0) };
  }

  async function preview(
    table: string,
    {
      partition,
      limit = 100,
      columns,
      signal,
    }: { partition?: string; limit?: number; columns?: string[] } & Signal = {},
  ) {
    // Previews read the first rows through a Tunnel download session, which works the same
    // against the real service and the local one (the legacy `?data` CSV preview is gone
    // from recent SDKs in favour of Tunnel).
    const session = await openDownloadSession({ table, partition, columns, signal });
    const count = Math.min(Math.max(0, Math.floor(limit)), session.recordCount);
    const rows: MaxComputeValue[][] = [];
    for await (const batch of session.readRows({ start: 0, count, signal })) rows.push(...batch);
    return { columns: session.columns, rows };
  }

  async function testConnectivity({ signal }: Signal = {}) {
    const tables = await listAllTables({ signal });
    return { project, tableCount: tables.length };
  }

  return {
    project,
    listTables,
    listAllTables,
    getTable,
    listPartitions,
    listAllPartitions,
    resolvePartitions,
    preview,
    openDownloadSession,
    testConnectivity,
    getTunnelEndpoint,
    close: () => http.close(),
  };
}

// A Tunnel endpoint as MaxCompute names it: a host with an optional port and path, or a URL.
const TUNNEL_ANSWER = /^(?:https?:\/\/)?[A-Za-z0-9.-]+(?::\d{1,5})?(?:\/[A-Za-z0-9._~/-]*)?$/;

/**
 * Parses a successful XML answer that must have the given root element; a server that is
 * not MaxCompute (an HTML page, an internal service's JSON) fails with only that said.
 */
function parseXml<T extends object>(body: Buffer, root: string, endpoint: string): T {
  let parsed: unknown;
  try {
    parsed = xml.parse(body.toString("utf8"));
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== "object" || !(root in parsed)) {
    throw new MaxComputeError(
      "BAD_REQUEST",
      `${new URL(endpoint).origin} answered without a <${root}> document: the endpoint did not answer like MaxCompute. Check the endpoint URL of the data source (an ODPS endpoint ends in /api).`,
    );
  }
  return parsed as T;
}

function selectColumns(table: string, all: MaxComputeColumn[], wanted?: string[]): MaxComputeColumn[] {
  if (!wanted || wanted.length === 0) return all;
  return wanted.map((name) => {
    const column = all.find((c) => c.name.toLowerCase() === name.trim().toLowerCase());
    if (!column) {
      throw new MaxComputeError(
        "BAD_REQUEST",
        `Table ${table} has no column "${name}". Its columns are: ${all.map((c) => c.name).join(", ")}. (Partition columns are not stored in the rows; take them from the partition.)`,
      );
    }
    return column;
  });
}

function safeNormalizeType(text: string): string {
  try {
    return normalizeColumnTypeText(text);
  } catch {
    return text.toLowerCase();
  }
}

function parseHttpDate(text: string): Date | undefined {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
