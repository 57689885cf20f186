import { describe, expect, it } from "vitest";
import { createBandwidthThrottle } from "./bandwidth-throttle";

describe("createBandwidthThrottle", () => {
  it("keeps bytes per second under the cap from the first second on (no initial burst)", async () => {
    const throttle = createBandwidthThrottle(200_000);
    const started = performance.now();
    // 100 KB at 200 KB/s: at least 0.5 s, whatever the chunking and the number of callers.
    await Promise.all([0, 1, 2, 3].map(async () => {
      for (let i = 0; i < 5; i++) await throttle.acquire(5_000);
    }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(480);
  });

  it("stops waiting when the run is cancelled", async () => {
    const throttle = createBandwidthThrottle(1_000);
    const controller = new AbortController();
    const pending = throttle.acquire(1_000_000, controller.signal);
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeDefined();
  });
});
