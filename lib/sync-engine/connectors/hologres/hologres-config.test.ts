import { afterEach, describe, expect, it, vi } from "vitest";
import type { AddressLookup } from "../../endpoint-guard";
import { SyncError } from "../../sync-error";
import { testHologresConnection } from "./connection-test";
import { connectHologres, type HologresConfig } from "./hologres-config";
import { onlyLoopbackConnects } from "../../testing/only-loopback-connects";

const local: HologresConfig = {
  host: process.env.PGHOST ?? "127.0.0.1",
  port: Number(process.env.PGPORT ?? 5432),
  database: "postgres",
  user: process.env.PGUSER ?? "postgres",
  password: process.env.PGPASSWORD ?? "",
};


afterEach(() => {
  vi.restoreAllMocks();
});

describe("connecting to a user-given Hologres host", () => {
  it("refuses the metadata address before any connection is attempted", async () => {
    const refused = onlyLoopbackConnects();
    const started = performance.now();
    const error = await connectHologres({ ...local, host: "169.254.169.254", port: 80, password: "never-sent" }).catch((e) => e);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(refused).toEqual([]);
    expect(error).toBeInstanceOf(SyncError);
    expect(error.code).toBe("TARGET_UNREACHABLE");
    expect(error.message).toMatch(/^The endpoint 169\.254\.169\.254:80 is a link-local address/);
    expect(error.message).toContain("SYNCLANE_ALLOW_LINK_LOCAL_ENDPOINTS=true");
  });

  it("refuses a host name that resolves to a metadata address, asking the resolver once and connecting nowhere", async () => {
    const refused = onlyLoopbackConnects();
    const lookup = vi.fn<AddressLookup>(async () => [{ address: "fd00:ec2::254", family: 6 }]);
    const error = await connectHologres({ ...local, host: "holo.example.test" }, { lookup }).catch((e) => e);
    expect(lookup).toHaveBeenCalledExactlyOnceWith("holo.example.test");
    expect(refused).toEqual([]);
    expect(error.message).toMatch(/^The endpoint holo\.example\.test:5432 resolves to fd00:ec2::254, a cloud metadata address/);
  });

  it("connects to the address it checked, not to the name again", async () => {
    // The name exists only in the stand-in resolver: a second, system lookup would fail.
    const lookup = vi.fn<AddressLookup>(async () => [{ address: "127.0.0.1", family: 4 }]);
    const client = await connectHologres({ ...local, host: "holo.example.test" }, { lookup });
    try {
      expect((await client.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
    }
    expect(lookup).toHaveBeenCalledTimes(1);
  });

  it("reports the refusal as a failed connectivity test", async () => {
    const refused = onlyLoopbackConnects();
    const result = await testHologresConnection({ ...local, host: "::ffff:169.254.169.254" });
    expect(refused).toEqual([]);
    expect(result).toMatchObject({ ok: false, code: "TARGET_UNREACHABLE" });
    if (!result.ok) expect(result.message).toContain("link-local");
  });
});
