import type { BenchSettings, Mode, Target } from './bench-settings.js';
import type { LoadResult } from './load-result.js';
import type { ProcessMeasurement } from './measure-process.js';
import type { TtfbResult } from './measure-ttfb.js';

/** One measured window: a target, a mode, a connection count. */
export interface RunResult {
  /** Which pass over the whole matrix (BENCH_ROUNDS) this window belongs to, from 1. */
  round: number;
  target: Target;
  mode: Mode;
  connections: number;
  /** Which process the CPU and memory figures belong to. */
  measuredProcess: string;
  load: LoadResult;
  process: ProcessMeasurement;
}

export interface TtfbRow {
  target: Target;
  result: TtfbResult;
}

/** Everything one `npm run bench` measured; written as JSON to bench/results/. */
export interface BenchReport {
  startedAt: string;
  machine: { nproc: number; cpuModel: string; node: string; kernel: string; clockTicks: number };
  /** What was measured: the commit, and the src/ files that differed from it when the run started. */
  source: { commit: string; dirtySrcFiles: string[] };
  settings: BenchSettings & { loadGenerator: 'wrk' | 'autocannon' };
  runs: RunResult[];
  ttfb: TtfbRow[];
  /** Anything that went wrong or looks suspicious (non-200s, errors, busy cores…). */
  warnings: string[];
}
