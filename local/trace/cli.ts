/** `npm run trace -- [<runId>|latest]`: see TRACE_USAGE. */
import path from 'node:path';

import { findRepoRoot } from '../../shared/findRepoRoot.js';
import { runTraceCli } from './runTraceCli.js';

const code = await runTraceCli({
  argv: process.argv.slice(2),
  defaultTraceDir: path.join(findRepoRoot(), '.local', 'traces'),
  write: (line) => console.log(line),
});
process.exit(code);
