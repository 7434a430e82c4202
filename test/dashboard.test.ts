import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createApp, type App } from '../src/app.js';
import { parseConfig } from '../src/config/load-config.js';
import { startSimulator, type RunningSimulator } from '../src/simulator/start-simulator.js';
import { createLogger } from '../src/telemetry/create-logger.js';
import { buildDashboard } from './support/build-dashboard.js';
import { launchChromium } from './support/launch-chromium.js';
import { simModel } from './support/start-routing-gateway.js';

/**
 * The dashboard end to end: the page built from web/ as it is now, served by a real gateway in front
 * of the simulator, driven in real headless Chromium. Screenshots land in test-artifacts/dashboard/.
 */
const MASTER_KEY = 'sk-master-dashboard-test-0123456789';
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'dashboard');
const quick = { timeToFirstTokenMs: 5, timeToFirstTokenJitterMs: 0, tokensPerSecond: 0, outputTokens: 8 };

let directory: string;
let simulator: RunningSimulator;
let app: App;
let url: string;
let browser: Browser;
let page: Page;

async function chat(model: string, options: { stream?: boolean; key?: string; id?: string } = {}): Promise<Response> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${options.key ?? MASTER_KEY}`,
      ...(options.id === undefined ? {} : { 'x-request-id': options.id }),
    },
    body: JSON.stringify({ model, stream: options.stream ?? false, messages: [{ role: 'user', content: 'Say hello.' }] }),
  });
  await response.arrayBuffer();
  return response;
}

/** Polls `check` (a Playwright query from here) until it holds. */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

before(async () => {
  directory = mkdtempSync(join(tmpdir(), 'skyroute-dashboard-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  const webDirectory = join(directory, 'web');
  await buildDashboard(webDirectory);
  simulator = await startSimulator({ seed: 5, profiles: { fast: { ...quick }, smart: { ...quick, outputTokens: 16 }, down: { ...quick, outages: [{ mode: 'error' }] } } });
  const loaded = parseConfig(
    {
      auth: { master_key: MASTER_KEY },
      database: { url: join(directory, 'gateway.db') },
      request_log: { flush_interval_ms: 50 },
      providers: { sim: { type: 'openai-compatible', base_url: simulator.baseUrls.openai } },
      catalog: { models: [simModel('fast', { input: 0.1, output: 0.4 }), simModel('smart', { input: 2, output: 8 }), simModel('down', { input: 0.1, output: 0.4 })] },
      models: [
        { name: 'fast', deployments: [{ provider: 'sim', model: 'fast' }] },
        { name: 'smart', deployments: [{ provider: 'sim', model: 'smart' }] },
        { name: 'failover', strategy: 'priority', deployments: [{ provider: 'sim', model: 'down', priority: 1 }, { provider: 'sim', model: 'fast', priority: 2 }] },
      ],
      routing: { retry: { backoff_base_ms: 1, backoff_max_ms: 1 } },
    },
    { baseDirectory: directory, environment: {} },
  );
  app = await createApp({ loaded, environment: {}, logger: createLogger({ level: 'silent' }), dashboardDirectory: webDirectory });
  url = await app.listen(0, '127.0.0.1');
  // Traffic for the pages to show: plain requests, streams, and a failover whose trace is kept.
  for (let index = 0; index < 6; index++) assert.equal((await chat(index % 2 === 0 ? 'fast' : 'smart', { stream: index % 3 === 0 })).status, 200);
  assert.equal((await chat('failover', { id: 'dashboard-failover-1' })).status, 200);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
});

after(async () => {
  await browser?.close();
  await app?.close();
  await simulator?.close();
  if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
});

test('the gateway serves the built page at /ui/ with its security headers, and sends /ui there', async () => {
  const redirect = await fetch(`${url}/ui`, { redirect: 'manual' });
  assert.equal(redirect.status, 308);
  assert.equal(redirect.headers.get('location'), '/ui/');
  const index = await fetch(`${url}/ui/`);
  assert.equal(index.status, 200);
  assert.match(index.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(index.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  assert.equal(index.headers.get('cache-control'), 'no-cache');
  const html = await index.text();
  const script = /src="(\/ui\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  assert.ok(script !== undefined, html);
  const asset = await fetch(`${url}${script}`, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(asset.status, 200);
  assert.match(asset.headers.get('cache-control') ?? '', /immutable/);
  const revalidated = await fetch(`${url}${script}`, { headers: { 'if-none-match': asset.headers.get('etag') ?? '' } });
  assert.equal(revalidated.status, 304);
  const malformed = await fetch(`${url}/ui/%E0%A4%A`);
  assert.equal(malformed.status, 404);
  const missing = await fetch(`${url}/ui/assets/nope.js`);
  assert.equal(missing.status, 404);
  assert.equal(((await missing.json()) as { error: { skyroute_code: string } }).error.skyroute_code, 'GW_ERR_ROUTE_NOT_FOUND');
});

test('signing in: a wrong key shows the gateway\'s own error; the master key opens the dashboard', async () => {
  await page.goto(`${url}/ui/`);
  await page.getByLabel('Master key').fill('sk-not-the-master-key-000');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /is not the master key/);
  await shot('01-sign-in-refused');
  await page.getByLabel('Master key').fill(MASTER_KEY);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();
  await shot('02-signed-in');
});

test('the overview charts the traffic over the window, and its filters narrow it', async () => {
  await page.goto(`${url}/ui/#/?window=1h`);
  const totals = page.getByTestId('totals');
  await totals.waitFor();
  // Seven requests so far, all answered; the charts have one point per minute of the hour.
  await until(async () => /Requests\s+7\b/.test(await totals.innerText()), 'the totals to count the seven requests');
  assert.match(await totals.innerText(), /Error rate\s+0 %/);
  const charts = page.getByTestId('chart');
  assert.equal(await charts.count(), 5);
  for (const chart of await charts.all()) {
    assert.ok(Number(await chart.getAttribute('data-points')) >= 60);
    assert.equal(await chart.locator('canvas').count(), 1);
  }
  await shot('03-overview');
  await page.locator('select[name="model"]').selectOption('smart');
  await until(async () => /Requests\s+3\b/.test(await totals.innerText()), 'the model filter to leave the three requests for smart');
  assert.match(page.url(), /model=smart/);
  await page.locator('select[name="model"]').selectOption('');
});

