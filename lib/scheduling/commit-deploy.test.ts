import { describe, expect, it } from "vitest";
import { changeTypeOf, commitProblems, deployRefusal, versionStatus } from "./commit-deploy";
import { defaultNodeScheduling, type NodeScheduling } from "./node-scheduling";
import { schedulingFieldErrors } from "./scheduling-field-errors";

const base: NodeScheduling = defaultNodeScheduling({}, () => 0);
const withCycle = (cycle: unknown) => ({ ...base, cycle });

describe("scheduling field errors name the field and its limit", () => {
  it("an interval of 0 minutes or hours", () => {
    expect(schedulingFieldErrors(withCycle({ type: "minute", start: "00:00", end: "23:59", intervalMinutes: 0 }))).toEqual({ "cycle.intervalMinutes": "The interval must be 1 to 59 minutes." });
    expect(schedulingFieldErrors(withCycle({ type: "hour", start: "00:00", end: "23:00", intervalHours: 0 }))).toEqual({ "cycle.intervalHours": "The interval must be 1 to 23 hours." });
  });
  it("an empty interval", () => {
    expect(schedulingFieldErrors(withCycle({ type: "minute", start: "00:00", end: "23:59", intervalMinutes: Number.NaN }))["cycle.intervalMinutes"]).toBe(
      "The interval must be a whole number from 1 to 59 minutes.",
    );
  });
  it("an end before the start", () => {
    expect(schedulingFieldErrors(withCycle({ type: "hour", start: "10:00", end: "08:00", intervalHours: 1 }))).toEqual({ "cycle.end": "The end time is before the start time." });
    expect(schedulingFieldErrors({ ...base, validFrom: "2026-12-02", validTo: "2026-12-01" }).validTo).toMatch(/ends before it starts/);
  });
  it("a timeout over 168 hours or under a minute", () => {
    expect(schedulingFieldErrors({ ...base, timeoutMinutes: 168 * 60 + 1 })).toEqual({ timeoutMinutes: "The timeout can be at most 168 hours." });
    expect(schedulingFieldErrors({ ...base, timeoutMinutes: 0 })).toEqual({ timeoutMinutes: "The timeout must be at least 1 minute." });
    expect(schedulingFieldErrors({ ...base, timeoutMinutes: 168 * 60 })).toEqual({});
  });
  it("no weekday, no day of the month, no hour", () => {
    expect(schedulingFieldErrors(withCycle({ type: "week", weekdays: [], time: "00:10" }))).toEqual({ "cycle.weekdays": "Choose at least one weekday." });
    expect(schedulingFieldErrors(withCycle({ type: "month", days: [], time: "00:10" }))).toEqual({ "cycle.days": "Choose at least one day of the month." });
    expect(schedulingFieldErrors(withCycle({ type: "hours", hours: [], minute: 0 }))).toEqual({ "cycle.hours": "Choose at least one hour." });
  });
  it("auto rerun out of range, or with rerun disallowed", () => {
    expect(schedulingFieldErrors({ ...base, autoRerun: { times: 11, intervalMinutes: 31 } })).toEqual({
      "autoRerun.times": "Auto rerun times must be 1 to 10.",
      "autoRerun.intervalMinutes": "The rerun interval must be 1 to 30 minutes.",
    });
    expect(schedulingFieldErrors({ ...base, rerun: "allDenied", autoRerun: { times: 1, intervalMinutes: 1 } }).autoRerun).toMatch(/unavailable when Rerun is Disallow/);
  });
});

describe("commit problems", () => {
  it("lists an incomplete job spec and bad scheduling together", () => {
    const problems = commitProblems({ jobSpec: { type: "job" }, arguments: "", scheduling: { ...base, timeoutMinutes: 0 }, timeZone: "UTC" });
    expect(problems.length).toBeGreaterThan(1);
    expect(problems).toContainEqual({ path: "scheduling.timeoutMinutes", message: "The timeout must be at least 1 minute." });
  });
});

describe("versions", () => {
  it("the first commit creates, later ones change", () => {
    expect([changeTypeOf(0), changeTypeOf(3)]).toEqual(["create", "change"]);
  });
  it("status: production, deployed before, not deployed", () => {
    expect(versionStatus({ id: "a", deployedAt: new Date() }, "a")).toBe("production");
    expect(versionStatus({ id: "b", deployedAt: new Date() }, "a")).toBe("deployed");
    expect(versionStatus({ id: "c", deployedAt: null }, "a")).toBe("notDeployed");
  });
  it("only the newest commit, once", () => {
    expect(deployRefusal({ version: 2, deployedAt: null, newestVersion: 2, nodeName: "n" })).toBeNull();
    expect(deployRefusal({ version: 1, deployedAt: null, newestVersion: 2, nodeName: "n" })).toMatch(/not its newest commit/);
    expect(deployRefusal({ version: 2, deployedAt: new Date(), newestVersion: 2, nodeName: "n" })).toMatch(/already deployed/);
  });
});
