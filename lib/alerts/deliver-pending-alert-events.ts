import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { openSecret } from "@/lib/secrets";
import { alertText, alertTitle, dingtalkRequest, larkBody, webhookBody, wecomBody, type AlertFacts } from "./alert-message";
import { urlKey } from "./mask-url";
import { DeliveryError, defaultDeliveryTimeoutMs, postJson, type JsonResponse } from "./post-json";
import { sendAlertEmail } from "./send-alert-email";

export type DeliveryOptions = {
  now?: Date;
  /** Stop claiming new events after this long (real time); a claimed one still finishes. */
  budgetMs?: number;
  /** Per request (HTTP) or per e-mail (SMTP). */
  timeoutMs?: number;
  /** Events sent at once. */
  concurrency?: number;
  /** Attempts before an event is failed for good. */
  maxAttempts?: number;
  /** Only this workspace's events (tests; the scheduler delivers all). */
  workspaceId?: string;
};

export const alertDelivery = {
  maxAttempts: 5,
  concurrency: 4,
  budgetMs: 5_000,
  /** Waits after the 1st, 2nd, ... failed attempt: 1, 2, 4, 8 minutes (then failed). */
  backoffMs: (attempts: number) => Math.min(60 * 60_000, 60_000 * 2 ** (attempts - 1)),
};

export type DeliverySummary = { sent: number; retrying: number; failed: number };

/**
 * Sends the alert events that are due (`pending` with `nextAttemptAt <= now`). Each is
 * claimed by a conditional update that pushes `nextAttemptAt` past the longest a send can
 * take, so a second caller skips it and a crash mid-send only delays it (at-least-once).
 * A failed send waits `backoffMs` and is retried; after `maxAttempts` it is `failed` with
 * the last error. The call returns within about budgetMs + timeoutMs, however the
 * receivers behave: requests are bounded, and claiming stops when the budget is spent.
 */
export async function deliverPendingAlertEvents(options: DeliveryOptions = {}): Promise<DeliverySummary> {
  const now = options.now ?? new Date();
  const timeoutMs = options.timeoutMs ?? defaultDeliveryTimeoutMs;
  const budgetMs = options.budgetMs ?? alertDelivery.budgetMs;
  const concurrency = options.concurrency ?? alertDelivery.concurrency;
  const maxAttempts = options.maxAttempts ?? alertDelivery.maxAttempts;
  const startedAt = Date.now();
  const summary: DeliverySummary = { sent: 0, retrying: 0, failed: 0 };
  const tried = new Set<string>();
  while (Date.now() - startedAt < budgetMs) {
    const due = await db.alertEvent.findMany({
      where: { status: "pending", nextAttemptAt: { lte: now }, id: { notIn: [...tried] }, ...(options.workspaceId ? { workspaceId: options.workspaceId } : {}) },
      orderBy: { nextAttemptAt: "asc" },
      select: { id: true },
      take: concurrency,
    });
    if (due.length === 0) break;
    due.forEach(({ id }) => tried.add(id));
    // A database error on one event leaves it claimed until its lease ends, then it is
    // tried again; the others go on.
    const outcomes = await Promise.all(
      due.map(({ id }) =>
        deliverOne({ id, now, timeoutMs, maxAttempts }).catch((error: unknown) => {
          console.error(`Alert event ${id} could not be delivered:`, (error as Error).message);
          return null;
        }),
      ),
    );
    for (const outcome of outcomes) if (outcome) summary[outcome] += 1;
  }
  return summary;
}

async function deliverOne(input: { id: string; now: Date; timeoutMs: number; maxAttempts: number }): Promise<keyof DeliverySummary | null> {
  const { id, now, timeoutMs, maxAttempts } = input;
  // The lease: long enough for one send, so nobody else picks the event meanwhile.
  const leaseUntil = new Date(now.getTime() + 2 * timeoutMs + 30_000);
  const claimed = await db.alertEvent.updateMany({
    where: { id, status: "pending", nextAttemptAt: { lte: now } },
    data: { nextAttemptAt: leaseUntil, attempts: { increment: 1 } },
  });
  if (claimed.count === 0) return null;
  const event = await db.alertEvent.findUniqueOrThrow({ where: { id }, include: eventInclude });
  try {
    await send(event, timeoutMs);
    await db.alertEvent.updateMany({ where: { id, status: "pending", attempts: event.attempts }, data: { status: "sent", sentAt: new Date(), lastError: null } });
    return "sent";
  } catch (error) {
    const message = error instanceof DeliveryError ? error.message : `Could not send: ${(error as Error).message}`;
    const final = event.attempts >= maxAttempts || (error instanceof DeliveryError && !error.retryable);
    await db.alertEvent.updateMany({
      where: { id, status: "pending", attempts: event.attempts },
      data: final
        ? { status: "failed", lastError: `${message} (attempt ${event.attempts} of ${maxAttempts}; not retried)` }
        : { nextAttemptAt: new Date(now.getTime() + alertDelivery.backoffMs(event.attempts)), lastError: `${message} (attempt ${event.attempts} of ${maxAttempts}; retried)` },
    });
    return final ? "failed" : "retrying";
  }
}

