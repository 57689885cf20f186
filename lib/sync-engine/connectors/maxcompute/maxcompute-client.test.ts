import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDemoTables, startLocalMaxCompute, type LocalMaxComputeService } from "../../../maxcompute-local";
import { bankDataRow, odpsTableRows, yyyymmdd } from "../../../maxcompute-local/demo-tables";
import { createMaxComputeClient, MaxComputeError, type MaxComputeConfig, type MaxComputeValue } from ".";

// Integration tests: the client against the local MaxCompute-compatible service over real
// HTTP (port 0, temporary data folder).
const credentials = { project: "synclane_test", accessKeyId: "LTAItestkeyid", accessKeySecret: "test-secret-do-not-print" };
let service: LocalMaxComputeService;
let dataDir: string;
let config: MaxComputeConfig;
const today = new Date();
const yesterday = yyyymmdd(today, -1);

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "synclane-mc-"));
  service = await startLocalMaxCompute({ dataDir, port: 0, ...credentials });
  await ensureDemoTables(service, { today, bankDataRows: 5000 });
  for (let i = 0; i < 5; i++) {
    await service.catalog.createTable({ name: `page_table_${i}`, columns: [{ name: "x", type: "bigint", comment: "" }] });
  }
  config = { endpoint: service.endpoint, ...credentials };
});

afterAll(async () => {
  await service?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function expectError(promise: Promise<unknown>, code: string): Promise<MaxComputeError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(MaxComputeError);
    expect((error as MaxComputeError).code).toBe(code);
    return error as MaxComputeError;
  }
  throw new Error(`expected ${code}`);
}

async function readAll(session: { readRows: (o: { start: number; count: number; batchSize?: number }) => AsyncIterable<MaxComputeValue[][]> }, start: number, count: number, batchSize?: number) {
  const rows: MaxComputeValue[][] = [];
  for await (const batch of session.readRows({ start, count, batchSize })) rows.push(...batch);
  return rows;
}

