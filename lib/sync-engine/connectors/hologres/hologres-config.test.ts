import { afterEach, describe, expect, it, vi } from "vitest";
import type { AddressLookup } from "../../endpoint-guard";
import { SyncError } from "../../sync-error";
import { testHologresConnection } from "./connection-test";
import { connectHologres, describeConnectionLoss, isConnectionLost, type HologresConfig } from "./hologres-config";
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

describe("telling a lost connection from a failed statement", () => {
  const pgError = (code: string | undefined, message: string) => Object.assign(new Error(message), code ? { code } : {});

  it.each([
    ["57P01", "terminating connection due to administrator command"],
    ["57P02", "terminating connection because of crash of another server process"],
    ["08006", "connection failure"],
    ["ECONNRESET", "read ECONNRESET"],
    [undefined, "Connection terminated unexpectedly"],
    [undefined, "Client has encountered a connection error and is not queryable"],
  ])("%s %s is a lost connection", (code, message) => {
    expect(isConnectionLost(pgError(code, message))).toBe(true);
  });

  it.each([
    ["23505", "duplicate key value violates unique constraint"],
    ["42P01", 'relation "t" does not exist'],
    [undefined, "Client was closed and is not queryable"],
  ])("%s %s is not", (code, message) => {
    expect(isConnectionLost(pgError(code, message))).toBe(false);
  });

  it("says what happened without the password", () => {
    const config = { ...local, password: "s3cret" };
    expect(describeConnectionLoss(pgError("57P01", "terminating connection due to administrator command"), config)).toBe(
      "the server ended the session (SQLSTATE 57P01, admin_shutdown: terminating connection due to administrator command)",
    );
    expect(describeConnectionLoss(pgError("ECONNRESET", "read ECONNRESET"), config)).toBe("the connection was reset (ECONNRESET)");
    expect(describeConnectionLoss(pgError(undefined, "Connection terminated unexpectedly (s3cret)"), config)).toBe("Connection terminated unexpectedly (***)");
  });
});