test('the request log lists the traffic, and a failed-over request opens with its routing trace', async () => {
  await page.goto(`${url}/ui/#/logs`);
  const rows = page.getByTestId('log-table').locator('tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 7);
  await shot('04-requests');
  await page.getByLabel('Model').fill('failover');
  await page.getByRole('button', { name: 'Apply' }).click();
  await until(async () => (await rows.count()) === 1, 'one row for the failover model');
  assert.match(page.url(), /#\/logs\?model=failover/);
  await rows.first().getByRole('link').click();
  const attempts = page.getByTestId('attempts').locator('li');
  await attempts.first().waitFor();
  const texts = await attempts.allInnerTexts();
  assert.equal(texts.length, 2, texts.join('\n'));
  assert.match(texts[0]!, /failover\/sim\/down|sim\/down/);
  assert.match(texts[0]!, /error/);
  assert.match(texts[1]!, /ok/);
  assert.match(await page.locator('dl.facts').innerText(), /Served by\s+\S*fast/);
  await shot('05-request-trace');
});

test('keys: create one (its secret shown once, and it works), then revoke it (refused from then on)', async () => {
  await page.goto(`${url}/ui/#/keys`);
  const form = page.getByRole('form', { name: 'New key' });
  const panel = page.locator('details.panel', { hasText: 'New key' });
  await panel.locator('summary').click();
  await form.getByLabel('Name').fill('dashboard-app');
  await form.getByLabel('RPM').fill('120');
  await form.getByLabel('Budget (USD)').fill('5');
  await form.getByRole('button', { name: 'Create key' }).click();
  const created = page.getByTestId('new-key');
  await created.waitFor();
  const secret = (await created.locator('pre.secret').innerText()).trim();
  assert.match(secret, /^sk-sr-/);
  await shot('06-key-created');
  assert.equal((await chat('fast', { key: secret })).status, 200);
  const row = page.locator('tr[data-key-name="dashboard-app"]');
  assert.match(await row.innerText(), /120 RPM/);
  assert.match(await row.innerText(), /of \$5 per month/);
  // Edit its limits: the form comes filled with the current ones.
  await row.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('form', { name: 'Edit dashboard-app' });
  assert.equal(await edit.getByLabel('RPM').inputValue(), '120');
  await edit.getByLabel('RPM').fill('240');
  await edit.getByRole('button', { name: 'Save' }).click();
  await page.locator('tr[data-key-name="dashboard-app"]', { hasText: '240 RPM' }).waitFor();
  page.once('dialog', (dialog) => void dialog.accept());
  await row.getByRole('button', { name: 'Revoke' }).click();
  await page.getByTestId('key-revoked').waitFor();
  // Revoked keys leave the list, and come back, marked, with "Show revoked keys".
  assert.equal(await row.count(), 0);
  await page.getByLabel('Show revoked keys').check();
  await page.locator('tr[data-key-name="dashboard-app"]', { hasText: 'revoked' }).waitFor();
  await shot('07-key-revoked');
  const refused = await chat('fast', { key: secret });
  assert.equal(refused.status, 401);
});

test('editing a key whose budgets the form cannot show keeps them as they are', async () => {
  const headers = { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' };
  const budgets = [
    { period: 'day', limit_usd: 1, alert_at: 0.5 },
    { period: 'month', limit_usd: 20 },
  ];
  const response = await fetch(`${url}/admin/keys`, { method: 'POST', headers, body: JSON.stringify({ name: 'two-budgets', budgets }) });
  const created = (await response.json()) as { id: string };
  assert.equal(response.status, 201, JSON.stringify(created));
  // Already on this page: a reload shows the key made through the API.
  await page.goto(`${url}/ui/#/keys`);
  await page.reload();
  const row = page.locator('tr[data-key-name="two-budgets"]');
  await row.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('form', { name: 'Edit two-budgets' });
  assert.match(await edit.getByTestId('budgets-kept').innerText(), /\$1 per day \(alert at 50 %\), \$20 per month/);
  assert.equal(await edit.getByLabel('Budget (USD)').count(), 0);
  await edit.getByLabel('RPM').fill('30');
  await edit.getByRole('button', { name: 'Save' }).click();
  await page.locator('tr[data-key-name="two-budgets"]', { hasText: '30 RPM' }).waitFor();
  const stored = (await (await fetch(`${url}/admin/keys/${created.id}`, { headers })).json()) as { rpm: number; budgets: unknown[] };
  assert.equal(stored.rpm, 30);
  assert.deepEqual(stored.budgets, [budgets[0], { ...budgets[1], alert_at: null }]);
});

test('teams: create one with a budget, then edit its limits', async () => {
  await page.goto(`${url}/ui/#/keys`);
  await page.locator('details.panel', { hasText: 'New team' }).locator('summary').click();
  const form = page.getByRole('form', { name: 'New team' });
  await form.getByLabel('Name').fill('dashboard-team');
  await form.getByLabel('Budget (USD)').fill('10');
  await form.getByRole('button', { name: 'Create team' }).click();
  const row = page.locator('tr[data-team-name="dashboard-team"]');
  await row.waitFor();
  assert.match(await row.innerText(), /of \$10 per month/);
  await row.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('form', { name: 'Edit dashboard-team' });
  await edit.getByLabel('TPM').fill('5000');
  await edit.getByRole('button', { name: 'Save' }).click();
  await page.locator('tr[data-team-name="dashboard-team"]', { hasText: '5000 TPM' }).waitFor();
  const stored = (await (await fetch(`${url}/admin/teams`, { headers: { authorization: `Bearer ${MASTER_KEY}` } })).json()) as { data: Array<{ name: string; tpm: number | null; budgets: unknown[] }> };
  const team = stored.data.find((candidate) => candidate.name === 'dashboard-team');
  assert.equal(team?.tpm, 5000);
  assert.equal(team?.budgets.length, 1);
  await shot('08-team-edited');
});

test('the playground streams one prompt to two models side by side, with timings, tokens and cost', async () => {
  await page.goto(`${url}/ui/#/playground`);
  await page.getByRole('checkbox', { name: 'fast', exact: true }).waitFor();
  for (const name of ['fast', 'smart', 'failover']) {
    const box = page.getByRole('checkbox', { name, exact: true });
    if ((await box.isChecked()) !== (name !== 'failover')) await box.click();
  }
  await page.getByRole('button', { name: /Send to 2 models/ }).click();
  await until(async () => (await page.locator('[data-testid="lane"]:not([data-status="done"])').count()) === 0, 'both lanes done', 15_000);
  const lanes = page.getByTestId('lane');
  assert.equal(await lanes.count(), 2);
  for (const lane of await lanes.all()) {
    assert.notEqual((await lane.getByTestId('lane-output').innerText()).trim(), '');
    await lane.getByTestId('lane-cost').filter({ hasText: '$' }).waitFor({ timeout: 10_000 });
    assert.match(await lane.innerText(), /\d+ in \/ \d+ out/);
  }
  await shot('09-playground');
});

test('deployments: every group with its deployments\' health, the failing one marked, refreshed live', async () => {
  await page.goto(`${url}/ui/#/deployments`);
  // sim/down is in two groups (failover and auto): the first table row is the failover group's.
  const down = page.locator('[data-testid="deployment-table"] tr[data-deployment="sim/down"]').first();
  await down.waitFor();
  // Its one attempt failed: the error rate over the breaker's window is 100 % (one failure does not open its circuit).
  assert.match(await down.innerText(), /closed[\s\S]*100\.0 %/);
  assert.equal(await page.getByTestId('deployment-table').count(), 4, 'fast, smart, failover and auto');
  assert.match(await page.getByTestId('providers').innerText(), /sim/);
  // Live: the page asks again every 3 s, and a new request shows up in the figures without a reload.
  const before = await page.locator('p.muted').first().innerText();
  await until(async () => (await page.locator('p.muted').first().innerText()) !== before, 'the page to refresh itself');
  await shot('10-deployments');
});

test('what-if: logged traffic replayed through the cost strategy, with its estimate and caveats', async () => {
  const logged = (await (await fetch(`${url}/admin/logs?status=ok&limit=500`, { headers: { authorization: `Bearer ${MASTER_KEY}` } })).json()) as { data: unknown[] };
  await page.goto(`${url}/ui/#/what-if`);
  await page.locator('select[name="window"]').selectOption('1h');
  await page.getByRole('button', { name: 'Estimate' }).click();
  const result = page.getByTestId('what-if-result');
  await result.waitFor();
  assert.match(await result.innerText(), new RegExp(`^${logged.data.length} requests from`));
  assert.match(await page.getByTestId('what-if-cost').innerText(), /^\$[\d.]+ → \$[\d.]+$/);
  await shot('11-what-if');
  // Settings the gateway refuses come back with its own words on the page.
  await page.locator('select[name="strategy"]').selectOption('hybrid');
  await page.getByLabel('Strategy settings (JSON, optional)').fill('{"weights": {"cost": -1}}');
  await page.getByRole('button', { name: 'Estimate' }).click();
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').innerText(), /Error 400[\s\S]*weights/);
});

test('on a phone-sized screen the pages fit the width', async () => {
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  try {
    await phone.goto(`${url}/ui/`);
    await phone.getByLabel('Master key').fill(MASTER_KEY);
    await phone.getByRole('button', { name: 'Sign in' }).click();
    await phone.getByRole('navigation', { name: 'Sections' }).waitFor();
    for (const section of ['', 'logs', 'deployments', 'keys', 'playground', 'what-if']) {
      await phone.goto(`${url}/ui/#/${section}`);
      await phone.reload();
      await phone.getByRole('navigation', { name: 'Sections' }).waitFor();
      await phone.waitForLoadState('networkidle');
      // (A function, not a string: the page's Content-Security-Policy forbids evaluating strings. This file is type-checked without the DOM.)
      const overflow = await phone.evaluate(() => {
        const page = globalThis as unknown as { document: { documentElement: { scrollWidth: number } }; innerWidth: number };
        return page.document.documentElement.scrollWidth - page.innerWidth;
      });
      assert.ok(overflow <= 0, `#/${section} is ${overflow}px wider than the screen`);
      await phone.screenshot({ path: join(ARTIFACTS, `phone-${section || 'overview'}.png`), fullPage: true });
    }
  } finally {
    await phone.close();
  }
});