const eventInclude = { rule: { include: { workspace: { include: { smtpSettings: true } } } } } satisfies Prisma.AlertEventInclude;
type EventWithRule = Prisma.AlertEventGetPayload<{ include: typeof eventInclude }>;

function openOptional(sealed: string | null): string | undefined {
  return sealed ? openSecret(sealed) : undefined;
}

/** The robots answer HTTP 200 with their own error code when they refuse a message. */
function checkRobotAnswer(response: JsonResponse, codeField: "errcode" | "code"): void {
  if (response.status < 200 || response.status >= 300) throw new DeliveryError(`The receiver answered HTTP ${response.status}.`);
  if (!response.body) return;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(response.body) as Record<string, unknown>;
  } catch {
    return;
  }
  const code = parsed[codeField] ?? parsed.StatusCode;
  if (code !== undefined && Number(code) !== 0) {
    const said = String(parsed.errmsg ?? parsed.msg ?? parsed.StatusMessage ?? "").slice(0, 200);
    // A refused signature or keyword will be refused again: do not retry.
    throw new DeliveryError(`The robot refused the message: ${codeField} ${String(code)}${said ? ` (${said})` : ""}.`, false);
  }
}

async function send(event: EventWithRule, timeoutMs: number): Promise<void> {
  const facts = event.payload as unknown as AlertFacts;
  const { rule } = event;
  const urlFor = (url: string) => (url && urlKey(url) === event.recipientKey ? url : null);
  const gone = () => new DeliveryError("The rule no longer has this recipient (it was edited); nothing was sent.", false);
  switch (event.channel) {
    case "email": {
      const smtp = rule.workspace.smtpSettings;
      if (!smtp) throw new DeliveryError("The workspace has no SMTP settings: an administrator sets them in Workspace settings > SMTP.", false);
      if (!rule.emails.includes(event.recipientKey)) throw gone();
      await sendAlertEmail({
        smtp: { host: smtp.host, port: smtp.port, security: smtp.security, username: smtp.username, password: openOptional(smtp.passwordSealed) ?? "", fromAddress: smtp.fromAddress },
        to: event.recipientKey,
        subject: alertTitle(facts),
        text: alertText(facts),
        timeoutMs,
      });
      return;
    }
    case "webhook": {
      const url = rule.webhookUrls.map(urlFor).find(Boolean);
      if (!url) throw gone();
      const response = await postJson({ url, body: webhookBody(facts), timeoutMs });
      if (response.status < 200 || response.status >= 300) throw new DeliveryError(`The webhook answered HTTP ${response.status}.`);
      return;
    }
    case "dingtalk": {
      const url = urlFor(rule.dingtalkUrl);
      if (!url) throw gone();
      // Signatures carry the real time, not the caller's `now`: the robot checks them
      // against its own clock (DingTalk: within an hour).
      const request = dingtalkRequest({ url, secret: openOptional(rule.dingtalkSecretSealed), facts, now: new Date() });
      checkRobotAnswer(await postJson({ url: request.url, body: request.body, timeoutMs }), "errcode");
      return;
    }
    case "lark": {
      const url = urlFor(rule.larkUrl);
      if (!url) throw gone();
      checkRobotAnswer(await postJson({ url, body: larkBody({ secret: openOptional(rule.larkSecretSealed), facts, now: new Date() }), timeoutMs }), "code");
      return;
    }
    case "wecom": {
      const url = urlFor(rule.wecomUrl);
      if (!url) throw gone();
      checkRobotAnswer(await postJson({ url, body: wecomBody(facts), timeoutMs }), "errcode");
      return;
    }
  }
}
