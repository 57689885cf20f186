import { describe, expect, it } from "vitest";
import { loginThrottleDecision } from "./login-throttle";

const counts = (byUsername: number, byAddress: number, byUsernameAndAddress: number) => ({ byUsername, byAddress, byUsernameAndAddress });

describe("the login throttle's rules", () => {
  it.each([
    { case: "no failures", counts: counts(0, 0, 0), decision: { locked: false, waitMs: 0 } },
    { case: "four failures of the name", counts: counts(4, 4, 4), decision: { locked: false, waitMs: 0 } },
    { case: "five failures of the name", counts: counts(5, 0, 0), decision: { locked: false, waitMs: 1000 } },
    { case: "five failures from the address", counts: counts(0, 5, 0), decision: { locked: false, waitMs: 1000 } },
    { case: "the larger count sets the wait", counts: counts(7, 6, 0), decision: { locked: false, waitMs: 4000 } },
    { case: "nine failures of the name from the address", counts: counts(9, 9, 9), decision: { locked: false, waitMs: 16_000 } },
    { case: "the wait stops growing at 30 s", counts: counts(200, 0, 0), decision: { locked: false, waitMs: 30_000 } },
    { case: "ten failures of the name from the address", counts: counts(10, 10, 10), decision: { locked: true } },
    { case: "ten failures of the name from other addresses", counts: counts(10, 0, 0), decision: { locked: false, waitMs: 30_000 } },
    { case: "49 failures from the address across names", counts: counts(0, 49, 0), decision: { locked: false, waitMs: 30_000 } },
    { case: "50 failures from the address across names", counts: counts(0, 50, 0), decision: { locked: true } },
  ])("$case", ({ counts, decision }) => {
    expect(loginThrottleDecision(counts)).toEqual(decision);
  });
});
