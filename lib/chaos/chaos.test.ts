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
  lab = await openChaosLab({ rows: 4_000 });
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

  it("the writer's connection terminated: the target ends exactly equal to the source", async () => {
    expectExact(await writerConnectionKilled(lab, mode));
  }, 180_000);

  it("the source service restarted: the target ends exactly equal to the source", async () => {
    expectExact(await sourceRestarted(lab, mode));
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
