/** The value a timer handler receives (`Timer` of @azure/functions; the library has no class). */
export interface TimerInput {
  readonly schedule: { readonly adjustForDST: boolean };
  readonly scheduleStatus: {
    readonly last: string;
    readonly next: string;
    readonly lastUpdated: string;
  } | null;
  readonly isPastDue: boolean;
}

/** When nothing fired before: .NET's `DateTime.MinValue`, which the host reports then. */
const NEVER = '0001-01-01T00:00:00.000Z';

/** Builds the timer argument for one firing. */
export function timerInput(options: {
  readonly useMonitor: boolean;
  readonly last?: Date | undefined;
  readonly next?: Date | null | undefined;
  readonly now: Date;
  readonly isPastDue?: boolean;
}): TimerInput {
  return {
    schedule: { adjustForDST: true },
    scheduleStatus: options.useMonitor
      ? {
          last: options.last?.toISOString() ?? NEVER,
          next: options.next?.toISOString() ?? NEVER,
          lastUpdated: options.now.toISOString(),
        }
      : null,
    isPastDue: options.isPastDue ?? false,
  };
}
