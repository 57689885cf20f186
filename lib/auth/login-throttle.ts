/**
 * The login throttle's rules, apart from the database so they can be read and tested as
 * a table. "Failures" are the attempts inside the window that did not succeed: finished
 * failures and attempts still in flight (a request whose password is being checked counts
 * as a failure until it succeeds, so parallel guesses cannot all pass as "the first").
 */
export const loginThrottle = {
  /** Failures older than this no longer count. */
  windowMs: 15 * 60 * 1000,
  /** Failures of a user name, or from an address, that cost nothing. */
  freeFailures: 5,
  /** After the free failures the wait doubles from here ... */
  firstDelayMs: 1000,
  /** ... up to this. */
  maxDelayMs: 30_000,
  /**
   * Failures for one user name from one address that lock that pair. Only the pair: a
   * stranger guessing the administrator's password from elsewhere slows the administrator
   * down but cannot lock them out.
   */
  pairLockoutFailures: 10,
  /** Failures from one address across all user names that lock the address: it is guessing. */
  addressLockoutFailures: 50,
} as const;

export type LoginFailureCounts = {
  /** Failures of the user name from any address. */
  byUsername: number;
  /** Failures from the address for any user name. */
  byAddress: number;
  /** Failures of the user name from the address. */
  byUsernameAndAddress: number;
};

export type LoginThrottleDecision = { locked: true } | { locked: false; waitMs: number };

const delayFor = (failures: number) =>
  failures < loginThrottle.freeFailures
    ? 0
    : Math.min(loginThrottle.maxDelayMs, loginThrottle.firstDelayMs * 2 ** (failures - loginThrottle.freeFailures));

/** What the next attempt gets, given the failures inside the window. */
export function loginThrottleDecision(counts: LoginFailureCounts): LoginThrottleDecision {
  if (counts.byUsernameAndAddress >= loginThrottle.pairLockoutFailures || counts.byAddress >= loginThrottle.addressLockoutFailures) {
    return { locked: true };
  }
  return { locked: false, waitMs: Math.max(delayFor(counts.byUsername), delayFor(counts.byAddress)) };
}
