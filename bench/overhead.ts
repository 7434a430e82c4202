// `npm run bench`: the gateway's overhead against a direct call to the upstream and against the
// thinnest Node proxy (the floor). See BENCHMARKS.md for the layout and the latest numbers.
import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, release } from 'node:os';
import { join } from 'node:path';
import { readBenchSettings, type Mode, type Target } from './bench-settings.js';
import type { BenchReport, RunResult, TtfbRow } from './bench-report.js';
import type { LoadResult } from './load-result.js';
import { compileBenchFile } from './compile-bench-file.js';
import { formatReport } from './format-report.js';
import { clockTicksPerSecond, measureProcess, type ProcessMeasurement } from './measure-process.js';
import { measureTtfb } from './measure-ttfb.js';
import { ProcessGroup } from './process-group.js';
import { chooseLoadGenerator, runLoad, type LoadGenerator } from './run-load.js';
import { loadCore, repoRoot, startTarget, targetCore, type RunningTarget } from './start-target.js';
import { summarizeOverhead } from './summarize-overhead.js';
import { verifyResponse } from './verify-response.js';

const resultsDir = join(repoRoot, 'bench', 'results');
const expectedChunks = 20;
const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

function chatBody(model: string, mode: Mode): string {
  const messages = [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content: 'Say something short about gateways.' },
  ];
  return JSON.stringify(
    mode === 'stream' ? { model, messages, stream: true, stream_options: { include_usage: false } } : { model, messages, stream: false },
  );
}

async function main(): Promise<void> {
  const settings = readBenchSettings();
  if (!existsSync(join(repoRoot, 'dist', 'cli', 'main.js'))) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm run bench does)');
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
  } catch {
    throw new Error('taskset is missing (package util-linux): the benchmark pins processes to cores');
  }
  if (availableParallelism() < 2) throw new Error('the benchmark needs 2 cores (process under test on core 0, load on core 1)');
  // The harness itself (TTFB client, bookkeeping) stays off the core under test.
  execFileSync('taskset', ['-a', '-p', '-c', String(loadCore), String(process.pid)], { stdio: 'ignore' });

  const generator: LoadGenerator = chooseLoadGenerator(settings.loadGenerator, log);
  mkdirSync(resultsDir, { recursive: true });
  const floorScript = compileBenchFile(join(repoRoot, 'bench', 'floor-proxy.ts'), join(resultsDir, '.build'));
  const group = new ProcessGroup();
  const onSignal = (signal: NodeJS.Signals): void => {
    log(`${signal}: stopping every child process`);
    void group.stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const report: BenchReport = {
    startedAt: new Date().toISOString(),
    machine: {
      // All online CPUs: availableParallelism() would say 1, since this process is pinned by now.
      nproc: cpus().length,
      cpuModel: /^model name\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown',
      node: process.version,
      kernel: release(),
      clockTicks: clockTicksPerSecond(),
    },
    source: describeSource(),
    settings: { ...settings, loadGenerator: generator },
    runs: [],
    ttfb: [],
    warnings: [],
  };
  const warn = (message: string): void => {
    report.warnings.push(message);
    log(`WARNING: ${message}`);
  };

  try {
    const busy = await machineBusyPercent(1000);
    if (busy > 10) warn(`before the benchmark the machine was already ${busy.toFixed(0)}% busy (other processes): numbers may be noisy`);

    // Comparable windows (same mode and connections, different targets) run next to each other in time.
    const cells = settings.modes.flatMap((mode) =>
      settings.connections.flatMap((connections) => settings.targets.map((target) => ({ mode, connections, target }))),
    );
    for (let round = 1; round <= settings.rounds; round++) {
      for (const { mode, connections, target } of cells) {
        const run = await measureRun(group, { round, target, mode, connections, generator, floorScript, warn });
        report.runs.push(run);
        log(
          `r${round} ${target.padEnd(7)} ${mode.padEnd(10)} c=${String(connections).padEnd(3)} ${run.load.requestsPerSecond.toFixed(0).padStart(6)} req/s  ` +
            `p50 ${run.load.p50Ms.toFixed(3)} ms  p99 ${run.load.p99Ms.toFixed(3)} ms  ${run.process.cpuMicrosPerRequest.toFixed(1)} µs/req  ` +
            `${run.process.peakRssMiB.toFixed(1)} MiB`,
        );
      }
    }
    if (settings.ttfbRequests > 0) {
      // hybrid10's deployments serve only the unpaced `bench` model, and governed's catalog only it, so neither has a time-to-first-byte row.
      for (const target of settings.targets.filter((name) => name !== 'hybrid10' && name !== 'governed')) {
        const row = await measureTtfbRow(group, target, floorScript, warn);
        report.ttfb.push(row);
        log(`${target.padEnd(7)} TTFB p50 ${row.result.ttfbP50Ms.toFixed(2)} ms  p99 ${row.result.ttfbP99Ms.toFixed(2)} ms`);
      }
    }
  } finally {
    await group.stopAll();
  }

  const file = join(resultsDir, `overhead-${report.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ ...report, summary: summarizeOverhead(report) }, null, 2)}\n`);
  process.stdout.write(`\n${formatReport(report)}\nJSON: ${file}\n`);

  async function measureRun(
    processes: ProcessGroup,
    run: { round: number; target: Target; mode: Mode; connections: number; generator: LoadGenerator; floorScript: string; warn: (message: string) => void },
  ): Promise<RunResult> {
    const running = await startTarget(processes, {
      target: run.target,
      floorVariant: settings.floorVariant,
      floorScript: run.floorScript,
      gatewayNodeFlags: settings.gatewayNodeFlags,
    });
    try {
      const body = chatBody(running.model('bench'), run.mode);
      const verify = (): Promise<void> => verifyResponse({ url: running.url, body, stream: run.mode === 'stream', expectedChunks, ...(running.authorization === undefined ? {} : { authorization: running.authorization }) });
      for (let attempt = 0; attempt < 3; attempt++) await verify();
      const track = (child: ChildProcess): void => {
        processes.adopt('load generator', child);
      };
      const load = { url: running.url, body, connections: run.connections, core: loadCore, track, ...(running.authorization === undefined ? {} : { authorization: running.authorization }) };
      await runLoad(run.generator, { ...load, durationSeconds: settings.warmupSeconds });
      const label = `round ${run.round} ${run.target} ${run.mode} c=${run.connections}`;
      const underTestCore = run.target === 'direct' ? loadCore : targetCore;
      const ours = [
        { pid: running.underTest.pid, core: underTestCore },
        { pid: 'self' as const, core: loadCore },
        ...(running.simulator === running.underTest ? [] : [{ pid: running.simulator.pid, core: loadCore }]),
      ];
      // Other people's work on a core skews a window: measure again (after waiting for quiet) and keep the least disturbed.
      let best: { load: LoadResult; figures: ProcessMeasurement; foreign: number } | undefined;
      for (let attempt = 0; attempt <= settings.retries; attempt++) {
        if (attempt > 0) {
          log(`${label}: other processes took ${best!.foreign.toFixed(0)}% of a core during the window; measuring again`);
          await waitForQuiet(30_000);
        }
        const meter = measureProcess({ pid: running.underTest.pid, core: underTestCore }, ours);
        const measured = await runLoad(run.generator, { ...load, durationSeconds: settings.durationSeconds });
        const figures = meter.finish(measured.requests);
        const foreign = Math.max(...figures.coreForeignPercent.filter(Number.isFinite));
        if (best === undefined || foreign < best.foreign) best = { load: measured, figures, foreign };
        if (foreign <= settings.maxForeignPercent) break;
      }
      const { load: measured, figures: processFigures } = best!;
      await verify();
      if (measured.non2xx > 0) run.warn(`${label}: ${measured.non2xx} non-2xx responses`);
      if (measured.errors > 0) run.warn(`${label}: ${measured.errors} socket errors/timeouts`);
      if (best!.foreign > settings.maxForeignPercent) {
        run.warn(`${label}: other processes took ${processFigures.coreForeignPercent.map((value) => value.toFixed(0)).join('% / ')}% of cores 0 / 1 during the window`);
      }
      const steal = Math.max(...processFigures.coreStealPercent.filter(Number.isFinite));
      if (steal > 5) run.warn(`${label}: the hypervisor stole ${steal.toFixed(0)}% of a core during the window`);
      if (run.target !== 'direct' && (processFigures.coreBusyPercent[loadCore] ?? 0) > 97 && run.connections > 1) {
        run.warn(`${label}: core ${loadCore} (simulator + load generator) was saturated; the number may be bound by the load side`);
      }
      return {
        round: run.round,
        target: run.target,
        mode: run.mode,
        connections: run.connections,
        measuredProcess: running.underTest.name,
        load: measured,
        process: processFigures,
      };
    } catch (error) {
      throw withOutput(error, running);
    } finally {
      await running.stop();
    }
  }

  async function measureTtfbRow(processes: ProcessGroup, target: Target, script: string, warnAbout: (message: string) => void): Promise<TtfbRow> {
    const running = await startTarget(processes, {
      target,
      floorVariant: settings.floorVariant,
      floorScript: script,
      gatewayNodeFlags: settings.gatewayNodeFlags,
    });
    try {
      const body = chatBody(running.model('bench-paced'), 'stream');
      await verifyResponse({ url: running.url, body, stream: true, expectedChunks });
      // A few unmeasured requests first, so no target pays for its first connection and JIT.
      await measureTtfb({ url: running.url, body, requests: Math.min(20, settings.ttfbRequests), expectedChunks });
      const result = await measureTtfb({ url: running.url, body, requests: settings.ttfbRequests, expectedChunks });
      if (result.failures > 0) warnAbout(`TTFB ${target}: ${result.failures} streams failed or were incomplete`);
      return { target, result };
    } catch (error) {
      throw withOutput(error, running);
    } finally {
      await running.stop();
    }
  }
}

