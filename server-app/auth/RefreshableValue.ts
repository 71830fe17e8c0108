import { AuthFailure, type AuthFailureCode } from './AuthFailure.js';

/** Options of {@link RefreshableValue}. */
export interface RefreshableValueOptions<T> {
  /** What is loaded, for messages: e.g. `OpenID metadata of tenant …`. */
  readonly description: string;
  /** The failure code thrown when no usable value can be had. */
  readonly failureCode: AuthFailureCode;
  readonly load: () => Promise<T>;
  readonly now: () => number;
  /** After a failed load, no new attempt before this many ms; callers get 503 meanwhile. */
  readonly failureBackoffMs: number;
}

/**
 * A value loaded over the network and kept until the caller wants a fresher one. Concurrent
 * callers share one load; after a failure, loads pause for a backoff so an outage of the
 * identity provider does not turn every request into a hanging fetch.
 */
export class RefreshableValue<T> {
  readonly #options: RefreshableValueOptions<T>;
  #value: { readonly value: T; readonly loadedAt: number } | undefined;
  #pending: Promise<T> | undefined;
  #failure: { readonly error: unknown; readonly at: number } | undefined;

  constructor(options: RefreshableValueOptions<T>) {
    this.#options = options;
  }

  /**
   * Returns the value if it was loaded less than `maxAgeMs` ago, else loads it again. When that
   * load fails (now or within the backoff), returns the older value if `staleOnError`.
   *
   * @throws {AuthFailure} with `failureCode` and `retryAfterSeconds` when nothing usable is left.
   */
  async get(maxAgeMs: number, staleOnError: boolean): Promise<T> {
    const now = this.#options.now();
    const current = this.#value;
    if (current !== undefined && now - current.loadedAt < maxAgeMs) return current.value;
    const failure = this.#failure;
    if (failure !== undefined && now - failure.at < this.#options.failureBackoffMs) {
      if (staleOnError && current !== undefined) return current.value;
      throw this.#unavailable(failure.error, failure.at + this.#options.failureBackoffMs - now);
    }
    try {
      return await (this.#pending ??= this.#load());
    } catch (error) {
      if (staleOnError && current !== undefined) return current.value;
      throw this.#unavailable(error, this.#options.failureBackoffMs);
    }
  }

  async #load(): Promise<T> {
    try {
      const value = await this.#options.load();
      this.#value = { value, loadedAt: this.#options.now() };
      this.#failure = undefined;
      return value;
    } catch (error) {
      this.#failure = { error, at: this.#options.now() };
      throw error;
    } finally {
      this.#pending = undefined;
    }
  }

  #unavailable(cause: unknown, retryAfterMs: number): AuthFailure {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return new AuthFailure(
      this.#options.failureCode,
      `${this.#options.description} unavailable: ${reason}`,
      { cause, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) },
    );
  }
}
