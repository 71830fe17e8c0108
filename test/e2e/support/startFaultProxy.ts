import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type RequestListener,
} from 'node:http';
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';

/** What the proxy does with one request: forward it, answer instead, hold it, or cut it. */
export type ProxyAction =
  | { readonly kind: 'forward' }
  | {
      readonly kind: 'respond';
      readonly status: number;
      readonly headers?: Record<string, string>;
      /** The problem+json body; default `{ type, title: 'Injected', status }`. */
      readonly body?: Record<string, unknown>;
    }
  | { readonly kind: 'hold' }
  | { readonly kind: 'reset' };

export interface FaultProxy {
  readonly url: string;
  /** Requests seen, in order (method and path with query). */
  readonly seen: string[];
  /** Replaces the rule for later requests. */
  setRule(rule: (request: IncomingMessage, index: number) => ProxyAction): void;
  /** Forwards every held request now, and stops holding. */
  release(): void;
  stop(): Promise<void>;
}

const forward: ProxyAction = { kind: 'forward' };

/** Serve TLS with this key and certificate, and trust `ca` towards an https target. */
export interface ProxyTls {
  readonly key: string;
  readonly cert: string;
  readonly ca: string;
}

/**
 * A loopback proxy in front of the real server app (or, with `tls`, the identity provider) that
 * injects the faults a test scripts: 429/503 answers, reset connections, or requests held until
 * released; it also counts what reaches it.
 */
export async function startFaultProxy(target: string, tls?: ProxyTls): Promise<FaultProxy> {
  const targetUrl = new URL(target);
  const send = targetUrl.protocol === 'https:' ? httpsRequest : httpRequest;
  const seen: string[] = [];
  let rule: (request: IncomingMessage, index: number) => ProxyAction = () => forward;
  let held: (() => void)[] = [];

  const listener: RequestListener = (req, res) => {
    const index = seen.push(`${req.method} ${req.url}`) - 1;
    const pass = () => {
      const upstream = send(
        {
          host: targetUrl.hostname,
          port: targetUrl.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: targetUrl.host },
          ...(tls ? { ca: tls.ca } : {}),
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    };
    const action = rule(req, index);
    switch (action.kind) {
      case 'forward':
        return pass();
      case 'respond':
        res.writeHead(action.status, {
          'content-type': 'application/problem+json',
          ...action.headers,
        });
        return res.end(
          JSON.stringify(
            action.body ?? { type: 'about:blank', title: 'Injected', status: action.status },
          ),
        );
      case 'hold':
        held.push(pass);
        return;
      case 'reset':
        req.socket.destroy();
        return;
    }
  };
  const server = tls
    ? createHttpsServer({ key: tls.key, cert: tls.cert }, listener)
    : createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    seen,
    setRule(next) {
      rule = next;
    },
    release() {
      rule = () => forward;
      const waiting = held;
      held = [];
      for (const pass of waiting) pass();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
