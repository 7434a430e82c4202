import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, test } from 'node:test';
import { createApp } from '../../app.js';
import { parseConfig } from '../../config/load-config.js';
import { createLogger } from '../../telemetry/create-logger.js';
import { loadDashboard } from './load-dashboard.js';

const directory = mkdtempSync(join(tmpdir(), 'skyroute-dashboard-load-'));
after(() => rmSync(directory, { recursive: true, force: true }));

test('a directory without index.html is no dashboard', () => {
  assert.equal(loadDashboard(join(directory, 'nothing-here')), undefined);
});

test('the built files are held by their path under /ui/, with a type, an etag, gzip when it pays, and immutability for hashed assets', () => {
  const built = join(directory, 'built');
  mkdirSync(join(built, 'assets'), { recursive: true });
  writeFileSync(join(built, 'index.html'), '<!doctype html><title>x</title>');
  const script = 'console.log("dashboard");\n'.repeat(100);
  writeFileSync(join(built, 'assets', 'index-abc123.js'), script);
  const dashboard = loadDashboard(built);
  assert.ok(dashboard !== undefined);
  assert.deepEqual([...dashboard.assets.keys()].sort(), ['assets/index-abc123.js', 'index.html']);
  const page = dashboard.assets.get('index.html')!;
  assert.equal(page.contentType, 'text/html; charset=utf-8');
  assert.equal(page.immutable, false);
  // 31 bytes do not shrink: served as they are.
  assert.equal(page.gzipped, undefined);
  const asset = dashboard.assets.get('assets/index-abc123.js')!;
  assert.equal(asset.contentType, 'text/javascript; charset=utf-8');
  assert.equal(asset.immutable, true);
  assert.match(asset.etag, /^"[\w-]{22}"$/);
  assert.equal(gunzipSync(asset.gzipped!).toString(), script);
});

test('a gateway without a built dashboard answers /ui/ with a 404 that says how to build it', async () => {
  const loaded = parseConfig({ database: { url: ':memory:' }, providers: {}, models: [] }, { baseDirectory: directory, environment: {} });
  const app = await createApp({ loaded, environment: {}, logger: createLogger({ level: 'silent' }), dashboardDirectory: join(directory, 'nothing-here') });
  try {
    const url = await app.listen(0, '127.0.0.1');
    const response = await fetch(`${url}/ui/`);
    assert.equal(response.status, 404);
    const body = (await response.json()) as { error: { skyroute_code: string; message: string } };
    assert.equal(body.error.skyroute_code, 'GW_ERR_DASHBOARD_NOT_BUILT');
    assert.match(body.error.message, /npm run build/);
  } finally {
    await app.close();
  }
});
