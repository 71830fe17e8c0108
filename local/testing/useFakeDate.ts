/** What {@link useFakeDate} reads the time from: a TimeSkippingClock, or anything with `now()`. */
export interface TimeSource {
  now(): number;
}

/** A global Date fake in place; `restore()` puts the real Date back (idempotent). */
export interface FakeDate {
  restore(): void;
}

let installed: FakeDate | undefined;

/**
 * Replaces `globalThis.Date` so that `Date.now()` and `new Date()` read `clock`, for SDK code
 * that reads the wall clock itself: MSAL's token cache and client assertions, `@azure/identity`,
 * oauth2 libraries, `x-ms-date` headers. Dates made from explicit arguments, `Date.parse`,
 * `Date.UTC` and `instanceof Date` (for dates made before the fake too) behave as before. Timers (`setTimeout`) are not faked: they
 * keep real time, so no timeout fires early.
 *
 * Code that captured `Date.now` before the fake (`const now = Date.now`) keeps the real clock;
 * install the fake before loading such code, or inject a clock into it.
 *
 * @throws {TypeError} when a fake is already installed (restore it first).
 */
export function useFakeDate(clock: TimeSource): FakeDate {
  if (installed)
    throw new TypeError('useFakeDate: a Date fake is already installed; restore it first');
  const RealDate = globalThis.Date;
  class ClockDate extends RealDate {
    constructor(...args: unknown[]) {
      // A call with arguments keeps the real constructor's meaning.
      super(...((args.length === 0 ? [clock.now()] : args) as [number]));
    }

    static override now(): number {
      return clock.now();
    }

    // Dates made before the fake (or by the real Date) still pass `instanceof Date`.
    static override [Symbol.hasInstance](value: unknown): boolean {
      return value instanceof RealDate;
    }
  }
  globalThis.Date = ClockDate as DateConstructor;
  const fake: FakeDate = {
    restore: () => {
      if (installed !== fake) return;
      globalThis.Date = RealDate;
      installed = undefined;
    },
  };
  installed = fake;
  return fake;
}
