import { createHash } from "node:crypto";

/**
 * A webhook URL as events and pages show it. Robot URLs carry their credential in the URL
 * itself (DingTalk's `access_token`, WeCom's `key`, Lark's hook id in the path), so every
 * query value and every long path segment is cut to its first 4 characters; user info
 * is dropped. `https://oapi.dingtalk.com/robot/send?access_token=1a2b…`.
 */
export function maskUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "(not a URL)";
  }
  const cut = (text: string) => `${text.slice(0, 4)}…`;
  const path = url.pathname
    .split("/")
    .map((segment) => (segment.length >= 16 ? cut(segment) : segment))
    .join("/");
  const query = [...url.searchParams.keys()].map((key) => `${key}=${cut(url.searchParams.get(key) ?? "")}`).join("&");
  return `${url.protocol}//${url.host}${path}${query ? `?${query}` : ""}`;
}

/** A stable key for a webhook target that does not store the URL (and its token) again. */
export function urlKey(value: string): string {
  return createHash("sha256").update(value).digest("hex").slice(0, 24);
}
