/**
 * `npm run test:loaded [-- --runs N] [--burners N] [-- <npm test args>]`: runs the full `npm test`
 * N times in a row (default 5) while N busy-loop worker threads (default: one per CPU) burn
 * every core beside it, to show that no test depends on timing a busy machine breaks. Exits 0
 * only when every run passed.
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';

const { values, positionals } = parseArgs({
  options: { runs: { type: 'string' }, burners: { type: 'string' } },
  allowPositionals: true,
});
const runs = count(values.runs, 5, '--runs');
const burners = count(values.burners, availableParallelism(), '--burners');

// A worker in a tight loop keeps one core busy until terminated (V8 stops it mid-loop).
const burning = Array.from({ length: burners }, () => new Worker('for (;;) {}', { eval: true }));
console.log(`test:loaded: ${burners} CPU burner thread(s) running; ${runs} runs of npm test`);

const results: { run: number; code: number; seconds: number }[] = [];
try {
  for (let run = 1; run <= runs; run++) {
    const started = Date.now();
    const code = await npmTest(positionals);
    const seconds = (Date.now() - started) / 1000;
    results.push({ run, code, seconds });
    console.log(
      `test:loaded: run ${run}/${runs} ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${seconds.toFixed(0)} s`,
    );
  }
} finally {
  await Promise.all(burning.map((worker) => worker.terminate()));
}
const failed = results.filter((r) => r.code !== 0);
console.log(
  `test:loaded: ${results.length - failed.length}/${runs} runs passed under ${burners} burner thread(s)` +
    (failed.length > 0 ? `; failed: ${failed.map((r) => `run ${r.run}`).join(', ')}` : ''),
);
process.exit(failed.length === 0 ? 0 : 1);

function npmTest(args: readonly string[]): Promise<number> {
  const child = spawn('npm', ['test', ...(args.length > 0 ? ['--', ...args] : [])], {
    stdio: 'inherit',
  });
  return new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))),
  );
}

function count(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`${name} must be a non-negative integer, got "${text}"`);
    process.exit(2);
  }
  return n;
}
