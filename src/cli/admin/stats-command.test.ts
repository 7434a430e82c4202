import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startAdminServer, TEST_MASTER_KEY, type RunningAdminServer } from '../../server/admin/__fixtures__/start-admin-server.js';
import type { RequestLogRow } from '../../store/store-port.js';

/** `skyroute stats` (from source, in a child process) against a real admin server and store. */
const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
const PROJECT = fileURLToPath(new URL('../../../', import.meta.url));
const NOW = Date.UTC(2026, 0, 14, 12, 7, 30);

let server: RunningAdminServer;

function row(id: string, at: number, overrides: Partial<RequestLogRow>): RequestLogRow {
  return {
    id,
    at,
    endpoint: 'chat',
    keyId: 'key_a',
    model: 'chat',
    deployment: 'openai/gpt-4o-mini',
    provider: 'openai',
    attempts: 1,
    stream: false,
    status: 200,
    inputTokens: 100,
    outputTokens: 50,
    cachedInputTokens: 0,
    cacheWriteInputTokens: 0,
    reasoningTokens: 0,
    costNusd: 1_250_000_000,
    latencyMs: 120,
    ...overrides,
  };
}

before(async () => {
  server = await startAdminServer({ now: NOW });
  await server.store.writeRequests(
    [
      row('a', NOW - 30_000, { stream: true, ttftMs: 40 }),
      row('b', NOW - 60_000, { status: 502, costNusd: 0 }),
      row('c', NOW - 2 * 3_600_000, { model: 'embed', keyId: 'key_b' }),
    ],
    { log: true },
  );
});
after(() => server.close());

function skyroute(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      cwd: PROJECT,
      env: { PATH: process.env.PATH, NODE_OPTIONS: '', SKYROUTE_URL: server.url, SKYROUTE_MASTER_KEY: TEST_MASTER_KEY },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('skyroute stats prints a line per bucket with requests, then the total; filters and --json reach the API', async () => {
  const table = await skyroute(['stats']);
  assert.equal(table.code, 0, table.stderr);
  const lines = table.stdout.trimEnd().split('\n');
  assert.equal(lines[0], 'Requests 2026-01-13 12:15:00Z … 2026-01-14 12:15:00Z, 15m buckets (empty ones left out)');
  assert.match(lines[1]!, /^BUCKET\s+REQUESTS\s+ERRORS\s+ERROR%\s+COST\s+INPUT\s+OUTPUT\s+LATENCY P50\/P95\s+TTFT P50\/P95$/);
  // c at 10:07:30 (embed), then a and b in the 12:00 bucket: b failed, a was a stream whose first token took 40 ms.
  assert.match(lines[2]!, /^2026-01-14 10:00:00Z\s+1\s+0\s+0\.0%\s+\$1\.25\s+100\s+50\s+118\/127\s+-\/-$/);
  assert.match(lines[3]!, /^2026-01-14 12:00:00Z\s+2\s+1\s+50\.0%\s+\$1\.25\s+200\s+100\s+118\/127\s+42\/45$/);
  assert.match(lines[4]!, /^TOTAL\s+3\s+1\s+33\.3%\s+\$2\.50\s+300\s+150\s+118\/127\s+42\/45$/);
  assert.equal(lines.length, 5);

  const filtered = await skyroute(['stats', '--window', '1h', '--model', 'chat,embed', '--key', 'key_a', '--json']);
  assert.equal(filtered.code, 0, filtered.stderr);
  const report = JSON.parse(filtered.stdout) as { bucket: string; total: { requests: number } };
  assert.deepEqual([report.bucket, report.total.requests], ['1m', 2]);

  const refused = await skyroute(['stats', '--window', '1h', '--bucket', '1d']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^skyroute stats: .*bucket: 1d is longer than the window \(1h\)/);
});
