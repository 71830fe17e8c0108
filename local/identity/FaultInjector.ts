import { EntraError } from './EntraError.js';

/** The endpoints of the local identity provider that faults can target. */
export type IdentityEndpoint = 'token' | 'managedIdentity' | 'discovery' | 'keys';

/** One misbehaviour of an endpoint. */
export type Fault =
  /** Answer with this status (5xx, 429...) and an error body; `retryAfterSeconds` adds Retry-After. */
  | { readonly kind: 'status'; readonly status: number; readonly retryAfterSeconds?: number }
  /** Destroy the connection without answering (the client sees ECONNRESET / socket hang up). */
  | { readonly kind: 'reset' }
  /** Wait, then answer normally; a client with a shorter timeout gives up first. */
  | { readonly kind: 'delay'; readonly delayMs: number }
  /**
   * Answer normally, but as if `seconds` ago: a managed-identity token that has already
   * expired stands for an identity token held past its lifetime.
   */
  | { readonly kind: 'backdate'; readonly seconds: number };

/** A fault applied to the next `times` requests (default 1) of an endpoint. */
export interface FaultRule {
  readonly endpoint: IdentityEndpoint;
  readonly fault: Fault;
  readonly times?: number;
}

/**
 * Queue of injected faults per endpoint, consumed one request at a time, so a test can say
 * "fail twice with 500, then succeed" without timing.
 */
export class FaultInjector {
  readonly #queue: { endpoint: IdentityEndpoint; fault: Fault; remaining: number }[] = [];

  add(rule: FaultRule): void {
    const times = rule.times ?? 1;
    if (!Number.isInteger(times) || times < 1) {
      throw new TypeError('"times" must be a positive integer');
    }
    this.#queue.push({ endpoint: rule.endpoint, fault: rule.fault, remaining: times });
  }

  /** The fault for this request, if any; consumes one use. */
  take(endpoint: IdentityEndpoint): Fault | undefined {
    const index = this.#queue.findIndex((entry) => entry.endpoint === endpoint);
    const entry = this.#queue[index];
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    if (entry.remaining === 0) this.#queue.splice(index, 1);
    return entry.fault;
  }

  clear(): void {
    this.#queue.length = 0;
  }
}

/** The body of an injected error status: Entra-shaped, or App Service-shaped for managed identity. */
export function faultResponseBody(
  endpoint: IdentityEndpoint,
  status: number,
): Record<string, unknown> {
  if (endpoint === 'managedIdentity') {
    return { statusCode: status, message: `Injected fault: HTTP ${status}.` };
  }
  return new EntraError(
    400,
    'temporarily_unavailable',
    status === 429 ? 90033 : 50196,
    `Injected fault: the local identity provider answered HTTP ${status}.`,
  ).toBody();
}
