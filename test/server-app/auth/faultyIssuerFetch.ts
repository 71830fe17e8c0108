/**
 * A `fetch` for the authenticator that passes through to a {@link TestIssuer}, except for the
 * documents given a fault, and deadlines the test fires itself: every identity-provider fault
 * without real timeouts or sleeps.
 */
import type { IssuerDocument, TestIssuer } from '../../support/testIssuer.js';

export type IssuerFaultKind =
  | 'http-500'
  | 'hang'
  | 'garbage'
  | 'empty-key-set'
  | 'no-usable-key'
  | 'oversize'
  | 'foreign-jwks-uri';

export interface FaultyIssuerFetch {
  readonly fetch: typeof fetch;
  /** Answers `document` with `fault` from now on. */
  set(document: IssuerDocument, fault: IssuerFaultKind): void;
  clear(): void;
  /** Requests that hang right now (answered by nothing until their deadline aborts them). */
  readonly hanging: number;
  /** Bytes an endless oversize body has handed out: stays near the cap if reading stops there. */
  readonly oversizeBytesServed: number;
}

const OVERSIZE_CHUNK = 64 * 1024;

export function faultyIssuerFetch(issuer: TestIssuer): FaultyIssuerFetch {
  const faults = new Map<IssuerDocument, IssuerFaultKind>();
  let hanging = 0;
  let oversizeBytesServed = 0;
  const documentOf = (url: string): IssuerDocument | undefined => {
    if (url === issuer.jwksUri) return 'keys';
    if (url.endsWith('/v2.0/.well-known/openid-configuration')) return 'v2';
    if (url.endsWith('/.well-known/openid-configuration')) return 'v1';
    return undefined;
  };

  const answer = async (
    fault: IssuerFaultKind,
    url: string,
    init: RequestInit | undefined,
  ): Promise<Response> => {
    switch (fault) {
      case 'http-500':
        return new Response('unavailable', { status: 500 });
      case 'hang':
        hanging += 1;
        init?.signal?.addEventListener('abort', () => (hanging -= 1), { once: true });
        return new Promise<Response>(() => {});
      case 'garbage':
        return new Response('<html>not json{', { status: 200 });
      case 'empty-key-set':
        return Response.json({ keys: [] });
      case 'no-usable-key':
        // The genuine key, published for encryption only.
        return Response.json({ keys: [{ ...issuer.currentKey.publicJwk, use: 'enc' }] });
      case 'oversize':
        return new Response(endlessBody(), { status: 200 });
      case 'foreign-jwks-uri': {
        const genuine = (await (await fetch(url, init)).json()) as Record<string, unknown>;
        return Response.json({ ...genuine, jwks_uri: 'https://attacker.example/keys' });
      }
    }
  };

  const endlessBody = () =>
    new ReadableStream<Uint8Array>({
      pull(controller) {
        oversizeBytesServed += OVERSIZE_CHUNK;
        controller.enqueue(new Uint8Array(OVERSIZE_CHUNK).fill(0x20));
      },
    });

  return {
    fetch: (input, init) => {
      const url = input instanceof Request ? input.url : input.toString();
      const document = documentOf(url);
      const fault = document === undefined ? undefined : faults.get(document);
      return fault === undefined ? fetch(input, init) : answer(fault, url, init);
    },
    set: (document, fault) => faults.set(document, fault),
    clear: () => faults.clear(),
    get hanging() {
      return hanging;
    },
    get oversizeBytesServed() {
      return oversizeBytesServed;
    },
  };
}

/** Deadlines that abort only when the test says so; counts how many were made. */
export function manualDeadlines() {
  const controllers: AbortController[] = [];
  return {
    deadline: (): AbortSignal => {
      const controller = new AbortController();
      controllers.push(controller);
      return controller.signal;
    },
    /** How many loads have begun, each under one deadline. */
    get created() {
      return controllers.length;
    },
    expireAll(): void {
      for (const controller of controllers) controller.abort(new Error('deadline (test)'));
    },
  };
}

/**
 * Waits, turning the event loop, until `condition` holds: for a request to reach a state the
 * test cannot await. The bound is only a safety net against a hang, never the thing tested.
 */
export async function eventually(condition: () => boolean, what: string): Promise<void> {
  const giveUpAt = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
