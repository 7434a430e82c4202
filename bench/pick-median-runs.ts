import type { RunResult } from './bench-report.js';

export interface MedianRun extends RunResult {
  /** Every round's req/s for this target × mode × connections, in round order. */
  roundsRequestsPerSecond: number[];
}

/**
 * One run per target × mode × connections: the round with the median req/s (the lower median
 * for an even count), so all figures in a row come from the same window. Order of first appearance.
 */
export function pickMedianRuns(runs: RunResult[]): MedianRun[] {
  const cells = new Map<string, RunResult[]>();
  for (const run of runs) {
    const key = `${run.target}|${run.mode}|${run.connections}`;
    const list = cells.get(key) ?? [];
    list.push(run);
    cells.set(key, list);
  }
  return [...cells.values()].map((list) => {
    const sorted = [...list].sort((a, b) => a.load.requestsPerSecond - b.load.requestsPerSecond);
    const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
    return { ...median, roundsRequestsPerSecond: list.map((run) => run.load.requestsPerSecond) };
  });
}
