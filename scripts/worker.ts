// A worker of one resource group: `npm run worker -- --group NAME`, with DATABASE_URL and
// SYNCLANE_SECRET_KEY as the console has them. Run several, on one machine or many, to
// serve a group together; the group's slots bound how many runs go at once.
// Every worker also runs the scheduler loop (one is active per database, by an advisory
// lock; the others stand by); SYNCLANE_SCHEDULER=off leaves it out.
import { parseArgs } from "node:util";
import { startSchedulerLoop } from "@/lib/scheduling/scheduler-loop";
import { startWorker, type WorkerTiming } from "@/lib/worker/worker";

const { values } = parseArgs({ options: { group: { type: "string", default: "default" } } });
const groupName = values.group!;
const log = (line: string) => console.log(`[worker ${groupName}] ${new Date().toISOString()} ${line}`);

// Tests shorten the lease and heartbeat (JSON, e.g. {"leaseMs":1500,"heartbeatMs":300}) so
// that a killed worker is noticed in seconds; people leave it unset.
const timing = process.env.SYNCLANE_WORKER_TIMING ? (JSON.parse(process.env.SYNCLANE_WORKER_TIMING) as Partial<WorkerTiming>) : undefined;

try {
  const worker = await startWorker({ groupName, log, timing });
  const scheduler = process.env.SYNCLANE_SCHEDULER === "off" ? null : startSchedulerLoop({ log });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log("Stopping: runs in flight are failed with the reason, so they can be rerun.");
    await scheduler?.stop();
    await worker.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
} catch (error) {
  console.error(`✖ ${(error as Error).message}`);
  process.exit(1);
}
