/**
 * `npm run host -- <appDir> [--port N] [--memory]`: runs a v4-model Node Functions app like
 * `func start`, prints its functions with their URLs, and stops cleanly (appTerminate hooks) on
 * SIGINT/SIGTERM. A startup failure prints one line and exits with code 1.
 */
import { consoleHostLog } from './consoleHostLog.js';
import { formatFunctionList } from './formatFunctionList.js';
import { parseHostArgs } from './parseHostArgs.js';
import { readyLine } from './readyLine.js';
import { startHost, type RunningHost } from './startHost.js';

let host: RunningHost;
try {
  const args = parseHostArgs(process.argv.slice(2));
  host = await startHost({
    appDir: args.appDir,
    ...(args.port === undefined ? {} : { port: args.port }),
    log: consoleHostLog,
    ...(args.memory ? { storage: { kind: 'memory' } as const } : {}),
  });
} catch (error) {
  console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

console.log(`\n${formatFunctionList(host.functions, host.routes, host.url)}\n`);
console.log(readyLine(host.url));

let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) {
    console.error(`Received ${signal} again; exiting without waiting.`);
    process.exit(1);
  }
  stopping = true;
  console.log(`Received ${signal}; stopping the host.`);
  host.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(
        `Error while stopping: ${error instanceof Error ? error.message : String(error)}`,
      );
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
