/**
 * `npm run bench -- [section ...]`: runs the benchmark sections in sequence and prints a report,
 * each section's table with its targets marked met or MISSED. A benchmark, not a test: a missed
 * target (or a section that fails to run) is reported and the exit code stays 0.
 */
import { performance } from 'node:perf_hooks';

import { BENCH_SECTIONS } from './benchSections.js';
import { benchUsage, parseBenchArgs } from './parseBenchArgs.js';
import { formatMachineInfo, machineInfo } from './support/machineInfo.js';

let args;
try {
  args = parseBenchArgs(process.argv.slice(2), BENCH_SECTIONS);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
if (args.help) {
  console.log(benchUsage(BENCH_SECTIONS));
  process.exit(0);
}

console.log('orders-daemon benchmarks');
for (const line of formatMachineInfo(machineInfo())) console.log(line);
const failed: string[] = [];
for (const section of args.sections) {
  console.log(`\n== ${section.name}: ${section.title}`);
  const started = performance.now();
  try {
    await section.run();
  } catch (error) {
    failed.push(section.name);
    console.log(`  MISSED: the section failed to run: ${describe(error)}`);
  }
  console.log(`  (${section.name} took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
if (failed.length > 0) console.log(`\nSections that failed to run: ${failed.join(', ')}`);
// Child processes and servers are stopped by each section; exit explicitly so a stray handle in
// a library (e.g. an HTTP agent's keep-alive socket) cannot hold the run open.
process.exit(0);

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return `${error.name}${typeof code === 'string' ? ` [${code}]` : ''}: ${error.message}`;
}
