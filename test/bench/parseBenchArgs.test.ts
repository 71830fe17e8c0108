import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { BenchSection } from '../../bench/benchSections.js';
import { parseBenchArgs } from '../../bench/parseBenchArgs.js';

const run = () => Promise.resolve();
const sections: BenchSection[] = [
  { name: 'validation', title: 'token validation', run },
  { name: 'server', title: 'server throughput', run },
  { name: 'sync', title: 'client sync', run },
];

describe('parseBenchArgs', () => {
  it('runs every section when none is named', () => {
    assert.deepEqual(parseBenchArgs([], sections), { help: false, sections });
  });

  it('runs the named sections once each, in the report order', () => {
    assert.deepEqual(parseBenchArgs(['sync', 'validation', 'sync'], sections), {
      help: false,
      sections: [sections[0], sections[2]],
    });
  });

  it('answers --help', () => {
    assert.deepEqual(parseBenchArgs(['--help'], sections), { help: true });
  });

  it('names an unknown section and prints the usage', () => {
    assert.throws(
      () => parseBenchArgs(['server', 'tokenz'], sections),
      (error: Error) =>
        error instanceof TypeError &&
        error.message.startsWith(
          'Unknown section(s): tokenz\nUsage: npm run bench -- [section ...]',
        ) &&
        error.message.includes('  validation  token validation'),
    );
  });
});