describe("MaxCompute client against the local service", () => {
  it("tests connectivity: project and visible table count", async () => {
    const client = createMaxComputeClient(config);
    expect(await client.testConnectivity()).toEqual({ project: "synclane_test", tableCount: 9 });
  });

  it("lists tables page by page with markers, and by name prefix", async () => {
    const client = createMaxComputeClient(config);
    const names: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await client.listTables({ maxItems: 2, marker });
      expect(page.tables.length).toBeLessThanOrEqual(2);
      names.push(...page.tables.map((t) => t.name));
      marker = page.marker;
      pages++;
    } while (marker);
    expect(pages).toBe(5);
    expect(names).toEqual([...names].sort());
    expect(names).toContain("bank_data");
    expect(new Set(names).size).toBe(9);
    expect((await client.listAllTables({ prefix: "page_" })).map((t) => t.name)).toEqual([0, 1, 2, 3, 4].map((i) => `page_table_${i}`));
  });

  it("reads a table schema: the guide's 21 bank_data columns with comments", async () => {
    const client = createMaxComputeClient(config);
    const schema = await client.getTable("bank_data");
    expect(schema.columns).toHaveLength(21);
    expect(schema.columns[0]).toEqual({ name: "age", type: "bigint", comment: "Age" });
    expect(schema.columns[12]).toEqual({ name: "pdays", type: "double", comment: "Time elapsed since the last contact" });
    expect(schema.partitionColumns).toEqual([]);
    expect(schema.lastModified).toBeInstanceOf(Date);
    const odps = await client.getTable("odps_table");
    expect(odps.partitionColumns.map((c) => c.name)).toEqual(["sale_date", "sale_time"]);
    const allTypes = await client.getTable("all_types");
    expect(allTypes.columns.find((c) => c.name === "c_decimal")?.type).toBe("decimal(38,18)");
    expect(allTypes.columns.find((c) => c.name === "c_array_bigint")?.type).toBe("array<bigint>");
  });

  it("lists partitions with paging and resolves DataWorks filters", async () => {
    const client = createMaxComputeClient(config);
    const first = await client.listPartitions("odps_table", { maxItems: 5 });
    expect(first.partitions).toHaveLength(5);
    expect(first.marker).toBeTruthy();
    const all = await client.listAllPartitions("odps_table");
    expect(all.length).toBe(21);
    expect(new Set(all.map((p) => p.text)).size).toBe(21);
    const mine = await client.resolvePartitions("odps_table", [`sale_date=${yesterday}`]);
    expect(mine.map((p) => p.text)).toEqual(["09", "14", "20"].map((t) => `sale_date=${yesterday},sale_time=${t}`));
    expect(mine[0].values).toEqual([["sale_date", yesterday], ["sale_time", "09"]]);
    expect(await client.resolvePartitions("odps_table", [`sale_date=${yesterday}/sale_time=14`])).toHaveLength(1);
    expect(await client.resolvePartitions("odps_table", ["*"])).toHaveLength(21);
  });

  it("fails a filter that matches nothing with PARTITION_NOT_FOUND and the nearest partitions", async () => {
    const client = createMaxComputeClient(config);
    const error = await expectError(client.resolvePartitions("odps_table", ["sale_date=19990101"]), "PARTITION_NOT_FOUND");
    expect(error.message).toContain("sale_date=19990101");
    expect(error.message).toMatch(/Nearest existing partitions: sale_date=\d{8},sale_time=\d\d/);
    await expectError(
      client.openDownloadSession({ table: "odps_table", partition: "sale_date=19990101,sale_time=09" }),
      "PARTITION_NOT_FOUND",
    );
  });

  it("previews the first rows with every type, NULLs and edge values", async () => {
    const client = createMaxComputeClient(config);
    const { columns, rows } = await client.preview("all_types", { limit: 10 });
    expect(columns).toHaveLength(18);
    expect(rows).toHaveLength(5);
    const [min, max, nulls, misc] = rows;
    expect(min.slice(0, 5)).toEqual([1, -128, -32768, -2147483648, -9223372036854775808n]);
    expect(max.slice(1, 5)).toEqual([127, 32767, 2147483647, 9223372036854775807n]);
    expect(max[6]).toBe(1.7976931348623157e308);
    expect(min[7]).toBe("-99999999999999999999.999999999999999999");
    expect(misc[7]).toBe("0.000000000000000001");
    expect(min[8]).toBe(""); // empty string, not NULL
    expect(nulls.slice(1)).toEqual(new Array(17).fill(null));
    expect(max[8]).toBe("中文字符");
    expect(max[10]).toBe("emoji 🎉 and 日本語 text");
    expect(max[11]).toEqual(Buffer.from([0, 1, 2, 253, 254, 255]));
    expect(min[13]).toBe("0001-01-01");
    expect(misc[13]).toBe("1969-07-20");
    expect((misc[14] as Date).toISOString()).toBe("1969-07-20T20:17:40.000Z");
    expect(max[15]).toEqual({ seconds: 253402300799n, nanos: 999999999 });
    expect(misc[15]).toEqual({ seconds: -1n, nanos: 123456789 });
    expect(max[16]).toEqual([9007199254740993n, null, -9223372036854775808n]);
    expect(max[17]).toEqual(["a", null, "", "Ünïcödé ✓"]);
    const narrow = await client.preview("bank_data", { limit: 3, columns: ["y", "age"] });
    expect(narrow.rows).toEqual([0, 1, 2].map((i) => [bankDataRow(i)[20], bankDataRow(i)[0]]));
  });

  it("downloads a partition in 3 row ranges and gets exactly its rows", async () => {
    const client = createMaxComputeClient(config);
    const partition = `sale_date=${yesterday},sale_time=14`;
    const expected = odpsTableRows(yesterday, "14");
    const session = await client.openDownloadSession({ table: "odps_table", partition });
    expect(session.recordCount).toBe(expected.length);
    const third = Math.floor(session.recordCount / 3);
    const ranges: [number, number][] = [
      [0, third],
      [third, third],
      [2 * third, session.recordCount - 2 * third],
    ];
    const parts = await Promise.all(ranges.map(([start, count]) => readAll(session, start, count, 7)));
    expect(parts.map((p) => p.length)).toEqual(ranges.map(([, c]) => c));
    expect(parts.flat()).toEqual(expected);
  });

  it("streams bank_data exactly as generated, in batches", async () => {
    const client = createMaxComputeClient(config);
    const session = await client.openDownloadSession({ table: "bank_data" });
    expect(session.recordCount).toBe(5000);
    let index = 0;
    for await (const batch of session.readRows({ start: 0, count: 5000, batchSize: 1000 })) {
      expect(batch.length).toBeLessThanOrEqual(1000);
      for (const row of batch) expect(row).toEqual(bankDataRow(index++));
    }
    expect(index).toBe(5000);
  });

  it("reads MAP and STRUCT columns as JSON text, as DataWorks' MaxCompute Reader does", async () => {
    const client = createMaxComputeClient(config);
    const session = await client.openDownloadSession({ table: "complex_types" });
    const rows = await readAll(session, 0, session.recordCount);
    expect(rows[0]).toEqual([1, '{"a":1,"b":9223372036854775807}', '{"name":"tom","tags":["x","y"]}']);
    const partial = await client.openDownloadSession({ table: "complex_types", columns: ["id"] });
    expect(await readAll(partial, 0, 2)).toEqual([[1], [2]]);
  });

  it("names the AccessKey ID, never the secret, when the secret is wrong", async () => {
    const client = createMaxComputeClient({ ...config, accessKeySecret: "wrong-secret-value" });
    const error = await expectError(client.listTables(), "AUTH_FAILED");
    expect(error.message).toContain("LTAItestkeyid");
    expect(error.message).not.toContain("wrong-secret-value");
    expect(error.message).not.toContain("test-secret-do-not-print");
    expect(error.serviceCode).toBe("SignatureNotMatch");
    await expectError(createMaxComputeClient({ ...config, accessKeyId: "LTAIother" }).testConnectivity(), "AUTH_FAILED");
  });

  it("refuses unsigned requests with the service's XML error shape", async () => {
    const response = await fetch(`${service.endpoint}/projects/synclane_test/tables`);
    expect(response.status).toBe(401);
    const body = await response.text();
    expect(body).toMatch(/<Error><Code>Unauthorized<\/Code><Message>/);
    const tunnel = await fetch(`${service.tunnelEndpoint}/projects/synclane_test/tables/bank_data?downloads`, { method: "POST" });
    expect(tunnel.status).toBe(401);
    expect(await tunnel.json()).toMatchObject({ Code: "Unauthorized" });
  });

  it("reports a missing table, a missing project and an unreachable endpoint", async () => {
    const client = createMaxComputeClient(config);
    const missing = await expectError(client.getTable("no_such_table"), "TABLE_NOT_FOUND");
    expect(missing.message).toContain("no_such_table");
    await expectError(client.openDownloadSession({ table: "no_such_table" }), "TABLE_NOT_FOUND");
    const noProject = await expectError(createMaxComputeClient({ ...config, project: "nope" }).testConnectivity(), "PROJECT_NOT_FOUND");
    expect(noProject.message).toContain("nope");
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = await expectError(
      createMaxComputeClient({ ...config, endpoint: `http://127.0.0.1:${port}/api` }).testConnectivity(),
      "ENDPOINT_UNREACHABLE",
    );
    expect(unreachable.message).toContain(`127.0.0.1:${port}`);
  });

  it("times out on an endpoint that accepts but never answers", async () => {
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      const client = createMaxComputeClient({ ...config, endpoint: `http://127.0.0.1:${port}/api`, timeoutMs: 300 });
      const error = await expectError(client.testConnectivity(), "TIMEOUT");
      expect(error.message).toContain("300 ms");
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it("fails with CHECKSUM_MISMATCH when a byte of the stream is corrupted in transit", async () => {
    const proxy = await startTunnelProxy(service.tunnelEndpoint, { flipByteAt: 200 });
    try {
      const client = createMaxComputeClient({ ...config, tunnelEndpoint: proxy.endpoint });
      const session = await client.openDownloadSession({ table: "bank_data" });
      const received: MaxComputeValue[][] = [];
      const error = await expectError(
        (async () => {
          for await (const batch of session.readRows({ start: 0, count: 100, batchSize: 1 })) received.push(...batch);
        })(),
        "CHECKSUM_MISMATCH",
      );
      expect(error.message).toMatch(/corrupt/);
      // Every row handed out before the damage is exact.
      received.forEach((row, i) => expect(row).toEqual(bankDataRow(i)));
    } finally {
      await proxy.close();
    }
  });

  it("resumes a broken range read after the last row it delivered", async () => {
    const proxy = await startTunnelProxy(service.tunnelEndpoint, { cutAfterBytes: 20_000, times: 2 });
    try {
      const client = createMaxComputeClient({ ...config, tunnelEndpoint: proxy.endpoint });
      const session = await client.openDownloadSession({ table: "bank_data" });
      const rows = await readAll(session, 100, 2000, 50);
      expect(rows).toHaveLength(2000);
      rows.forEach((row, i) => expect(row).toEqual(bankDataRow(100 + i)));
      expect(proxy.dataRequests()).toBe(3);
    } finally {
      await proxy.close();
    }
  });

  it("keeps tables and partitions across a restart of the service", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "synclane-mc-restart-"));
    try {
      const first = await startLocalMaxCompute({ dataDir: dir, ...credentials });
      await first.catalog.createTable({
        name: "kept",
        columns: [{ name: "v", type: "string", comment: "" }],
        partitionColumns: [{ name: "pt", type: "string", comment: "" }],
      });
      await first.catalog.insertRows({ table: "kept", partition: "pt=1", rows: [["a"], ["b"]] });
      await first.close();
      const second = await startLocalMaxCompute({ dataDir: dir, ...credentials });
      try {
        const client = createMaxComputeClient({ endpoint: second.endpoint, ...credentials });
        expect((await client.preview("kept", { partition: "pt=1" })).rows).toEqual([["a"], ["b"]]);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A pass-through proxy for the Tunnel endpoint that damages `?data` responses on purpose. */
async function startTunnelProxy(
  target: string,
  { flipByteAt, cutAfterBytes, times = Infinity }: { flipByteAt?: number; cutAfterBytes?: number; times?: number },
) {
  const targetUrl = new URL(target);
  let dataRequests = 0;
  const server = http.createServer((req, res) => {
    const isData = /[?&]data(&|$)/.test(req.url ?? "");
    if (isData) dataRequests++;
    const damage = isData && dataRequests <= times;
    const upstream = http.request(
      { host: targetUrl.hostname, port: targetUrl.port, path: req.url, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        let seen = 0;
        up.on("data", (chunk: Buffer) => {
          if (damage && flipByteAt !== undefined && seen <= flipByteAt && flipByteAt < seen + chunk.length) {
            chunk = Buffer.from(chunk);
            chunk[flipByteAt - seen] ^= 0x10;
          }
          if (damage && cutAfterBytes !== undefined && seen + chunk.length > cutAfterBytes) {
            res.write(chunk.subarray(0, Math.max(0, cutAfterBytes - seen)));
            up.destroy();
            res.destroy();
            return;
          }
          seen += chunk.length;
          res.write(chunk);
        });
        up.on("end", () => res.end());
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}${targetUrl.pathname}`,
    dataRequests: () => dataRequests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
