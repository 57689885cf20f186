import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalMaxComputeCatalog, startLocalMaxCompute, type LocalMaxComputeService } from "../maxcompute-local";
import { defaultConnectorRegistry, type ConnectorRegistry, type DataSourceConfig } from "./connectors";
import type { SourceReader } from "./connectors/connector-types";
import type { JobSpecInput } from "./job-spec";
import { runJob, type RunLogLine } from "./runner";
import { createTestDatabase } from "./testing/postgres-test-database";

/**
 * The local MaxCompute service restarts in the middle of a run. It keeps download sessions
 * in memory, so after the restart it answers NoSuchDownload for the run's sessions, as
 * MaxCompute does for an expired one: the reader opens a new session and goes on from the
 * next unread row.
 */

const credentials = { project: "synclane_restart", accessKeyId: "restart-key-id", accessKeySecret: "restart-key-secret" };
let dataDir: string;
let port: number;
let service: LocalMaxComputeService | null = null;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let dataSources: Record<string, DataSourceConfig>;

const rowsOf = (count: number, from = 0) => Array.from({ length: count }, (_, i) => [BigInt(from + i), `name ${from + i}`]);
const checksumOf = (count: number): string =>
  createHash("md5")
    .update(Array.from({ length: count }, (_, i) => `${i}:name ${i}`).join(","))
    .digest("hex");

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "synclane-mc-restart-run-"));
  service = await startLocalMaxCompute({ dataDir, port: 0, ...credentials });
  port = service.port;
  for (const [name, count] of [
    ["restart_rows", 50_000],
    ["changing_rows", 40_000],
  ] as const) {
    await service.catalog.createTable({
      name,
      columns: [
        { name: "id", type: "bigint", comment: "" },
        { name: "name", type: "string", comment: "" },
      ],
    });
    await service.catalog.insertRows({ table: name, rows: rowsOf(count) });
  }
  db = await createTestDatabase("mc_restart");
  const odpsConfig = { endpoint: service.endpoint, tunnelEndpoint: service.tunnelEndpoint, ...credentials };
  dataSources = { odps_first: { type: "odps", config: odpsConfig }, holo_demo: { type: "holo", config: db.config } };
});

