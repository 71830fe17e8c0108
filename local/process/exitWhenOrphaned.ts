/**
 * Preloaded into each child the local stack starts (`node --import <this file> …`): when the
 * process that spawned it is gone, the child stops too. A parent killed with SIGKILL runs no
 * cleanup, so without this Azurite and the app hosts would keep running and holding their ports.
 *
 * Polls `process.ppid`: once the parent dies the child is re-parented (to init or a subreaper),
 * so a changed ppid means orphaned, and a pid later reused by another process cannot fool it.
 */
const POLL_MS = 500;
/** How long the child's own SIGTERM handling (Azurite's, the host's) may take before we exit. */
const GRACE_MS = 10_000;

const parent = process.ppid;
const poll = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(poll);
  // SIGTERM first so the child shuts down as it would for Ctrl-C (the host stops its worker).
  setTimeout(() => process.exit(1), GRACE_MS).unref();
  process.kill(process.pid, 'SIGTERM');
}, POLL_MS);
// Never the reason a child stays alive.
poll.unref();

// A module, not a script: it is loaded with --import.
export {};
