import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** A process of the benchmark's own and the core it is pinned to; `self` is this harness plus its reaped children (wrk). */
export interface PinnedProcess {
  pid: number | 'self';
  core: number;
}

export interface ProcessMeasurement {
  /** utime + stime of the process under test (all its threads) during the window, in clock ticks. */
  cpuTicks: number;
  /** CPU time of the process under test per completed request, in microseconds. */
  cpuMicrosPerRequest: number;
  /** Share of one core the process under test used during the window, in %. */
  cpuPercent: number;
  /** Peak resident set size of the process under test since it started (VmHWM), in MiB. */
  peakRssMiB: number;
  /** How busy each core was during the window (all processes, irq and softirq included), in %. */
  coreBusyPercent: number[];
  /** Busy time on each core that none of the benchmark's own processes account for, in %: other people's work. */
  coreForeignPercent: number[];
  /** Time the hypervisor took from each core, in %. */
  coreStealPercent: number[];
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
 * Starts a measurement window for the process under test: reads utime+stime from
 * /proc/<pid>/stat now and again in `finish`. It also reads the per-core times of /proc/stat and
 * the CPU time of every process of ours (`ours`, the process under test included), so a reader
 * can see whether anything else ran on the cores during the window. The kernel charges softirq
 * ticks (loopback networking) to the running process, so on an otherwise idle machine the foreign
 * share is close to 0.
 */
export function measureProcess(underTest: PinnedProcess & { pid: number }, ours: PinnedProcess[]): ProcessMeter {
  const startTicks = readCpuTicks(underTest.pid);
  const startOurs = ours.map((process) => readTicks(process.pid));
  const startCores = readCoreTimes();
  const startedAt = performance.now();
  return {
    finish(requests) {
      const cpuTicks = readCpuTicks(underTest.pid) - startTicks;
      const oursTicks = ours.map((process, index) => readTicks(process.pid) - startOurs[index]!);
      const endCores = readCoreTimes();
      const windowSeconds = (performance.now() - startedAt) / 1000;
      const hz = clockTicksPerSecond();
      const share = (ticks: number, total: number): number => (total > 0 ? (ticks / total) * 100 : Number.NaN);
      const coreBusyPercent: number[] = [];
      const coreForeignPercent: number[] = [];
      const coreStealPercent: number[] = [];
      endCores.forEach((end, core) => {
        const start = startCores[core];
        if (start === undefined) return;
        const total = end.total - start.total;
        const busy = end.busy - start.busy;
        const mine = ours.reduce((sum, process, index) => (process.core === core ? sum + oursTicks[index]! : sum), 0);
        coreBusyPercent[core] = share(busy, total);
        coreForeignPercent[core] = Math.max(0, share(busy - mine, total));
        coreStealPercent[core] = share(end.steal - start.steal, total);
      });
      return {
        cpuTicks,
        cpuMicrosPerRequest: requests > 0 ? (cpuTicks * 1e6) / hz / requests : Number.NaN,
        cpuPercent: (cpuTicks / hz / windowSeconds) * 100,
        peakRssMiB: readPeakRssKiB(underTest.pid) / 1024,
        coreBusyPercent,
        coreForeignPercent,
        coreStealPercent,
        windowSeconds,
      };
    },
  };
}

/** utime + stime (fields 14 and 15 of /proc/<pid>/stat), in clock ticks. */
export function readCpuTicks(pid: number): number {
  const fields = statFields(pid);
  return fields[14]! + fields[15]!;
}

/** VmHWM from /proc/<pid>/status, in KiB. */
export function readPeakRssKiB(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : Number.NaN;
}

function readTicks(pid: number | 'self'): number {
  if (pid !== 'self') return readCpuTicks(pid);
  // This process (utime, stime) and its waited-for children (cutime, cstime: wrk once it exits).
  const fields = statFields('self');
  return fields[14]! + fields[15]! + fields[16]! + fields[17]!;
}

/** The numeric fields of /proc/<pid>/stat, indexed by their 1-based field number (fields 1–2 unset). */
function statFields(pid: number | 'self'): number[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces and parentheses: split after its last ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const fields: number[] = [];
  rest.forEach((value, index) => {
    fields[index + 3] = Number(value);
  });
  return fields;
}

function readCoreTimes(): Array<{ busy: number; total: number; steal: number }> {
  const cores: Array<{ busy: number; total: number; steal: number }> = [];
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const match = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    // user nice system idle iowait irq softirq steal (guest time is already counted in user).
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = match[2]!.trim().split(/\s+/).map(Number);
    cores[Number(match[1])] = { busy: user + nice + system + irq + softirq, total: user + nice + system + idle + iowait + irq + softirq + steal, steal };
  }
  return cores;
}
