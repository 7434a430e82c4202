import type { Mode } from './bench-settings.js';
import type { BenchReport } from './bench-report.js';
import { pickMedianRuns, type MedianRun } from './pick-median-runs.js';

/** The gateway's targets (issue): ≥ 0.8× the floor's req/s at 50 connections, < 0.15 ms added p50 over the floor at 1. */
export const throughputTarget = 0.8;
export const addedP50TargetMs = 0.15;
/** A gateway whose median TTFB exceeds direct's by more than one chunk interval (10 ms) is holding chunks back. */
export const heldBackThresholdMs = 10;

export interface RatioRow {
  mode: Mode;
  connections: number;
  /** gateway req/s ÷ floor req/s */
  throughputRatio: number;
  /** gateway CPU µs/req ÷ floor CPU µs/req */
  cpuRatio: number;
  /** gateway req/s ÷ direct req/s */
  throughputVsDirect: number;
  meetsTarget: boolean | undefined;
}

/** Issue 3: translating to an Anthropic upstream costs at most 1.3× the CPU per request of OpenAI pass-through. */
export const translationCpuTarget = 1.3;

export interface TranslationRow {
  mode: Mode;
  connections: number;
  /** anthropic-upstream CPU µs/req ÷ OpenAI pass-through CPU µs/req */
  cpuRatio: number;
  /** anthropic-upstream req/s ÷ OpenAI pass-through req/s */
  throughputRatio: number;
  meetsTarget: boolean;
}

export interface AddedLatencyRow {
  mode: Mode;
  connections: number;
  gatewayOverFloorMs: number;
  gatewayOverDirectMs: number;
  floorOverDirectMs: number;
  meetsTarget: boolean;
}

export interface OverheadSummary {
  ratios: RatioRow[];
  addedP50: AddedLatencyRow[];
  translation: TranslationRow[];
  ttfbHeldBack: boolean | undefined;
  /** One line per target: met, missed, or not measured. */
  verdicts: string[];
}

/** Ratios, added latency and target verdicts, from the median round of each cell. */
export function summarizeOverhead(report: BenchReport): OverheadSummary {
  const medians = pickMedianRuns(report.runs);
  const find = (target: string, mode: Mode, connections: number): MedianRun | undefined =>
    medians.find((run) => run.target === target && run.mode === mode && run.connections === connections);
  const maxConnections = Math.max(...report.settings.connections);
  const ratios: RatioRow[] = [];
  const addedP50: AddedLatencyRow[] = [];
  const translation: TranslationRow[] = [];
  for (const mode of report.settings.modes) {
    for (const connections of report.settings.connections) {
      const gateway = find('gateway', mode, connections);
      const anthropic = find('anthropic', mode, connections);
      if (gateway && anthropic) {
        const cpuRatio = anthropic.process.cpuMicrosPerRequest / gateway.process.cpuMicrosPerRequest;
        translation.push({
          mode,
          connections,
          cpuRatio,
          throughputRatio: anthropic.load.requestsPerSecond / gateway.load.requestsPerSecond,
          meetsTarget: cpuRatio <= translationCpuTarget,
        });
      }
      const floor = find('floor', mode, connections);
      const direct = find('direct', mode, connections);
      if (gateway && floor) {
        const throughputRatio = gateway.load.requestsPerSecond / floor.load.requestsPerSecond;
        ratios.push({
          mode,
          connections,
          throughputRatio,
          cpuRatio: gateway.process.cpuMicrosPerRequest / floor.process.cpuMicrosPerRequest,
          throughputVsDirect: direct ? gateway.load.requestsPerSecond / direct.load.requestsPerSecond : Number.NaN,
          meetsTarget: connections === maxConnections && connections >= 50 ? throughputRatio >= throughputTarget : undefined,
        });
      }
      if (connections === 1 && gateway && floor) {
        const gatewayOverFloorMs = gateway.load.p50Ms - floor.load.p50Ms;
        addedP50.push({
          mode,
          connections,
          gatewayOverFloorMs,
          gatewayOverDirectMs: direct ? gateway.load.p50Ms - direct.load.p50Ms : Number.NaN,
          floorOverDirectMs: direct ? floor.load.p50Ms - direct.load.p50Ms : Number.NaN,
          meetsTarget: gatewayOverFloorMs < addedP50TargetMs,
        });
      }
    }
  }
  const gatewayTtfb = report.ttfb.find((row) => row.target === 'gateway');
  const directTtfb = report.ttfb.find((row) => row.target === 'direct');
  const ttfbHeldBack =
    gatewayTtfb && directTtfb ? gatewayTtfb.result.ttfbP50Ms - directTtfb.result.ttfbP50Ms > heldBackThresholdMs : undefined;

  const verdicts: string[] = [];
  for (const row of ratios) {
    if (row.meetsTarget === undefined) continue;
    verdicts.push(
      `${row.meetsTarget ? 'MET' : 'MISSED'}: gateway/floor throughput, ${row.mode}, ${row.connections} connections = ${row.throughputRatio.toFixed(2)}× (target ≥ ${throughputTarget}×)`,
    );
  }
  for (const row of addedP50) {
    verdicts.push(
      `${row.meetsTarget ? 'MET' : 'MISSED'}: added p50 over the floor, ${row.mode}, 1 connection = ${row.gatewayOverFloorMs.toFixed(3)} ms (target < ${addedP50TargetMs} ms)`,
    );
  }
  for (const row of translation) {
    if (row.connections !== maxConnections) continue;
    verdicts.push(
      `${row.meetsTarget ? 'MET' : 'MISSED'}: Anthropic-upstream CPU per request ÷ OpenAI pass-through, ${row.mode}, ${row.connections} connections = ${row.cpuRatio.toFixed(2)}× (target ≤ ${translationCpuTarget}×)`,
    );
  }
  if (ttfbHeldBack !== undefined) {
    verdicts.push(
      `${ttfbHeldBack ? 'MISSED' : 'MET'}: first chunk not held back (gateway TTFB p50 ${gatewayTtfb!.result.ttfbP50Ms.toFixed(2)} ms vs direct ${directTtfb!.result.ttfbP50Ms.toFixed(2)} ms; limit +${heldBackThresholdMs} ms)`,
    );
  }
  return { ratios, addedP50, translation, ttfbHeldBack, verdicts };
}
