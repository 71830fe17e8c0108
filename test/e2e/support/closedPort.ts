import { createServer, type AddressInfo } from 'node:net';

/**
 * A loopback port nothing listens on: one the OS just handed out and that was closed again, so
 * a connection to it is refused (another process could take it meanwhile; that is unlikely).
 */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