afterAll(async () => {
  await db?.drop();
  await service?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/**
 * The MaxCompute reader, stopping the service when its first batch arrives: no lane goes on
 * until the service is down. The splits not yet requested then meet the restart (a table has
 * more splits than the run has channels, so some are).
 */
function registryStoppingServiceAtFirstBatch(): ConnectorRegistry {
  const odps = defaultConnectorRegistry.readers.odps!;
  let stopping: Promise<void> | null = null;
  const stopOnce = async (): Promise<void> => {
    stopping ??= (async () => {
      const running = service!;
      service = null;
      await running.close();
    })();
    await stopping;
  };
  const stopAtFirst = <T,>(read: (...args: never[]) => AsyncIterable<T>) =>
    async function* (this: unknown, ...args: never[]): AsyncIterable<T> {
      for await (const batch of read(...args)) {
        await stopOnce();
        yield batch;
      }
    };
  return {
    ...defaultConnectorRegistry,
    readers: {
      odps: {
        ...odps,
        create: (input) => {
          const inner = odps.create(input);
          const reader: SourceReader = {
            ...inner,
            read: stopAtFirst(inner.read.bind(inner) as never),
            readCopyText: inner.readCopyText ? stopAtFirst(inner.readCopyText.bind(inner) as never) : undefined,
          };
          return reader;
        },
      },
    },
  };
}

function spec(table: string): JobSpecInput {
  return {
    type: "job",
    version: "2.0",
    steps: [
      { stepType: "odps", category: "reader", name: "Reader", parameter: { datasource: "odps_first", table, column: ["id", "name"] } },
      { stepType: "holo", category: "writer", name: "Writer", parameter: { datasource: "holo_demo", table: `public.${table}`, column: ["id", "name"], writeMode: "sdk" } },
    ],
    setting: { errorLimit: { record: "0" }, speed: { throttle: false, concurrent: 2 } },
    order: { hops: [{ from: "Reader", to: "Writer" }] },
  };
}

async function tableState(table: string): Promise<{ n: number; distinct: number; checksum: string }> {
  const { rows } = await db.client.query(
    `SELECT count(*)::int AS n, count(DISTINCT id)::int AS distinct, md5(coalesce(string_agg(id::text || ':' || name, ',' ORDER BY id), '')) AS checksum FROM ${table}`,
  );
  return rows[0];
}

/**
 * Runs `table` while the service goes down at the first batch read; once the log shows a read
 * refused while it is down, the service starts again on the same port and data folder
 * (`prepare` may change the data first).
 */
async function runThroughRestart(table: string, prepare?: (catalog: LocalMaxComputeCatalog) => Promise<void>) {
  const logs: RunLogLine[] = [];
  let restarting: Promise<void> | null = null;
  const restart = async (): Promise<void> => {
    const catalog = await LocalMaxComputeCatalog.open({ dataDir });
    await prepare?.(catalog);
    const started = await startLocalMaxCompute({ catalog, port, ...credentials });
    const close = started.close.bind(started);
    service = { ...started, close: async () => (await close(), catalog.close()) };
  };
  const report = await runJob(spec(table), {
    dataSources,
    registry: registryStoppingServiceAtFirstBatch(),
    onLog: (line) => {
      logs.push(line);
      if (/^Reader: retry .*ECONNREFUSED/.test(line.message)) restarting ??= restart();
    },
  });
  await restarting;
  return { report, logs, messages: logs.map((line) => line.message) };
}

describe("a MaxCompute service restarted in the middle of a run", () => {
  it("opens a new download session and continues from the next unread row: the run succeeds with exactly the source rows", async () => {
    await db.client.query("CREATE TABLE restart_rows (id int8, name text)");
    const { report, logs, messages } = await runThroughRestart("restart_rows");
    expect(report.error).toBeNull();
    expect(report.status).toBe("succeeded");
    expect(report.recordsRead).toBe(50_000);
    expect(report.recordsWritten).toBe(50_000);
    expect(await tableState("restart_rows")).toEqual({ n: 50_000, distinct: 50_000, checksum: checksumOf(50_000) });

    const retries = logs.filter((line) => line.message.startsWith("Reader: retry "));
    expect(retries.every((line) => line.level === "warn")).toBe(true);
    // While the service is down: refused, retried after a wait.
    expect(messages).toContainEqual(
      expect.stringMatching(
        new RegExp(`^Reader: retry [1-5]/5 of rows \\d+-\\d+ of table restart_rows \\(continuing at row \\d+\\) in [\\d.]+ s after: Cannot reach MaxCompute at http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`),
      ),
    );
    // Back up, it no longer knows the run's session: a new one, once for all the splits that share it.
    expect(messages).toContainEqual(
      expect.stringMatching(/^Reader: retry [1-5]\/5 of rows \d+-\d+ of table restart_rows \(continuing at row \d+\) on a new download session after: .*NoSuchDownload.*Download session \w+ does not exist or expired/),
    );
    expect(messages.filter((m) => /^Reader: opened download session \w+ of table restart_rows in place of \w+: 50,000 records, as before\.$/.test(m))).toHaveLength(1);
  });

  it("fails clearly when the table no longer has the rows the run started with", async () => {
    await db.client.query("CREATE TABLE changing_rows (id int8, name text)");
    const { report } = await runThroughRestart("changing_rows", async (catalog) => {
      await catalog.insertRows({ table: "changing_rows", rows: rowsOf(5, 40_000) });
    });
    expect(report.status).toBe("failed");
    expect(report.error?.code).toBe("SOURCE_CHANGED");
    expect(report.error?.message).toBe(
      "MaxCompute: table changing_rows changed during the run: a new download session has 40,005 records, the run's had 40,000, so the rows still to read are not the ones the run started with. Rerun the job once the table stops changing.",
    );
    expect(report.targetState).toBe("unchanged");
    expect((await tableState("changing_rows")).n).toBe(0);
  });
});
