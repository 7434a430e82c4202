import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { postJson } from './__fixtures__/post-json.js';
import { defaultSimulatorProfiles } from './model-profile.js';
import { startSimulator, type RunningSimulator } from './start-simulator.js';

const instant = { timeToFirstTokenMs: 0, timeToFirstTokenJitterMs: 0, tokensPerSecond: 0 };
const hello = [{ role: 'user', content: 'hello' }];

describe('startSimulator', () => {
  let sim: RunningSimulator;
  let root: string;
  before(async () => {
    sim = await startSimulator({ profiles: { fast: { ...instant, outputTokens: 5 }, custom: instant } });
    root = sim.url.replace(/\/v1$/, '');
  });
  after(() => sim.close());

  it('listens on an ephemeral localhost port and serves under /v1 and without it', async () => {
    assert.match(sim.url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    assert.ok(sim.port > 0);
    assert.equal((await postJson(`${root}/chat/completions`, { model: 'fast', messages: hello })).status, 200);
  });

  it('merges option profiles over the defaults and adds new models', async () => {
    const answer = await postJson(`${sim.url}/chat/completions`, { model: 'fast', messages: hello });
    assert.equal(answer.json.usage?.completion_tokens, 5);
    assert.equal((await postJson(`${sim.url}/chat/completions`, { model: 'custom', messages: hello })).status, 200);
    assert.ok(Object.isFrozen(defaultSimulatorProfiles));
    assert.ok(Object.isFrozen(defaultSimulatorProfiles.fast));
    assert.equal(defaultSimulatorProfiles.fast?.outputTokens, 32, 'options never change the defaults');
    for (const name of ['fast', 'smart', 'vision', 'embed', 'bench']) assert.ok(defaultSimulatorProfiles[name], name);
    assert.equal(defaultSimulatorProfiles.smart?.contextWindow, 200_000);
    assert.equal(defaultSimulatorProfiles.embed?.embeddingDimensions, 256);
  });

  it('records the last 200 requests, oldest first, and clears them', async () => {
    sim.clearRequests();
    await postJson(`${sim.url}/chat/completions?trace=1`, { model: 'fast', messages: hello }, { 'x-custom': 'yes' });
    const [recorded] = sim.requests();
    assert.equal(recorded?.method, 'POST');
    assert.equal(recorded?.path, '/v1/chat/completions?trace=1');
    assert.equal(recorded?.headers['x-custom'], 'yes');
    assert.equal(recorded?.headers.authorization, 'Bearer test');
    assert.deepEqual(recorded?.body, { model: 'fast', messages: hello });
    assert.ok(typeof recorded?.receivedAt === 'number' && Math.abs(recorded.receivedAt - Date.now()) < 60_000);

    for (let index = 0; index < 205; index++) await postJson(`${sim.url}/chat/completions`, { model: 'fast', messages: hello, user: `u${index}` });
    const log = sim.requests();
    assert.equal(log.length, 200);
    assert.equal((log[0]?.body as Record<string, unknown>).user, 'u5');
    assert.equal((log.at(-1)?.body as Record<string, unknown>).user, 'u204');
    sim.clearRequests();
    assert.deepEqual(sim.requests(), []);
    const broken = await postJson(`${sim.url}/chat/completions`, '{not json');
    assert.equal(broken.status, 400);
    assert.equal(sim.requests()[0]?.body, undefined);
  });

  it('validates profile patches', () => {
    assert.throws(() => sim.setProfile('fast', { errorRate: 2 }), /errorRate/);
    assert.throws(() => sim.setProfile('fast', { nonsense: true } as never), TypeError);
  });

  it('is driven over HTTP through /_sim', async () => {
    const profiles = (await (await fetch(`${root}/_sim/profiles`)).json()) as { profiles: Record<string, Record<string, unknown>> };
    assert.equal(profiles.profiles.bench?.tokensPerSecond, null, 'Infinity shows as null');
    assert.equal(profiles.profiles.fast?.outputTokens, 5);

    const put = await fetch(`${root}/_sim/profiles/fast`, { method: 'PUT', body: JSON.stringify({ errorRate: 1 }) });
    assert.equal(put.status, 200);
    assert.equal(((await put.json()) as { profile: { errorRate: number } }).profile.errorRate, 1);
    assert.equal((await postJson(`${sim.url}/chat/completions`, { model: 'fast', messages: hello })).status, 500);
    await fetch(`${root}/_sim/profiles/fast`, { method: 'PUT', body: JSON.stringify({ errorRate: 0, tokensPerSecond: null }) });
    assert.equal((await postJson(`${sim.url}/chat/completions`, { model: 'fast', messages: hello })).status, 200);

    const invalid = await fetch(`${root}/_sim/profiles/fast`, { method: 'PUT', body: JSON.stringify({ errorRate: 'lots' }) });
    assert.equal(invalid.status, 400);

    const created = await fetch(`${root}/_sim/profiles/${encodeURIComponent('acme/model-1')}`, { method: 'PUT', body: JSON.stringify(instant) });
    assert.equal(created.status, 200);
    assert.equal((await postJson(`${sim.url}/chat/completions`, { model: 'acme/model-1', messages: hello })).status, 200);

    const requests = (await (await fetch(`${root}/_sim/requests`)).json()) as { requests: unknown[]; stats: Record<string, number> };
    assert.ok(requests.requests.length > 0);
    assert.equal(typeof requests.stats.clientDisconnects, 'number');
    assert.equal((await fetch(`${root}/_sim/requests`, { method: 'DELETE' })).status, 204);
    assert.deepEqual(((await (await fetch(`${root}/_sim/requests`)).json()) as { requests: unknown[] }).requests, []);
    const stats = (await (await fetch(`${root}/_sim/stats`)).json()) as Record<string, number>;
    assert.ok((stats.requests ?? 0) > 0);
    assert.ok((stats.serverErrors ?? 0) >= 1);
  });

  it('keeps simulators apart', async () => {
    const other = await startSimulator({ profiles: { fast: instant } });
    try {
      other.setProfile('fast', { errorRate: 1 });
      assert.equal((await postJson(`${other.url}/chat/completions`, { model: 'fast', messages: hello })).status, 500);
      assert.equal((await postJson(`${sim.url}/chat/completions`, { model: 'fast', messages: hello })).status, 200);
      assert.notEqual(other.port, sim.port);
    } finally {
      await other.close();
    }
  });
});
