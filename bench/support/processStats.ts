import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/** Linux's USER_HZ, the unit of /proc/<pid>/stat's times: 100 on every mainstream kernel. */
const CLOCK_TICKS_PER_SECOND = 100;

/** /proc/<pid>/<file> as text; undefined where /proc is not there (not Linux) or the process is gone. */
function readProcFile(pid: number | string, file: 'stat' | 'status'): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** The fields of /proc/<pid>/stat after the command name, which may hold spaces: [0] is field 3. */
const statFieldsAfterName = (stat: string): string[] =>
  stat.slice(stat.lastIndexOf(')') + 2).split(' ');

/**
 * CPU time `pid` has used so far (user + system, all its threads), ms, in 10 ms steps; undefined
 * where /proc is not there or the process is gone.
 */
export function readProcessCpuMs(pid: number): number | undefined {
  const stat = readProcFile(pid, 'stat');
  if (stat === undefined) return undefined;
  const fields = statFieldsAfterName(stat);
  // utime and stime: fields 14 and 15.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_SECOND : undefined;
}

/** A process's resident memory as Linux reports it in /proc/<pid>/status, bytes. */
export interface ProcessMemory {
  /** VmRSS: resident now. */
  readonly rssBytes: number;
  /** VmHWM: the peak resident size since the process started or since the last reset. */
  readonly peakRssBytes: number;
}

/** The memory of `pid`, or undefined where /proc is not there (not Linux) or the process is gone. */
export function readProcessMemory(pid: number): ProcessMemory | undefined {
  const status = readProcFile(pid, 'status');
  if (status === undefined) return undefined;
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
    const stat = readProcFile(entry, 'stat');
    // Field 4 is the parent pid; a process that ended while we looked has no stat.
    if (stat !== undefined && Number(statFieldsAfterName(stat)[1]) === hostPid) {
      children.push(Number(entry));
    }
  }
  const sized = children.map((pid) => ({ pid, rss: readProcessMemory(pid)?.rssBytes ?? 0 }));
  return sized.sort((a, b) => b.rss - a.rss)[0]?.pid ?? hostPid;
}
