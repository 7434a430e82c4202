import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSimulator, type RunningSimulator } from '../src/simulator/start-simulator.js';
import { simModel, startRoutingGateway, type RoutingGateway } from './support/start-routing-gateway.js';

/** What each strategy does with real traffic through a gateway and the simulator. */
let simulator: RunningSimulator;
let gateway: RoutingGateway;

const quick = { timeToFirstTokenJitterMs: 0, tokensPerSecond: 0, outputTokens: 4 };

before(async () => {
  simulator = await startSimulator({
    seed: 5,
    profiles: {
      swift: { ...quick, timeToFirstTokenMs: 5 },
      steady: { ...quick, timeToFirstTokenMs: 60 },
      sluggish: { ...quick, timeToFirstTokenMs: 120 },
      tiny: { ...quick, timeToFirstTokenMs: 1, contextWindow: 1_000 },
      plain: { ...quick, timeToFirstTokenMs: 1 },
      premium: { ...quick, timeToFirstTokenMs: 1 },
    },
  });
  gateway = await startRoutingGateway(simulator, {
    catalog: {
      models: [
        simModel('tiny', { input: 0.05, output: 0.1, context_window: 1_000, capabilities: [], quality: 0.2 }),
        simModel('plain', { input: 0.5, output: 1.5, quality: 0.5 }),
        simModel('premium', { input: 5, output: 15, quality: 0.9 }),
      ],
    },
    models: [
      {
        name: 'fastest',
        strategy: 'latency',
        deployments: [
          { provider: 'sim', model: 'steady' },
          { provider: 'sim', model: 'swift' },
          { provider: 'sim', model: 'sluggish' },
        ],
      },
      {
        name: 'cheapest',
        strategy: 'cost',
        deployments: [
          { provider: 'sim', model: 'premium' },
          { provider: 'sim', model: 'plain' },
          { provider: 'sim', model: 'tiny' },
        ],
      },
      {
        name: 'routed',
        strategy: {
          type: 'rules',
          rules: [
            { when: { headers: { 'x-team': 'research' } }, use: { strategy: 'quality' } },
            { when: { keywords: ['urgent'] }, use: { group: 'fastest' } },
          ],
          default: 'cost',
        },
        deployments: [
          { provider: 'sim', model: 'premium' },
          { provider: 'sim', model: 'plain' },
        ],
      },
      {
        name: 'split',
        strategy: { type: 'ab', variants: [{ weight: 1, name: 'a', group: 'cheapest' }, { weight: 1, name: 'b', strategy: 'quality' }] },
        deployments: [
          { provider: 'sim', model: 'premium' },
          { provider: 'sim', model: 'plain' },
        ],
      },
    ],
    routing: { latency: { explore_after_ms: 400, decay_ms: 100 } },
  });
});

after(async () => {
  await gateway.close();
  await simulator.close();
});

async function shareOf(model: string, group: string, requests: number): Promise<number> {
  let hits = 0;
  for (let index = 0; index < requests; index++) {
    const response = await gateway.chat({ model: group });
    assert.equal(response.status, 200);
    if (response.headers.get('x-skyroute-model') === model) hits++;
  }
  return hits / requests;
}

test('latency: after warm-up at least 90% of traffic goes to the fastest deployment, and returns to it soon after it recovers', async () => {
  await shareOf('swift', 'fastest', 10);
  assert.ok((await shareOf('swift', 'fastest', 100)) >= 0.9);

  simulator.setProfile('swift', { timeToFirstTokenMs: 400 });
  await shareOf('swift', 'fastest', 10);
  assert.ok((await shareOf('swift', 'fastest', 40)) <= 0.2, 'traffic moved away while it was slow');

  simulator.setProfile('swift', { timeToFirstTokenMs: 5 });
  const recoveredAt = Date.now();
  // explore_after_ms is 400 here, so the recovered deployment is sampled again well within a few seconds.
  let share = 0;
  while (Date.now() - recoveredAt < 10_000) {
    share = await shareOf('swift', 'fastest', 20);
    if (share >= 0.8) break;
  }
  assert.ok(share >= 0.8, `traffic came back (last share ${share})`);
  assert.ok(Date.now() - recoveredAt < 10_000);
});

test('cost: the cheapest deployment that passes the filters serves, and a prompt over a small window never reaches it', async () => {
  const short = await gateway.chat({ model: 'cheapest' }, { 'x-skyroute-debug': '1' });
  assert.equal(short.headers.get('x-skyroute-model'), 'tiny');
  assert.match(short.headers.get('x-skyroute-route-reason') ?? '', /^cost: sim\/tiny cheapest/);
  const candidates = short.body.skyroute?.trace.groups[0]?.candidates.map((candidate) => candidate.deployment);
  assert.deepEqual(candidates, ['sim/tiny', 'sim/plain', 'sim/premium']);

  const withTools = await gateway.chat({ model: 'cheapest', tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }] }, { 'x-skyroute-debug': '1' });
  assert.equal(withTools.headers.get('x-skyroute-model'), 'plain', 'tiny has no tool support');
  assert.match(withTools.body.skyroute?.trace.filtered_out[0]?.reason ?? '', /sim\/tiny cannot take tools/);

  const long = 'word '.repeat(1_500);
  for (let index = 0; index < 5; index++) {
    const response = await gateway.chat({ model: 'cheapest', messages: [{ role: 'user', content: long }] }, { 'x-skyroute-debug': '1' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-skyroute-model'), 'plain');
    assert.equal(response.headers.get('x-skyroute-attempts'), '1', 'the small model was filtered, not tried');
    assert.match(response.body.skyroute?.trace.filtered_out[0]?.reason ?? '', /sim\/tiny has a 1000-token context window; the prompt is about 15\d\d tokens/);
  }
});

