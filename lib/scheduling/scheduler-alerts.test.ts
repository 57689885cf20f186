import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { createAlertWorkspace, createDeployedNode, createInstance, createRule } from "@/lib/alerts/alert-test-fixtures";
import { db } from "@/lib/db";
import { startSchedulerLoop } from "./scheduler-loop";
import { manualClock } from "./scheduler-clock";

/** The active scheduler raises and sends alerts on its own: nobody presses Check now. */
describe("scheduler loop alerts", () => {
  const received: { path: string; body: Record<string, unknown> }[] = [];
  const server = http.createServer((request, response) => {
    let text = "";
    request.on("data", (chunk) => (text += chunk));
    request.on("end", () => {
      received.push({ path: request.url ?? "", body: JSON.parse(text) });
      response.end("ok");
    });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("sends an Error alert for a failed auto instance of its workspace", async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const now = new Date();
    const { workspaceId, workflowId } = await createAlertWorkspace("UTC");
    const node = await createDeployedNode({ workflowId, name: "ods_orders" });
    await createRule({ workspaceId, createdAt: new Date(now.getTime() - 3_600_000), form: { name: "orders_failed", trigger: "error", webhookUrls: `${base}/hook` } });
    const startedAt = new Date(now.getTime() - 120_000);
    await createInstance({
      workspaceId,
      nodeId: node.id,
      scheduledAt: startedAt,
      bizdate: "20261129",
      status: "failed",
      endedAt: new Date(now.getTime() - 60_000),
      runs: [{ status: "failed", startedAt, endedAt: new Date(now.getTime() - 60_000), errorMessage: "The target refused the rows." }],
    });

    const loop = startSchedulerLoop({ clock: manualClock(now), lockKey: 9_100_001n, tickMs: 100, alertsEveryMs: 100, workspaceIds: [workspaceId] });
    try {
      const deadline = Date.now() + 30_000;
      while (!received.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await loop.stop();
    }
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ path: "/hook", body: { rule: "orders_failed", trigger: "error", node: "ods_orders", bizdate: "20261129", status: "failed" } });
    const events = await db.alertEvent.findMany({ where: { rule: { workspaceId } }, select: { status: true } });
    expect(events).toEqual([{ status: "sent" }]);
  });
});
