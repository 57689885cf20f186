// The fault-injection scenarios of `npm run chaos`, sized for a two-core CI machine:
// real workers (one a process killed with SIGKILL), the local MaxCompute service over
// HTTP (stopped and started again), real PostgreSQL (backends terminated). Every
// scenario ends with the target compared row by row with the source.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { openChaosLab, writeModeCases, type ChaosLab } from "./chaos-lab";
import { crowdWithWorkerKilled, describeResult, sourceRestarted, stoppedAndRerun, workerKilled, writerConnectionKilled, type ScenarioResult } from "./scenarios";

let lab: ChaosLab;

beforeAll(async () => {
  // 40,000 rows make four splits for two channels, so a source restart meets splits in flight and splits not yet read.
  lab = await openChaosLab({ rows: 40_000 });
  await lab.startWorker();
}, 120_000);

afterAll(async () => {
  await lab?.close();
  await db.$disconnect();
});

function expectExact(result: ScenarioResult) {
  expect(describeResult(result)).toMatch(/^ok /);
  expect(result.comparison).toMatchObject({ missing: 0, extra: 0, targetRows: lab.rows });
}

describe.each(writeModeCases)("chaos, %s write mode", (mode) => {
  it("a worker killed with SIGKILL: the run fails WORKER_LOST and a rerun gives exactly the source rows", async () => {
    const result = await workerKilled(lab, mode);
    expect(result.struck).toMatchObject({ status: "failed", errorCode: "WORKER_LOST" });
    expectExact(result);
  }, 180_000);

  it(
    mode === "fast_pk"
      ? "the writer's connection terminated: writing by key, the run reconnects, retries the batch and succeeds"
      : "the writer's connection terminated: without a key the run fails naming the target, and a rerun repairs",
    async () => {
      const result = await writerConnectionKilled(lab, mode);
      if (mode === "fast_pk") {
        expect(result.struck.status).toBe("succeeded");
        expect(result.struck.retriesLogged).toBeGreaterThan(0);
      } else {
        expect(result.struck).toMatchObject({ status: "failed", errorCode: "TARGET_CONNECTION_LOST" });
        expect(result.struck.errorMessage).toMatch(/Lost the connection to Hologres target holo_chaos \(127\.0\.0\.1:5432\//);
      }
      expectExact(result);
    },
    180_000,
  );

  it("the source service restarted: the run opens a new download session, continues and succeeds", async () => {
    const result = await sourceRestarted(lab, mode);
    expect(result.struck.status).toBe("succeeded");
    expect(result.struck.retriesLogged).toBeGreaterThan(0);
    expectExact(result);
  }, 180_000);

  it("stopped, then rerun: exactly the source rows", async () => {
    const result = await stoppedAndRerun(lab, mode);
    expect(result.struck.status).toBe("cancelled");
    expectExact(result);
  }, 180_000);
});

it("ten runs on two slots with a worker process killed: every target ends exactly equal to the source", async () => {
  const results = await crowdWithWorkerKilled(lab, writeModeCases);
  expect(results).toHaveLength(10);
  expect(results.some((result) => result.struck.errorCode === "WORKER_LOST")).toBe(true);
  for (const result of results) expectExact(result);
}, 300_000);
