import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { createApp } from '../src/app.js';
import { DEMO_CATALOG } from '../src/config/demo-config.js';
import { parseConfig } from '../src/config/load-config.js';
import { startSimulator } from '../src/simulator/start-simulator.js';
import { createLogger } from '../src/telemetry/create-logger.js';
import { SIMULATOR_ANTHROPIC_KEY } from './support/start-test-gateway.js';

const MASTER = 'credentials-master-key-0123456789';

test('a provider whose key is a stored credential works once the credential is stored, and the secret never comes back out', async () => {
  const simulator = await startSimulator({ seed: 2, apiKey: SIMULATOR_ANTHROPIC_KEY });
  const environment = { SKYROUTE_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
  const loaded = parseConfig(
    {
      auth: { master_key: MASTER },
      database: { url: ':memory:' },
      providers: { sim: { type: 'anthropic', base_url: simulator.baseUrls.anthropic, credential: 'anthropic-prod' } },
      catalog: { models: DEMO_CATALOG },
      routing: { retry: { max_attempts: 1 }, circuit_breaker: { consecutive_failures: 0, min_requests: 1_000_000 } },
    },
    { baseDirectory: '/tmp', environment },
  );
  const app = await createApp({ loaded, environment, logger: createLogger({ level: 'silent' }) });
  const url = await app.listen(0, '127.0.0.1');
  const headers = { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' };
  const chat = () => fetch(`${url}/v1/chat/completions`, { method: 'POST', headers, body: JSON.stringify({ model: 'sim/fast', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }) });
  try {
    assert.ok(app.runtime().warnings.some((warning) => /providers\.sim\.credential: no credential "anthropic-prod" is stored/.test(warning)));
    const before = await chat();
    assert.equal(before.status, 502, 'the provider has no key yet');
    await before.arrayBuffer();

    const stored = await fetch(`${url}/admin/credentials/anthropic-prod`, { method: 'PUT', headers, body: JSON.stringify({ provider: 'anthropic', api_key: SIMULATOR_ANTHROPIC_KEY }) });
    const storedText = await stored.text();
    assert.equal(stored.status, 200, storedText);
    assert.ok(!storedText.includes(SIMULATOR_ANTHROPIC_KEY));
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      const response = await chat();
      status = response.status;
      await response.arrayBuffer();
    }
    assert.equal(status, 200, 'the providers were rebuilt with the stored key');
    const listed = await (await fetch(`${url}/admin/credentials`, { headers })).text();
    assert.ok(listed.includes('anthropic-prod') && !listed.includes(SIMULATOR_ANTHROPIC_KEY));
  } finally {
    await app.close();
    await simulator.close();
  }
});
