import { describe, expect, it } from "vitest";
import { quietHoursEnd, startOfDayIn, uncompletedDeadline } from "./alert-time";

describe("alert times in the workspace's time zone", () => {
  it.each([
    ["20261129", "08:30", "Asia/Shanghai", "2026-11-30T00:30:00.000Z"],
    ["20261129", "00:00", "Asia/Shanghai", "2026-11-29T16:00:00.000Z"],
    ["20261129", "32:00", "Asia/Shanghai", "2026-12-01T00:00:00.000Z"],
    ["20261129", "47:59", "UTC", "2026-12-01T23:59:00.000Z"],
    // The spring-forward day in Berlin: 2027-03-28 has 23 hours; 26:00 is 02:00 on the 29th.
    ["20270327", "26:00", "Europe/Berlin", "2027-03-29T00:00:00.000Z"],
  ])("business date %s, uncompleted by %s in %s is %s", (bizdate, time, timeZone, expected) => {
    expect(uncompletedDeadline({ bizdate, time, timeZone }).toISOString()).toBe(expected);
  });

  it("quiet hours across midnight end the next morning", () => {
    const timeZone = "Asia/Shanghai";
    expect(quietHoursEnd({ now: new Date("2026-11-30T15:00:00Z"), start: "22:00", end: "07:00", timeZone })?.toISOString()).toBe("2026-11-30T23:00:00.000Z");
    expect(quietHoursEnd({ now: new Date("2026-11-30T22:00:00Z"), start: "22:00", end: "07:00", timeZone })?.toISOString()).toBe("2026-11-30T23:00:00.000Z");
    expect(quietHoursEnd({ now: new Date("2026-11-30T23:00:00Z"), start: "22:00", end: "07:00", timeZone })).toBeNull();
    expect(quietHoursEnd({ now: new Date("2026-11-30T15:00:00Z"), start: "", end: "", timeZone })).toBeNull();
  });

  it("a day starts at local midnight", () => {
    expect(startOfDayIn(new Date("2026-11-30T17:00:00Z"), "Asia/Shanghai").toISOString()).toBe("2026-11-30T16:00:00.000Z");
  });
});
