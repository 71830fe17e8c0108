import os from 'node:os';

/** What a reader needs to judge the figures: this runs on whatever machine `npm run bench` is on. */
export interface MachineInfo {
  readonly cores: number;
  readonly cpu: string;
  readonly node: string;
  readonly platform: string;
  readonly memoryGiB: number;
  /** 1-minute load average at start: other work on the machine skews every figure. */
  readonly load1: number;
}

/** Reads the machine's description once. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cores: os.availableParallelism(),
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    load1: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
  };
}

/** One line per fact, for the top of the report. */
export function formatMachineInfo(info: MachineInfo): string[] {
  return [
    `machine: ${info.cores} cores (${info.cpu}), ${info.memoryGiB} GiB, ${info.platform}`,
    `node ${info.node}, load average (1 min) ${info.load1}`,
  ];
}
