// The fault-injection scenarios of `npm run chaos` and lib/chaos/chaos.test.ts. Each strikes
// a run in the middle, lets the run end (on its own retries, or failed), reruns it when it
// failed, and compares the target with the source rows: count, and every row equal.
import { setTimeout as sleep } from "node:timers/promises";
import type { ChaosLab, RunOutcome, WriteModeCase } from "./chaos-lab";
import type { TargetComparison } from "./target-comparison";

export type ScenarioResult = {
  scenario: string;
  mode: WriteModeCase | "mixed";
  /** How the struck run ended. */
  struck: RunOutcome;
  /** "the run itself": the struck run succeeded (with its own retries, if it needed any); "rerun": it failed or was stopped and a rerun repaired the target. */
  recoveredBy: "the run itself" | "rerun";
  final: RunOutcome;
  comparison: TargetComparison;
  ok: boolean;
};

async function settle(lab: ChaosLab, struck: RunOutcome, table: string, scenario: string, mode: WriteModeCase): Promise<ScenarioResult> {
  const final = struck.status === "succeeded" ? struck : await lab.waitForEnd(await lab.rerun(struck.runId));
  const comparison = await lab.compare(table);
  return {
    scenario,
    mode,
    struck,
    recoveredBy: struck.status === "succeeded" ? "the run itself" : "rerun",
    final,
    comparison,
    ok: final.status === "succeeded" && comparison.equal,
  };
}

/** kill -9 of the worker process that runs the sync; the run is failed WORKER_LOST, and a rerun repairs. */
export async function workerKilled(lab: ChaosLab, mode: WriteModeCase): Promise<ScenarioResult> {
  const group = await lab.newGroup(1);
  const { nodeId, table } = await lab.newNode(mode, group);
  const doomed = await lab.spawnWorkerProcess(group);
  const runId = await lab.start(nodeId);
  await lab.waitUntilHalfway(runId);
  if ((await lab.workerPidOf(runId)) !== doomed.pid) throw new Error("The run was not claimed by the worker process to kill.");
  doomed.kill("SIGKILL");
  // A survivor notices the lost lease, fails the run and takes the rerun.
  await lab.startWorker(group);
  return settle(lab, await lab.waitForEnd(runId), table, "worker killed (SIGKILL)", mode);
}

/** pg_terminate_backend of the writer's connections in the middle of the run. */
export async function writerConnectionKilled(lab: ChaosLab, mode: WriteModeCase): Promise<ScenarioResult> {
  const { nodeId, table } = await lab.newNode(mode);
  const runId = await lab.start(nodeId);
  await lab.waitUntilHalfway(runId);
  const killed = await lab.terminateWriterConnections();
  if (killed === 0) throw new Error("No writer connection was found to terminate.");
  return settle(lab, await lab.waitForEnd(runId), table, "target connection terminated", mode);
}

/** The MaxCompute service stops (its download sessions are lost) and comes back a second later. */
export async function sourceRestarted(lab: ChaosLab, mode: WriteModeCase): Promise<ScenarioResult> {
  const { nodeId, table } = await lab.newNode(mode);
  const runId = await lab.start(nodeId);
  // As soon as the run has opened its download session: the splits not yet requested meet
  // the restart (the ones in flight may already sit whole in socket buffers), and the new
  // service no longer knows the session.
  await lab.waitForLogLine(runId, /^Reader: \d+ download session/);
  await lab.restartSource(1_500);
  return settle(lab, await lab.waitForEnd(runId), table, "source service restarted", mode);
}

/** Stop in the middle; the run ends cancelled and a rerun gives exactly the source rows. */
export async function stoppedAndRerun(lab: ChaosLab, mode: WriteModeCase): Promise<ScenarioResult> {
  const { nodeId, table } = await lab.newNode(mode);
  const runId = await lab.start(nodeId);
  await lab.waitUntilHalfway(runId);
  await lab.stop(runId);
  const struck = await lab.waitForEnd(runId);
  if (struck.status !== "cancelled") throw new Error(`A stopped run ended ${struck.status}.`);
  return settle(lab, struck, table, "stopped, then rerun", mode);
}

/**
 * Ten runs on a two-slot group served by two workers, one of them a process killed with
 * SIGKILL while it holds runs: every run ends, the failed ones are rerun, and all ten
 * targets hold exactly the source rows.
 */
export async function crowdWithWorkerKilled(lab: ChaosLab, modes: readonly WriteModeCase[]): Promise<ScenarioResult[]> {
  const group = await lab.newGroup(2);
  const doomed = await lab.spawnWorkerProcess(group);
  const nodes = [];
  for (let i = 0; i < 10; i++) nodes.push({ mode: modes[i % modes.length], ...(await lab.newNode(modes[i % modes.length], group)) });
  const runs = [];
  for (const node of nodes) runs.push({ ...node, runId: await lab.start(node.nodeId) });
  // The process serves the group alone until it holds a run: with the in-process worker
  // started first, it could take every slot each time one frees and starve the process,
  // and the scenario waited for a strike that never came (a CI run timed out so).
  const deadline = Date.now() + 60_000;
  let held: (typeof runs)[number] | undefined;
  while (!held) {
    if (doomed.exitCode !== null || doomed.signalCode !== null) throw new Error("The worker process to kill exited before it claimed a run.");
    if (Date.now() > deadline) throw new Error("The worker process to kill claimed no run within 60 s.");
    for (const run of runs) if ((await lab.workerPidOf(run.runId)) === doomed.pid) held ??= run;
    if (!held) await sleep(100);
  }
  await lab.startWorker(group);
  // It may end before it is halfway: then strike at once.
  await lab.waitUntilHalfway(held.runId, 0.2).catch(() => {});
  doomed.kill("SIGKILL");
  const results: ScenarioResult[] = [];
  for (const run of runs) results.push(await settle(lab, await lab.waitForEnd(run.runId), run.table, "10 runs on 2 slots, a worker killed", run.mode));
  return results;
}

/** One line of the results table. */
export function describeResult(result: ScenarioResult): string {
  const { comparison } = result;
  const rows = `${comparison.targetRows}/${comparison.expectedRows} rows, ${comparison.missing} missing, ${comparison.extra} extra`;
  const struck = `${result.struck.status}${result.struck.errorCode ? ` ${result.struck.errorCode}` : ""}${result.struck.retriesLogged ? `, ${result.struck.retriesLogged} retries logged` : ""}`;
  return `${result.ok ? "ok  " : "FAIL"} ${result.scenario} | ${result.mode} | struck run: ${struck} | recovered by ${result.recoveredBy} | ${rows}`;
}
