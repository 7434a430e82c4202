import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startSimulator, type RunningSimulator } from '../src/simulator/start-simulator.js';
import { spawnSkyroute } from './support/spawn-skyroute.js';

/** The real command: the demo on first run, a config file that reloads, graceful SIGTERM. */
let simulator: RunningSimulator;

before(async () => {
  simulator = await startSimulator({ profiles: { slow: { timeToFirstTokenMs: 0, tokensPerSecond: 40, outputTokens: 40 } } });
});
after(() => simulator.close());

async function ask(url: string, model: string, key?: string): Promise<Response> {
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: key === undefined ? {} : { authorization: `Bearer ${key}` },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
  });
}

test('with no config and no provider key, start serves the simulated providers and says so', async () => {
  const emptyDirectory = mkdtempSync(join(tmpdir(), 'skyroute-cwd-'));
  const gateway = await spawnSkyroute(['start', '--port', '0'], {}, emptyDirectory);
  try {
    assert.match(gateway.stderr(), /DEMO MODE: no config file and no provider key/);
    assert.match(gateway.stderr(), /Dashboard: http:\/\/127\.0\.0\.1:\d+\/ui\/ \(set SKYROUTE_MASTER_KEY/);
    assert.match(gateway.stderr(), /gateway is OPEN/);
    const response = await ask(gateway.url, 'sim/fast');
    assert.equal(response.status, 200);
    const body = (await response.json()) as { choices: Array<{ message: { content: string } }> };
    assert.ok(body.choices[0]!.message.content.length > 0);
  } finally {
    gateway.process.kill('SIGTERM');
    assert.equal(await gateway.exited, 0);
  }
});

test('a config file reloads on change and on SIGHUP without dropping a request in flight, and SIGTERM lets streams finish', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'skyroute-config-'));
  const path = join(directory, 'skyroute.yaml');
  const write = (models: string): void =>
    writeFileSync(
      path,
      `auth: { keys: ["\${TEST_KEY}"] }\nproviders:\n  sim: { type: openai-compatible, base_url: "${simulator.url}" }\nmodels:\n${models}`,
    );
  write('  - { name: first, deployments: [{ provider: sim, model: fast }] }\n');
  const gateway = await spawnSkyroute(['start', '--config', path, '--port', '0'], { TEST_KEY: 'k-1' }, tmpdir());
  try {
    assert.equal((await ask(gateway.url, 'first', 'k-1')).status, 200);
    assert.equal((await ask(gateway.url, 'first')).status, 401);

    // A slow stream is in flight while the file changes.
    const inFlight = fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer k-1' },
      body: JSON.stringify({ model: 'sim/slow', stream: true, messages: [{ role: 'user', content: 'long' }] }),
    }).then((response) => response.text());
    write('  - { name: second, deployments: [{ provider: sim, model: fast }] }\n');
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await ask(gateway.url, 'second', 'k-1')).status;
    }
    assert.equal(status, 200, 'the new group is served after the file changed');
    assert.equal((await ask(gateway.url, 'first', 'k-1')).status, 404, 'the removed group is gone');
    const streamed = await inFlight;
    assert.ok(streamed.endsWith('data: [DONE]\n\n'), 'the request in flight finished normally');

    // An invalid file is refused and the running config stays.
    writeFileSync(path, 'providers: { sim: { type: nonsense } }\n');
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.equal((await ask(gateway.url, 'second', 'k-1')).status, 200);
    assert.match(gateway.stdout(), /config reload failed; keeping the previous config/);

    // SIGHUP reloads too (the watcher is debounced; give it the file first, then the signal).
    write('  - { name: third, deployments: [{ provider: sim, model: fast }] }\n');
    gateway.process.kill('SIGHUP');
    for (let attempt = 0; attempt < 50 && status !== 404; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await ask(gateway.url, 'second', 'k-1')).status;
    }
    assert.equal((await ask(gateway.url, 'third', 'k-1')).status, 200);

    // SIGTERM while a stream is open: it completes, then the process exits 0.
    const finishing = fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer k-1' },
      body: JSON.stringify({ model: 'sim/slow', stream: true, messages: [{ role: 'user', content: 'long' }] }),
    }).then((response) => response.text());
    await new Promise((resolve) => setTimeout(resolve, 150));
    gateway.process.kill('SIGTERM');
    const text = await finishing;
    assert.ok(text.endsWith('data: [DONE]\n\n'), 'the open stream completed during shutdown');
    assert.equal(await gateway.exited, 0);
  } finally {
    gateway.process.kill('SIGKILL');
  }
});

test('a bad config file stops the start with a message that names the field', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'skyroute-config-'));
  const path = join(directory, 'bad.yaml');
  writeFileSync(path, 'providers:\n  x: { type: openai, base_url: nope }\n');
  await assert.rejects(spawnSkyroute(['start', '--config', path, '--port', '0']), /exited with 2[\s\S]*bad.yaml is invalid:[\s\S]*providers\.x\.base_url: must be an absolute http\(s\) URL/);
});
