import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/** A process's resident memory as Linux reports it in /proc/<pid>/status, bytes. */
export interface ProcessMemory {
  /** VmRSS: resident now. */
  readonly rssBytes: number;
  /** VmHWM: the peak resident size since the process started or since the last reset. */
  readonly peakRssBytes: number;
}

/** The memory of `pid`, or undefined where /proc is not there (not Linux) or the process is gone. */
export function readProcessMemory(pid: number): ProcessMemory | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kib = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  };
  const rssBytes = kib('VmRSS');
  const peakRssBytes = kib('VmHWM');
  return rssBytes === undefined || peakRssBytes === undefined
    ? undefined
    : { rssBytes, peakRssBytes };
}

/**
 * Resets the peak (VmHWM) to the current RSS by writing `5` to /proc/<pid>/clear_refs (Linux
 * 4.0+), so a run's peak can be read on its own in a long-lived process. Returns false when the
 * kernel refused or ignored it: the caller then only has the process's lifetime peak.
 */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    return false;
  }
  const memory = readProcessMemory(pid);
  // After a reset the peak is the current RSS (plus whatever was touched in between).
  return memory !== undefined && memory.peakRssBytes <= memory.rssBytes * 1.05;
}

/**
 * The process that runs the app's code: the local host (like the Functions host) starts a Node
 * worker child and runs no app code itself, so the sync's memory is the worker's. Returns the
 * host's child with the most resident memory, or the host itself when it has no child.
 */
export function findAppWorkerPid(hostPid: number): number {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/<pid>/stat is the parent pid; the command name (field 2) may hold spaces.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === hostPid) children.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  const sized = children.map((pid) => ({ pid, rss: readProcessMemory(pid)?.rssBytes ?? 0 }));
  return sized.sort((a, b) => b.rss - a.rss)[0]?.pid ?? hostPid;
}
