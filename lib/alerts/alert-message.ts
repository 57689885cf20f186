import { createHmac } from "node:crypto";
import { alertTriggerLabels, type AlertTriggerName } from "@/lib/schemas/alert-rule";

/**
 * What an alert says, fixed when the event is created (the instance may change later).
 * This is also the documented body of the generic webhook (see lib/alerts/README.md).
 */
export type AlertFacts = {
  rule: string;
  ruleId: string;
  trigger: AlertTriggerName;
  triggerLabel: string;
  workspace: string;
  node: string;
  nodeId: string;
  instanceId: string;
  bizdate: string;
  scheduledAt: string;
  status: string;
  attempt: number;
  errorMessage: string | null;
  detail: string;
  link: string;
  detectedAt: string;
};

/** Where links in alerts point: the console as its users reach it. */
export function consoleBaseUrl(env: Record<string, string | undefined> = process.env): string {
  return (env.SYNCLANE_PUBLIC_URL || `http://localhost:${env.PORT || 3000}`).replace(/\/+$/, "");
}

export function alertTitle(facts: AlertFacts): string {
  return `[Synclane] ${facts.triggerLabel}: ${facts.node} (business date ${facts.bizdate})`;
}

function lines(facts: AlertFacts): string[] {
  return [
    `Rule: ${facts.rule}`,
    `Node: ${facts.node} (workspace ${facts.workspace})`,
    `Business date: ${facts.bizdate}, scheduled at ${facts.scheduledAt}`,
    `Status: ${facts.status}${facts.attempt ? `, attempt ${facts.attempt}` : ""}`,
    facts.detail,
    ...(facts.errorMessage ? [`Error: ${facts.errorMessage}`] : []),
    `Instance: ${facts.instanceId}`,
  ];
}

export function alertText(facts: AlertFacts): string {
  return [alertTitle(facts), "", ...lines(facts), "", `Open: ${facts.link}`].join("\n");
}

function alertMarkdown(facts: AlertFacts): string {
  return [`### ${alertTitle(facts)}`, ...lines(facts).map((line) => `- ${line}`), `[Open in Synclane](${facts.link})`].join("\n");
}

export function webhookBody(facts: AlertFacts) {
  return { event: "synclane.alert", title: alertTitle(facts), ...facts };
}

/**
 * DingTalk custom robot, markdown message: `{msgtype:"markdown", markdown:{title, text}}`.
 * With a signing secret ("加签"), the URL gets `timestamp` (ms) and `sign` =
 * urlencode(base64(HmacSHA256(key = secret, message = timestamp + "\n" + secret))).
 * (DingTalk Open Platform, "Custom robot access" / 自定义机器人安全设置.)
 */
export function dingtalkRequest(input: { url: string; secret?: string; facts: AlertFacts; now: Date }): { url: string; body: unknown } {
  const body = { msgtype: "markdown", markdown: { title: alertTitle(input.facts), text: alertMarkdown(input.facts) } };
  if (!input.secret) return { url: input.url, body };
  const timestamp = String(input.now.getTime());
  const sign = createHmac("sha256", input.secret).update(`${timestamp}\n${input.secret}`).digest("base64");
  const url = new URL(input.url);
  url.searchParams.set("timestamp", timestamp);
  url.searchParams.set("sign", sign);
  return { url: url.toString(), body };
}

/**
 * Lark / Feishu custom bot, text message: `{msg_type:"text", content:{text}}`. With
 * signature verification the body also carries `timestamp` (seconds, as a string) and
 * `sign` = base64(HmacSHA256(key = timestamp + "\n" + secret, message = "")), as the
 * Feishu custom bot guide (自定义机器人使用指南, 签名校验) specifies.
 */
export function larkBody(input: { secret?: string; facts: AlertFacts; now: Date }): Record<string, unknown> {
  const body: Record<string, unknown> = { msg_type: "text", content: { text: alertText(input.facts) } };
  if (!input.secret) return body;
  const timestamp = String(Math.floor(input.now.getTime() / 1000));
  return { timestamp, sign: createHmac("sha256", `${timestamp}\n${input.secret}`).update("").digest("base64"), ...body };
}

/**
 * WeCom group robot, markdown message: `{msgtype:"markdown", markdown:{content}}` (WeCom
 * API doc 91770, 群机器人配置说明; content at most 4096 bytes).
 */
export function wecomBody(facts: AlertFacts): Record<string, unknown> {
  return { msgtype: "markdown", markdown: { content: Buffer.from(alertMarkdown(facts)).subarray(0, 4000).toString("utf8") } };
}

export function alertFactsTriggerLabel(trigger: AlertTriggerName): string {
  return alertTriggerLabels[trigger];
}
