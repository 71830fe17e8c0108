import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { RequestListener } from './createRequestListener.js';

/** An HTTP server bound to 127.0.0.1. */
export interface HttpListener {
  readonly port: number;
  /** Stops accepting, waits for requests in flight, then closes every connection. */
  close(): Promise<void>;
}

/** Serves `listener` on 127.0.0.1:`port` (0 picks a free port). */
export async function listenHttp(listener: RequestListener, port: number): Promise<HttpListener> {
  const server = createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await listener.idle();
      server.closeAllConnections();
      await closed;
    },
  };
}