function withOutput(error: unknown, running: RunningTarget): Error {
  const output = [running.underTest, running.simulator]
    .filter((child, index, all) => all.indexOf(child) === index)
    .map((child) => `--- ${child.name} output ---\n${child.output().slice(-4000)}`)
    .join('\n');
  return new Error(`${(error as Error).message}\n${output}`, { cause: error });
}

/** The commit the gateway was built from, and whether src/ had uncommitted changes (others edit it while benchmarks run). */
function describeSource(): { commit: string; dirtySrcFiles: string[] } {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: repoRoot, encoding: 'utf8' });
    return { commit, dirtySrcFiles: status.split('\n').filter((line) => line.trim() !== '').map((line) => line.slice(3)) };
  } catch {
    return { commit: 'unknown', dirtySrcFiles: [] };
  }
}

/** Waits until the machine is less than 10% busy over a second, or `timeoutMs` passed. */
async function waitForQuiet(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await machineBusyPercent(1000)) < 10) return;
  }
}

/** How busy the whole machine is over `ms` (all cores), in %. */
async function machineBusyPercent(ms: number): Promise<number> {
  const read = (): { busy: number; total: number } => {
    const values = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1, 9).map(Number);
    const total = values.reduce((sum, value) => sum + value, 0);
    return { busy: total - (values[3] ?? 0) - (values[4] ?? 0), total };
  };
  const start = read();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const end = read();
  return end.total > start.total ? ((end.busy - start.busy) / (end.total - start.total)) * 100 : 0;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
