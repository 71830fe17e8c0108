import type { RetryPolicy } from './actions.js';

/**
 * Delay before the next attempt after failed attempt number `attempt` (1-based), as DTFx's
 * `RetryInterceptor.ComputeNextDelay` computes it (Azure/durabletask,
 * src/DurableTask.Core/RetryInterceptor.cs): first × backoff^(attempt−1), capped by the maximum
 * interval. The retry timeout only decides whether to retry at all: once `now` has reached the
 * first attempt plus the timeout, `undefined` (give up); before that, the full delay, even when
 * it ends past the timeout.
 */
export function retryDelay(
  policy: RetryPolicy,
  attempt: number,
  firstAttemptAt: number,
  now: number,
): number | undefined {
  const timeout = policy.retryTimeoutInMilliseconds;
  const remaining =
    timeout !== undefined && timeout > 0 ? firstAttemptAt + timeout - now : Infinity;
  if (remaining <= 0) return undefined;
  const backoff = policy.backoffCoefficient ?? 1;
  const raw = policy.firstRetryIntervalInMilliseconds * Math.pow(backoff, attempt - 1);
  const max = policy.maxRetryIntervalInMilliseconds;
  const capped = max !== undefined && max > 0 ? Math.min(raw, max) : raw;
  return Math.max(0, capped);
}