test('per-request hints: x-skyroute-strategy and skyroute.max_cost_usd, and clear 400s for bad ones', async () => {
  const quality = await gateway.chat({ model: 'cheapest' }, { 'x-skyroute-strategy': 'quality' });
  assert.equal(quality.headers.get('x-skyroute-model'), 'premium');
  const capped = await gateway.chat({ model: 'cheapest', max_tokens: 100, skyroute: { strategy: 'quality', max_cost_usd: 0.001 } });
  assert.equal(capped.headers.get('x-skyroute-model'), 'plain', 'premium would cost more than the cap');
  const unknown = await gateway.chat({ model: 'cheapest' }, { 'x-skyroute-strategy': 'fastest-please' });
  assert.equal(unknown.status, 400);
  assert.match(unknown.body.error?.message ?? '', /x-skyroute-strategy: unknown strategy "fastest-please"; use one of cost, latency/);
  const typo = await gateway.chat({ model: 'cheapest', skyroute: { max_cost: 1 } });
  assert.equal(typo.status, 400);
  assert.match(typo.body.error?.message ?? '', /skyroute: unknown field\(s\) max_cost/);
  const impossible = await gateway.chat({ model: 'cheapest', max_tokens: 100, skyroute: { max_cost_usd: 0.000_000_1 } });
  assert.equal(impossible.status, 400);
  assert.equal(impossible.body.error?.skyroute_code, 'GW_ERR_ROUTE_CONSTRAINTS');
});

test('rules route on headers and keywords, and A/B keeps a user in one variant', async () => {
  const research = await gateway.chat({ model: 'routed' }, { 'x-team': 'research' });
  assert.equal(research.headers.get('x-skyroute-model'), 'premium');
  assert.match(research.headers.get('x-skyroute-route-reason') ?? '', /^rules: #1 .*; quality: sim\/premium/);
  const urgent = await gateway.chat({ model: 'routed', messages: [{ role: 'user', content: 'This is URGENT, answer now' }] });
  assert.match(urgent.headers.get('x-skyroute-route-reason') ?? '', /rules: #2 .* group fastest/);
  const other = await gateway.chat({ model: 'routed' });
  assert.equal(other.headers.get('x-skyroute-model'), 'plain');

  const variants = new Set<string>();
  for (let index = 0; index < 5; index++) {
    const response = await gateway.chat({ model: 'split', user: 'user-42' });
    variants.add(response.headers.get('x-skyroute-route-reason')?.match(/variant "(\w)"/)?.[1] ?? '?');
  }
  assert.equal(variants.size, 1, 'sticky');
  const seen = new Set<string>();
  for (let index = 0; index < 40; index++) {
    const response = await gateway.chat({ model: 'split', user: `user-${index}` });
    seen.add(response.headers.get('x-skyroute-route-reason')?.match(/variant "(\w)"/)?.[1] ?? '?');
  }
  assert.deepEqual([...seen].sort(), ['a', 'b']);
});

test('latency with the default settings: traffic returns to a recovered deployment within 30 s', async () => {
  const defaults = await startRoutingGateway(simulator, {
    models: [{ name: 'fastest', strategy: 'latency', deployments: [{ provider: 'sim', model: 'steady' }, { provider: 'sim', model: 'swift' }] }],
  });
  try {
    const served = async (): Promise<string | null> => (await defaults.chat({ model: 'fastest' })).headers.get('x-skyroute-model');
    simulator.setProfile('swift', { timeToFirstTokenMs: 400 });
    for (let index = 0; index < 20; index++) await served();
    simulator.setProfile('swift', { timeToFirstTokenMs: 5 });
    const recoveredAt = Date.now();
    const recent: Array<string | null> = [];
    while (Date.now() - recoveredAt < 30_000) {
      recent.push(await served());
      if (recent.length > 10) recent.shift();
      if (recent.length === 10 && recent.filter((model) => model === 'swift').length >= 8) break;
    }
    assert.ok(recent.filter((model) => model === 'swift').length >= 8, `swift serves again: ${recent.join(',')}`);
    assert.ok(Date.now() - recoveredAt < 30_000);
  } finally {
    simulator.setProfile('swift', { timeToFirstTokenMs: 5 });
    await defaults.close();
  }
});
