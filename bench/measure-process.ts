import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ProcessMeasurement {
  /** utime + stime of the process (all its threads) during the window, in clock ticks. */
  cpuTicks: number;
  /** CPU time of the process per completed request, in microseconds. */
  cpuMicrosPerRequest: number;
  /** Share of one core the process used during the window, in %. */
  cpuPercent: number;
  /** Peak resident set size since the process started (VmHWM), in MiB. */
  peakRssMiB: number;
  /** How busy each core was during the window (all processes), in %. */
  coreBusyPercent: number[];
  windowSeconds: number;
}

export interface ProcessMeter {
  /** Reads the counters again and computes the window's figures. */
  finish(requests: number): ProcessMeasurement;
}

let ticksPerSecond: number | undefined;

/** `getconf CLK_TCK` (100 on Linux almost everywhere), read once. */
export function clockTicksPerSecond(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticksPerSecond;
}

/**
 * Starts a measurement window for `pid`: reads utime+stime from /proc/<pid>/stat now and again in
 * `finish`, and the per-core busy time from /proc/stat, so a reader can see whether something
 * else was running on the cores during the window.
 */
export function measureProcess(pid: number): ProcessMeter {
  const startTicks = readCpuTicks(pid);
  const startCores = readCoreTimes();
  const startedAt = performance.now();
  return {
    finish(requests) {
      const cpuTicks = readCpuTicks(pid) - startTicks;
      const windowSeconds = (performance.now() - startedAt) / 1000;
      const endCores = readCoreTimes();
      const hz = clockTicksPerSecond();
      return {
        cpuTicks,
        cpuMicrosPerRequest: requests > 0 ? (cpuTicks * 1e6) / hz / requests : Number.NaN,
        cpuPercent: (cpuTicks / hz / windowSeconds) * 100,
        peakRssMiB: readPeakRssKiB(pid) / 1024,
        coreBusyPercent: endCores.map((end, core) => {
          const start = startCores[core];
          if (start === undefined) return Number.NaN;
          const total = end.total - start.total;
          return total > 0 ? ((end.busy - start.busy) / total) * 100 : Number.NaN;
        }),
        windowSeconds,
      };
    },
  };
}

/** utime + stime (fields 14 and 15 of /proc/<pid>/stat), in clock ticks. */
export function readCpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so field N is fields[N - 3].
  return Number(fields[11]) + Number(fields[12]);
}

/** VmHWM from /proc/<pid>/status, in KiB. */
export function readPeakRssKiB(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : Number.NaN;
}

function readCoreTimes(): Array<{ busy: number; total: number }> {
  const cores: Array<{ busy: number; total: number }> = [];
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const match = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const values = match[2]!.trim().split(/\s+/).map(Number);
    // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
    const total = values.slice(0, 8).reduce((sum, value) => sum + value, 0);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    cores[Number(match[1])] = { busy: total - idle, total };
  }
  return cores;
}
