import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadOptions, LoadResult } from './load-result.js';

const bin = fileURLToPath(new URL('../node_modules/.bin/autocannon', import.meta.url));

/**
 * The fallback load generator when wrk is missing: autocannon in its own process (pinned like wrk
 * would be), `--json` for the summary. It is a Node program, so it costs core 1 several times
 * what wrk does and the numbers are lower; the table says which generator ran.
 */
export function runAutocannon(options: LoadOptions): Promise<LoadResult> {
  const args = [
    '-c',
    String(options.core),
    bin,
    '--json',
    '-c',
    String(options.connections),
    '-d',
    String(options.durationSeconds),
    '-t',
    '10',
    '-m',
    'POST',
    '-H',
    'content-type=application/json',
    ...(options.authorization === undefined ? [] : ['-H', `authorization=${options.authorization}`]),
    '-b',
    options.body,
    options.url,
  ];
  return new Promise((resolve, reject) => {
    const child = execFile('taskset', args, { maxBuffer: 1 << 22 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`autocannon failed: ${error.message}\n${stderr}`));
        return;
      }
      try {
        const result = JSON.parse(stdout.trim().split('\n').pop() ?? '') as {
          requests: { total: number; average: number };
          latency: { p50: number; p99: number };
          duration: number;
          non2xx: number;
          errors: number;
          timeouts: number;
        };
        resolve({
          generator: 'autocannon',
          connections: options.connections,
          requests: result.requests.total,
          durationSeconds: result.duration,
          requestsPerSecond: result.requests.total / result.duration,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
        });
      } catch (parseError) {
        reject(new Error(`cannot parse autocannon output: ${(parseError as Error).message}\n${stdout}`));
      }
    });
    options.track?.(child);
  });
}
