import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { saveSmtpSettings } from "@/lib/data/smtp-settings";
import { smtpSettingsFormSchema } from "@/lib/schemas/alert-rule";
import { createAlertWorkspace, createDeployedNode, createInstance, createRule } from "./alert-test-fixtures";
import { deliverPendingAlertEvents, alertDelivery } from "./deliver-pending-alert-events";
import { evaluateAlertRules } from "./evaluate-alert-rules";

type Received = { path: string; query: URLSearchParams; body: Record<string, unknown> };

/** A local receiver: answers by path, records what it got. /hang never answers. */
async function startReceiver(): Promise<{ base: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let text = "";
    request.on("data", (chunk) => (text += chunk));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://x");
      received.push({ path: url.pathname, query: url.searchParams, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
      if (url.pathname === "/hang") return;
      if (url.pathname === "/fail") return void response.writeHead(500).end("broken");
      if (url.pathname === "/robot-refuses") return void response.writeHead(200, { "Content-Type": "application/json" }).end('{"errcode":310000,"errmsg":"sign not match"}');
      response.writeHead(200, { "Content-Type": "application/json" }).end(url.pathname.startsWith("/lark") ? '{"code":0,"msg":"success"}' : '{"errcode":0,"errmsg":"ok"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}

type Mail = { from: string; to: string[]; raw: string; user?: string };

async function startSmtp(): Promise<{ port: number; mails: Mail[]; server: SMTPServer }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authOptional: true,
    onAuth(auth, _session, callback) {
      if (auth.username === "alerts" && auth.password === "smtp-pass-1") return callback(null, { user: auth.username });
      callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
      stream.on("end", () => {
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw, user: session.user as string | undefined });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.server.address() as AddressInfo).port, mails, server };
}

const now = new Date();
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
const workspaces: string[] = [];

beforeAll(async () => {
  receiver = await startReceiver();
  smtp = await startSmtp();
});
afterAll(async () => {
  receiver.server.closeAllConnections();
  receiver.server.close();
  await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
  await db.workspace.deleteMany({ where: { id: { in: workspaces } } });
  await db.$disconnect();
});

/** A workspace with one node, a rule on it and a failed auto instance: one alert to deliver. */
async function failedInstanceWithRule(form: Record<string, unknown>) {
  const { workspaceId, workflowId } = await createAlertWorkspace();
  workspaces.push(workspaceId);
  const node = await createDeployedNode({ workflowId, name: "ods_orders" });
  await createRule({ workspaceId, createdAt: new Date(now.getTime() - 3600_000), form: { name: "orders_failed", objectType: "node", objectIds: [node.id], trigger: "errorAfterAutoRerun", webhookUrls: "", ...form } });
  const ended = new Date(now.getTime() - 60_000);
  const instance = await createInstance({
    workspaceId,
    nodeId: node.id,
    scheduledAt: new Date(now.getTime() - 3600_000),
    bizdate: "20261129",
    status: "failed",
    endedAt: ended,
    runs: [{ status: "failed", startedAt: ended, endedAt: ended, errorMessage: 'Column "amount" refused the value "abc"' }],
  });
  await evaluateAlertRules({ now, workspaceId });
  return { workspaceId, instance, node };
}

describe("delivering alert events", () => {
  it("sends e-mail over SMTP and each robot's own message format, DingTalk and Lark signed", async () => {
    const { workspaceId, instance } = await failedInstanceWithRule({
      emails: "ops@example.com\noncall@example.com",
      webhookUrls: `${receiver.base}/generic?token=abcdefghijklmnop`,
      dingtalkUrl: `${receiver.base}/dingtalk/robot/send?access_token=dt_token_0123456789`,
      dingtalkSecret: "SECdingtalk-secret",
      larkUrl: `${receiver.base}/lark/open-apis/bot/v2/hook/0123456789abcdef0123`,
      larkSecret: "lark-secret",
      wecomUrl: `${receiver.base}/wecom/cgi-bin/webhook/send?key=wecom-key-0123456789`,
    });
    await saveSmtpSettings({ workspaceId, user: "tester", form: smtpSettingsFormSchema.parse({ host: "127.0.0.1", port: smtp.port, security: "none", username: "alerts", password: "smtp-pass-1", fromAddress: "synclane@example.com" }) });

    const events = await db.alertEvent.findMany({ where: { workspaceId }, orderBy: { channel: "asc" } });
    expect(events.map((event) => `${event.channel} ${event.recipient}`).sort()).toEqual([
      `dingtalk ${receiver.base}/dingtalk/robot/send?access_token=dt_t…`,
      "email oncall@example.com",
      "email ops@example.com",
      `lark ${receiver.base}/lark/open-apis/bot/v2/hook/0123…`,
      `webhook ${receiver.base}/generic?token=abcd…`,
      `wecom ${receiver.base}/wecom/cgi-bin/webhook/send?key=weco…`,
    ]);

    expect(await deliverPendingAlertEvents({ now, workspaceId })).toEqual({ sent: 6, retrying: 0, failed: 0 });
    const after = await db.alertEvent.findMany({ where: { workspaceId } });
    expect(after.every((event) => event.status === "sent" && event.attempts === 1 && event.sentAt)).toBe(true);

    // E-mail: one message per address, through the workspace's server with its user.
    expect(smtp.mails.map((mail) => mail.to).flat().sort()).toEqual(["oncall@example.com", "ops@example.com"]);
    const mail = smtp.mails[0];
    expect(mail).toMatchObject({ from: "synclane@example.com", user: "alerts" });
    // Headers unfolded, the quoted-printable body decoded.
    const unfolded = mail.raw
      .replace(/\r\n[ \t]+/g, " ")
      .replace(/=\r?\n/g, "")
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    expect(unfolded).toMatch(/^Subject: \[Synclane\] Error Persisting After Automatic Rerun: ods_orders \(business date 20261129\)$/m);
    expect(unfolded).toContain('Error: Column "amount" refused the value "abc"');
    expect(unfolded).toContain(`Instance: ${instance.id}`);

    const byPath = (prefix: string) => receiver.received.find((request) => request.path.startsWith(prefix))!;
    // Generic webhook: the documented JSON.
    expect(byPath("/generic").body).toMatchObject({
      event: "synclane.alert",
      rule: "orders_failed",
      trigger: "errorAfterAutoRerun",
      node: "ods_orders",
      instanceId: instance.id,
      bizdate: "20261129",
      status: "failed",
      errorMessage: 'Column "amount" refused the value "abc"',
      link: expect.stringMatching(new RegExp(`/runs/${instance.runIds[0]}$`)),
    });
    // DingTalk: markdown, and sign = base64(HmacSHA256(secret, timestamp + "\n" + secret)).
    const dingtalk = byPath("/dingtalk");
    expect(dingtalk.body).toMatchObject({ msgtype: "markdown", markdown: { title: expect.stringContaining("ods_orders"), text: expect.stringContaining("20261129") } });
    expect(dingtalk.query.get("access_token")).toBe("dt_token_0123456789");
    const timestamp = dingtalk.query.get("timestamp")!;
    expect(Math.abs(Number(timestamp) - Date.now())).toBeLessThan(60 * 60_000);
    expect(dingtalk.query.get("sign")).toBe(createHmac("sha256", "SECdingtalk-secret").update(`${timestamp}\nSECdingtalk-secret`).digest("base64"));
    // Lark: text message, timestamp in seconds and sign = base64(HmacSHA256(timestamp + "\n" + secret, "")).
    const lark = byPath("/lark").body;
    expect(lark).toMatchObject({ msg_type: "text", content: { text: expect.stringContaining("ods_orders") } });
    expect(lark.sign).toBe(createHmac("sha256", `${String(lark.timestamp)}\nlark-secret`).update("").digest("base64"));
    // WeCom: markdown content.
    expect(byPath("/wecom").body).toMatchObject({ msgtype: "markdown", markdown: { content: expect.stringContaining("ods_orders") } });

    // Delivering again sends nothing twice.
    expect(await deliverPendingAlertEvents({ now, workspaceId })).toEqual({ sent: 0, retrying: 0, failed: 0 });
  });

  it("retries a receiver that answers HTTP 500 or refuses connections, then fails the event with the error shown", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { workspaceId } = await failedInstanceWithRule({ webhookUrls: `${receiver.base}/fail\nhttp://127.0.0.1:${closedPort}/hook` });

    let clock = now;
    const rounds = [];
    for (let attempt = 1; attempt <= alertDelivery.maxAttempts; attempt += 1) {
      rounds.push(await deliverPendingAlertEvents({ now: clock, workspaceId }));
      // Not before the backoff: nothing is due.
      expect(await deliverPendingAlertEvents({ now: new Date(clock.getTime() + alertDelivery.backoffMs(attempt) - 1_000), workspaceId })).toEqual({ sent: 0, retrying: 0, failed: 0 });
      clock = new Date(clock.getTime() + alertDelivery.backoffMs(attempt));
    }
    expect(rounds).toEqual([...Array(alertDelivery.maxAttempts - 1).fill({ sent: 0, retrying: 2, failed: 0 }), { sent: 0, retrying: 0, failed: 2 }]);
    const events = await db.alertEvent.findMany({ where: { workspaceId } });
    expect(events.map((event) => [event.status, event.attempts, event.lastError]).sort()).toEqual([
      ["failed", 5, "The webhook answered HTTP 500. (attempt 5 of 5; not retried)"],
      ["failed", 5, `http://127.0.0.1:${closedPort}/hook refused the connection (nothing listens there). (attempt 5 of 5; not retried)`],
    ]);
  });

  it("gives up on a receiver that never answers within the bound, and the caller is not held", async () => {
    const { workspaceId } = await failedInstanceWithRule({ webhookUrls: `${receiver.base}/hang` });
    const started = performance.now();
    expect(await deliverPendingAlertEvents({ now, workspaceId, timeoutMs: 500 })).toEqual({ sent: 0, retrying: 1, failed: 0 });
    // The bound is the request timeout (0.5 s) plus bookkeeping, far below a hanging socket's minutes.
    expect(performance.now() - started).toBeLessThan(5_000);
    const [event] = await db.alertEvent.findMany({ where: { workspaceId } });
    expect(event).toMatchObject({ status: "pending", attempts: 1, lastError: `${receiver.base}/hang did not answer within 0.5 s. (attempt 1 of 5; retried)` });
  });

  it("refuses link-local and cloud metadata addresses at once, without retrying", async () => {
    const { workspaceId } = await failedInstanceWithRule({ webhookUrls: "http://169.254.169.254/latest/meta-data" });
    expect(await deliverPendingAlertEvents({ now, workspaceId })).toEqual({ sent: 0, retrying: 0, failed: 1 });
    const [event] = await db.alertEvent.findMany({ where: { workspaceId } });
    expect(event.lastError).toMatch(/link-local address .* SYNCLANE_ALLOW_LINK_LOCAL_ENDPOINTS=true .*attempt 1 of 5; not retried/);
  });

  it("fails a robot's refusal (HTTP 200 with errcode) without retrying, and e-mail without SMTP settings says what to set", async () => {
    const { workspaceId } = await failedInstanceWithRule({ dingtalkUrl: `${receiver.base}/robot-refuses?access_token=x`, emails: "ops@example.com" });
    expect(await deliverPendingAlertEvents({ now, workspaceId })).toEqual({ sent: 0, retrying: 0, failed: 2 });
    const events = await db.alertEvent.findMany({ where: { workspaceId }, orderBy: { channel: "asc" } });
    expect(events.map((event) => event.lastError)).toEqual([
      "The workspace has no SMTP settings: an administrator sets them in Workspace settings > SMTP. (attempt 1 of 5; not retried)",
      "The robot refused the message: errcode 310000 (sign not match). (attempt 1 of 5; not retried)",
    ]);
  });
});
