import { createServer } from 'node:net';

import { StackError } from './StackError.js';

/** @throws {StackError} when something already listens on 127.0.0.1:`port`. */
export async function checkPortFree(port: number, what: string, setting: string): Promise<void> {
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
  } catch (error) {
    const busy = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    throw new StackError(
      'ERR_PORT_IN_USE',
      `port ${port} for ${what} is ${busy ? 'already in use' : 'not available'}`,
      `stop whatever uses it (another npm start, func start or Azurite?) or set ${setting} to a free port`,
    );
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
