import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "./common";
import { alertRuleFormSchema } from "./alert-rule";

const valid = { name: "nightly_failed", objectType: "workspace", trigger: "error", emails: "ops@example.com", minIntervalMinutes: "30", maxAlertsPerDay: "10" };

function errorsOf(form: Record<string, unknown>) {
  const parsed = alertRuleFormSchema.safeParse({ ...valid, ...form });
  return parsed.success ? {} : fieldErrorsOf(parsed.error);
}

describe("the alert rule form", () => {
  it("accepts a rule and splits its lists", () => {
    const parsed = alertRuleFormSchema.parse({ ...valid, emails: "Ops@Example.com, oncall@example.com\nops@example.com", webhookUrls: "https://hooks.example.com/a\n\nhttps://hooks.example.com/b" });
    expect(parsed.emails).toEqual(["ops@example.com", "oncall@example.com"]);
    expect(parsed.webhookUrls).toEqual(["https://hooks.example.com/a", "https://hooks.example.com/b"]);
    expect(parsed).toMatchObject({ uncompletedByTime: null, thresholdMinutes: null, minIntervalMinutes: 30 });
  });

  it.each([
    [{ trigger: "uncompletedBy", uncompletedByTime: "48:00" }, "uncompletedByTime", "hh from 0 to 47"],
    [{ trigger: "uncompletedBy", uncompletedByTime: "8.30" }, "uncompletedByTime", "hh from 0 to 47"],
    [{ trigger: "timedOut", thresholdMinutes: "0" }, "thresholdMinutes", "at least 1 minute"],
    [{ trigger: "uncompletedInCycle", thresholdMinutes: "-5" }, "thresholdMinutes", "Allowance must be 0 minutes or more"],
    [{ trigger: "uncompletedInCycle", thresholdMinutes: "1441" }, "thresholdMinutes", "at most 1440 minutes"],
    [{ trigger: "uncompletedInCycle", thresholdMinutes: "2.5" }, "thresholdMinutes", "whole number of minutes"],
    [{ minIntervalMinutes: "0" }, "minIntervalMinutes", "at least 1 minute"],
    [{ emails: "" }, "channels", "at least one channel"],
    [{ emails: "ops at example" }, "emails", '"ops" is not an e-mail address'],
    [{ dingtalkUrl: "oapi.dingtalk.com/robot/send" }, "dingtalkUrl", "valid http:// or https:// URL"],
    [{ webhookUrls: "ftp://example.com/x" }, "webhookUrls", "not a valid http:// or https:// URL"],
    [{ objectType: "node" }, "objectIds", "Choose at least one node"],
    [{ quietStart: "22:00" }, "quietEnd", "both the start and the end"],
    [{ quietStart: "25:00", quietEnd: "07:00" }, "quietStart", "00:00 to 23:59"],
  ])("%o is refused on %s", (form, field, message) => {
    expect(errorsOf(form)[field]?.join(" ")).toContain(message);
  });

  it("Uncompleted in Cycle: an allowance left empty is none (alert as the cycle ends)", () => {
    expect(alertRuleFormSchema.parse({ ...valid, trigger: "uncompletedInCycle", thresholdMinutes: "" }).thresholdMinutes).toBe(0);
    expect(alertRuleFormSchema.parse({ ...valid, trigger: "uncompletedInCycle", thresholdMinutes: "15" }).thresholdMinutes).toBe(15);
  });

  it("accepts hour 47, the last DataWorks allows", () => {
    expect(alertRuleFormSchema.parse({ ...valid, trigger: "uncompletedBy", uncompletedByTime: "47:59" }).uncompletedByTime).toBe("47:59");
  });
});
