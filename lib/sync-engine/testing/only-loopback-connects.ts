import net from "node:net";
import { vi } from "vitest";

/**
 * Test helper that stands in for sockets: connections to 127.0.0.1 go through, any other is
 * recorded and fails at once, so that even code without the endpoint guard sends no
 * packet elsewhere. Returns the refused hosts; `vi.restoreAllMocks()` undoes it.
 */
export function onlyLoopbackConnects(): string[] {
  const refused: string[] = [];
  const original = net.Socket.prototype.connect;
  vi.spyOn(net.Socket.prototype, "connect").mockImplementation(function (this: net.Socket, ...args: unknown[]) {
    const first = Array.isArray(args[0]) ? args[0][0] : args[0];
    const host = typeof first === "object" && first !== null ? (first as { host?: string }).host : args[1];
    if (host === "127.0.0.1") return (original as (...a: unknown[]) => net.Socket).apply(this, args);
    refused.push(String(host));
    throw new Error(`no connection to ${String(host)} in this test`);
  });
  return refused;
}
