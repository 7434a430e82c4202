// `npm run bench:profile -- [non-stream|stream] [connections] [gateway|hybrid10|governed]`: the gateway under the benchmark's
// load with V8's sampling profiler on (node --cpu-prof), then a summary of where its CPU went,
// by gateway source file where possible. The .cpuprofile (open it in Chrome DevTools or
// speedscope) and the summary land in bench/results/.
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBenchSettings, type Mode } from './bench-settings.js';
import { compileBenchFile } from './compile-bench-file.js';
import { measureProcess } from './measure-process.js';
import { ProcessGroup } from './process-group.js';
import { chooseLoadGenerator, runLoad } from './run-load.js';
import { loadCore, repoRoot, startTarget, targetCore } from './start-target.js';
import { formatCpuProfileSummary, summarizeCpuProfile } from './summarize-cpu-profile.js';
import { verifyResponse } from './verify-response.js';

async function main(): Promise<void> {
  const mode: Mode = process.argv[2] === 'stream' ? 'stream' : 'non-stream';
  const connections = Number(process.argv[3] ?? 50);
  const target = process.argv[4] === 'hybrid10' || process.argv[4] === 'governed' ? process.argv[4] : 'gateway';
  const settings = readBenchSettings();
  execFileSync('taskset', ['-a', '-p', '-c', String(loadCore), String(process.pid)], { stdio: 'ignore' });
  const generator = chooseLoadGenerator(settings.loadGenerator, (line) => process.stderr.write(`${line}\n`));
  const resultsDir = join(repoRoot, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const name = `${target}-${mode}-c${connections}-${stamp}`;
  const group = new ProcessGroup();
  process.once('SIGINT', () => void group.stopAll().finally(() => process.exit(130)));
  try {
    const running = await startTarget(group, {
      target,
      floorVariant: settings.floorVariant,
      floorScript: compileBenchFile(join(repoRoot, 'bench', 'floor-proxy.ts'), join(resultsDir, '.build')),
      gatewayNodeFlags: ['--cpu-prof', `--cpu-prof-dir=${resultsDir}`, `--cpu-prof-name=${name}.cpuprofile`],
    });
    const model = running.model('bench');
    const messages = [
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content: 'Say something short about gateways.' },
    ];
    const body = JSON.stringify(
      mode === 'stream' ? { model, messages, stream: true, stream_options: { include_usage: false } } : { model, messages, stream: false },
    );
    const auth = running.authorization === undefined ? {} : { authorization: running.authorization };
    await verifyResponse({ url: running.url, body, stream: mode === 'stream', expectedChunks: 20, ...auth });
    const track = (child: ChildProcess): void => {
      group.adopt('load generator', child);
    };
    const load = { url: running.url, body, connections, core: loadCore, track, ...auth };
    await runLoad(generator, { ...load, durationSeconds: settings.warmupSeconds });
    const windowStart = Number(process.hrtime.bigint() / 1000n);
    const meter = measureProcess({ pid: running.underTest.pid, core: targetCore }, [{ pid: running.underTest.pid, core: targetCore }]);
    const measured = await runLoad(generator, { ...load, durationSeconds: settings.durationSeconds });
    const figures = meter.finish(measured.requests);
    const windowEnd = Number(process.hrtime.bigint() / 1000n);
    // SIGTERM: the gateway shuts down cleanly and V8 writes the profile on exit.
    await running.stop();
    const profile = readdirSync(resultsDir).find((file) => file === `${name}.cpuprofile`);
    if (profile === undefined) throw new Error(`no profile was written (${name}.cpuprofile): did the gateway exit cleanly?`);
    const summary = summarizeCpuProfile(join(resultsDir, profile), { windowMicros: [windowStart, windowEnd] });
    const text =
      `Gateway CPU profile (target ${target}), ${mode}, ${connections} connections (${generator}, warm-up ${settings.warmupSeconds} s + window ${settings.durationSeconds} s; ` +
      `only the samples of the measured window count).\n` +
      `Window under the profiler: ${measured.requestsPerSecond.toFixed(0)} req/s, p50 ${measured.p50Ms.toFixed(2)} ms, ` +
      `${figures.cpuMicrosPerRequest.toFixed(0)} CPU µs/req, ${measured.non2xx} non-2xx, ${measured.errors} errors.\n\n` +
      formatCpuProfileSummary(summary);
    writeFileSync(join(resultsDir, `${name}.md`), text);
    process.stdout.write(`${text}\nProfile: ${join(resultsDir, profile)}\nSummary: ${join(resultsDir, `${name}.md`)}\n`);
  } finally {
    await group.stopAll();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:profile: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
