import type { BenchReport } from './bench-report.js';
import { pickMedianRuns } from './pick-median-runs.js';
import { summarizeOverhead } from './summarize-overhead.js';

/** The Markdown that `npm run bench` prints (and that BENCHMARKS.md quotes). */
export function formatReport(report: BenchReport): string {
  const summary = summarizeOverhead(report);
  const { settings, machine } = report;
  const lines: string[] = [];
  lines.push(
    `Skyroute overhead benchmark — ${report.startedAt}`,
    '',
    `${machine.nproc} cores (${machine.cpuModel}), Node ${machine.node}, load generator ${settings.loadGenerator}, ` +
      `warm-up ${settings.warmupSeconds} s, window ${settings.durationSeconds} s, ${settings.rounds} round(s)${settings.quick ? ' (BENCH_QUICK)' : ''}, floor variant undici ${settings.floorVariant}().`,
    `Gateway source: commit ${report.source.commit}${report.source.dirtySrcFiles.length > 0 ? ` plus uncommitted changes in ${report.source.dirtySrcFiles.length} src/ file(s)` : ''}.`,
    'Process under test on core 0; simulator and load generator on core 1. CPU and RSS are the process under test’s (the simulator’s for direct).',
    'Each row is the round with the median req/s for its cell; “rounds req/s” lists every round.',
    '“others” is busy time on a core that none of the benchmark’s processes account for (other people’s work on the machine).',
    '',
    '| target | mode | conns | req/s | p50 ms | p99 ms | CPU µs/req | CPU % | peak RSS MiB | cores busy % (0/1) | others % (0/1) | non-2xx | errors | rounds req/s |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  );
  for (const run of pickMedianRuns(report.runs)) {
    const { load, process } = run;
    lines.push(
      `| ${run.target} | ${run.mode} | ${run.connections} | ${fixed(load.requestsPerSecond, 0)} | ${fixed(load.p50Ms, 3)} | ${fixed(load.p99Ms, 3)} | ` +
        `${fixed(process.cpuMicrosPerRequest, 1)} | ${fixed(process.cpuPercent, 0)} | ${fixed(process.peakRssMiB, 1)} | ` +
        `${fixed(process.coreBusyPercent[0], 0)}/${fixed(process.coreBusyPercent[1], 0)} | ${fixed(process.coreForeignPercent[0], 0)}/${fixed(process.coreForeignPercent[1], 0)} | ` +
        `${load.non2xx} | ${load.errors} | ${run.roundsRequestsPerSecond.map((value) => value.toFixed(0)).join(', ')} |`,
    );
  }
  if (summary.ratios.length > 0) {
    lines.push('', '| mode | conns | gateway/floor req/s | gateway/floor CPU µs/req | gateway/direct req/s |', '|---|---:|---:|---:|---:|');
    for (const row of summary.ratios) {
      lines.push(
        `| ${row.mode} | ${row.connections} | ${ratio(row.throughputRatio)} | ${ratio(row.cpuRatio)} | ${ratio(row.throughputVsDirect)} |`,
      );
    }
  }
  if (summary.addedP50.length > 0) {
    lines.push('', '| mode (1 connection) | gateway − floor p50 ms | gateway − direct p50 ms | floor − direct p50 ms |', '|---|---:|---:|---:|');
    for (const row of summary.addedP50) {
      lines.push(`| ${row.mode} | ${fixed(row.gatewayOverFloorMs, 3)} | ${fixed(row.gatewayOverDirectMs, 3)} | ${fixed(row.floorOverDirectMs, 3)} |`);
    }
  }
  if (summary.translation.length > 0) {
    lines.push('', '| mode | conns | anthropic-upstream / OpenAI pass-through CPU µs/req | req/s ratio |', '|---|---:|---:|---:|');
    for (const row of summary.translation) lines.push(`| ${row.mode} | ${row.connections} | ${ratio(row.cpuRatio)} | ${ratio(row.throughputRatio)} |`);
  }
  if (report.ttfb.length > 0) {
    const requests = report.ttfb[0]!.result.requests;
    lines.push(
      '',
      `Time to first byte of a stream (simulator model bench-paced: first token after 50 ms, then a chunk every 10 ms; ${requests} sequential requests):`,
      '',
      '| target | TTFB p50 ms | TTFB p99 ms | whole stream p50 ms | whole stream p99 ms | failed |',
      '|---|---:|---:|---:|---:|---:|',
    );
    for (const row of report.ttfb) {
      const r = row.result;
      lines.push(`| ${row.target} | ${fixed(r.ttfbP50Ms, 2)} | ${fixed(r.ttfbP99Ms, 2)} | ${fixed(r.totalP50Ms, 2)} | ${fixed(r.totalP99Ms, 2)} | ${r.failures} |`);
    }
  }
  if (summary.verdicts.length > 0) lines.push('', ...summary.verdicts.map((verdict) => `- ${verdict}`));
  if (report.warnings.length > 0) lines.push('', 'Warnings:', ...report.warnings.map((warning) => `- ${warning}`));
  return `${lines.join('\n')}\n`;
}

function ratio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : '–';
}

function fixed(value: number | undefined, digits: number): string {
  return value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);
}
