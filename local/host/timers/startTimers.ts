import type { Clock } from '../contracts.js';
import type { HostInvokeFunction } from '../invoke/createInvoker.js';
import type { TimerDefinition } from './compileTimers.js';
import { timerInput } from './timerInput.js';

/** Running timer loops. */
export interface RunningTimers {
  /** Stops scheduling and waits for firings in progress. */
  stop(): Promise<void>;
}

/**
 * Runs each timer on `clock`: once at start when `runOnStartup`, then at every occurrence. A
 * firing that overruns the next occurrence delays it (no overlap, as with the host's singleton
 * lock). Handler failures are logged by the invoker and do not stop the timer.
 */
export function startTimers(
  timers: readonly TimerDefinition[],
  invoke: HostInvokeFunction,
  clock: Clock,
): RunningTimers {
  const controller = new AbortController();
  const loops = timers.map((timer) => runTimer(timer, invoke, clock, controller.signal));
  return {
    stop: async () => {
      controller.abort(new Error('Timers stopped'));
      await Promise.all(loops);
    },
  };
}

async function runTimer(
  timer: TimerDefinition,
  invoke: HostInvokeFunction,
  clock: Clock,
  signal: AbortSignal,
): Promise<void> {
  let last: Date | undefined;
  const fire = async (at: Date) => {
    const input = timerInput({
      useMonitor: timer.useMonitor,
      last,
      next: timer.schedule.nextAfter(at),
      now: new Date(clock.now()),
    });
    last = at;
    await invoke(timer.functionName, input, { reason: `Timer fired at ${at.toISOString()}` }).catch(
      () => undefined,
    );
  };
  if (timer.runOnStartup) await fire(new Date(clock.now()));
  while (!signal.aborted) {
    const next = timer.schedule.nextAfter(new Date(clock.now()));
    if (!next) return;
    try {
      await clock.sleepUntil(next.getTime(), signal);
    } catch {
      return;
    }
    await fire(next);
  }
}
