import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadOptions, LoadResult } from './load-result.js';

const script = fileURLToPath(new URL('./post.lua', import.meta.url));

/** True when `wrk` is on the PATH. */
export function wrkAvailable(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk --version prints its banner and exits 1; only a missing binary is ENOENT.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/**
 * One wrk run: a single thread (it has half a core at most), the POST body from bench/post.lua,
 * `--latency` for the percentiles. Resolves with the parsed summary.
 */
export function runWrk(options: LoadOptions): Promise<LoadResult> {
  const args = [
    '-c',
    String(options.core),
    'wrk',
    '-t1',
    `-c${options.connections}`,
    `-d${options.durationSeconds}s`,
    '--timeout',
    '10s',
    '--latency',
    '-s',
    script,
    options.url,
  ];
  return new Promise((resolve, reject) => {
    const child = execFile('taskset', args, { env: { ...process.env, WRK_BODY: options.body, WRK_AUTH: options.authorization ?? '' }, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`wrk failed: ${error.message}\n${stdout}\n${stderr}`));
        return;
      }
      try {
        resolve({ ...parseWrkOutput(stdout), connections: options.connections });
      } catch (parseError) {
        reject(parseError);
      }
    });
    options.track?.(child);
  });
}

/** Parses wrk's summary (with --latency). Exported for tests and for re-reading saved output. */
export function parseWrkOutput(text: string): Omit<LoadResult, 'connections'> {
  const requestsLine = /(\d+) requests in ([\d.]+)(us|ms|s|m)\b/.exec(text);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(text);
  const p50 = /^\s+50%\s+([\d.]+)(us|ms|s|m)\s*$/m.exec(text);
  const p99 = /^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$/m.exec(text);
  if (!requestsLine || !rps || !p50 || !p99) throw new Error(`cannot parse wrk output:\n${text}`);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(text);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const errors = socketErrors ? socketErrors.slice(1).reduce((sum, value) => sum + Number(value), 0) : 0;
  return {
    generator: 'wrk',
    requests: Number(requestsLine[1]),
    durationSeconds: toMs(Number(requestsLine[2]), requestsLine[3]!) / 1000,
    requestsPerSecond: Number(rps[1]),
    p50Ms: toMs(Number(p50[1]), p50[2]!),
    p99Ms: toMs(Number(p99[1]), p99[2]!),
    non2xx: non2xx ? Number(non2xx[1]) : 0,
    errors,
  };
}

function toMs(value: number, unit: string): number {
  switch (unit) {
    case 'us':
      return value / 1000;
    case 'ms':
      return value;
    case 's':
      return value * 1000;
    default:
      return value * 60_000;
  }
}
