import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ConfigError } from '../src/config/config-error.js';
import { ConfigSchema, type Config } from '../src/config/config-schema.js';
import { parseConfig } from '../src/config/load-config.js';
import { syntheticRouterItems } from '../src/router-model/synthetic-router-items.js';
import { trainRouterModel } from '../src/router-model/train-router-model.js';
import { loadLearnedRouters } from '../src/routing/strategies/load-learned-routers.js';
import type { RequestFeatures } from '../src/routing/strategies/request-features.js';
import { compileSelector, type SelectorConfig } from '../src/routing/strategies/select-route.js';
import { featuresFixture } from '../src/routing/strategies/strategy-fixtures.js';
import { startSimulator, type RunningSimulator } from '../src/simulator/start-simulator.js';
import { simModel, startRoutingGateway, type RoutingGateway } from './support/start-routing-gateway.js';

/**
 * The `learned` strategy: a router trained here on synthetic prompts where math is what only the
 * strong model answers (src/router-model/synthetic-router-items.ts), loaded with the config, choosing
 * between a strong and a weak target by score and threshold.
 */
let directory: string;
let routerPath: string;
const mathPrompt = 'In chemistry, the rare enzyme of 1742 is often discussed. Solve for x: 12x + 7 = 55.\nA. cell\nB. court\nC. river\nD. novel\nAnswer:';
const plainPrompt = 'In history, the famous treaty of 1781 is often discussed. Who first wrote about the early empire and the court?\nA. cell\nB. court\nC. river\nD. novel\nAnswer:';

before(() => {
  directory = mkdtempSync(join(tmpdir(), 'skyroute-learned-'));
  routerPath = join(directory, 'router.json');
  // Similarity only: the synthetic rule ignores length, and the tests route at a fixed threshold of 0.5.
  writeFileSync(routerPath, JSON.stringify(trainRouterModel(syntheticRouterItems(800, 31), { lengthWeight: 0 })));
});
after(() => rmSync(directory, { recursive: true, force: true }));

function configWith(strategy: Record<string, unknown>): Config {
  return ConfigSchema.parse({ models: [{ name: 'smart', strategy, deployments: [{ provider: 'p', model: 'm' }] }] });
}

function learned(fields: Record<string, unknown>): Record<string, unknown> {
  return { type: 'learned', router: 'router.json', strong: 'big', weak: { strategy: 'cost' }, ...fields };
}

function features(text: string): RequestFeatures {
  return featuresFixture({ model: 'smart', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: text }] });
}

function selectorFor(strategy: Record<string, unknown>, baseDirectory = directory) {
  const config = configWith(strategy);
  const selectorConfig = config.models[0]!.strategy as SelectorConfig;
  const routers = loadLearnedRouters(config, baseDirectory);
  return compileSelector(selectorConfig, routers.get(selectorConfig as Extract<SelectorConfig, { type: 'learned' }>));
}

function loadError(strategy: Record<string, unknown>, baseDirectory = directory): string {
  try {
    loadLearnedRouters(configWith(strategy), baseDirectory);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.message;
  }
  assert.fail('the config loaded');
}

test('config errors: a missing file, bad JSON, an invalid model and strong_share without calibration name the field and the file', () => {
  assert.match(loadError(learned({ router: 'nowhere.json', threshold: 0.5 })), new RegExp(`models\\[0\\]\\.strategy\\.router: router file ${escape(join(directory, 'nowhere.json'))} does not exist`));
  writeFileSync(join(directory, 'broken.json'), '{"format": "skyroute-router-model",');
  assert.match(loadError(learned({ router: 'broken.json', threshold: 0.5 })), /models\[0\]\.strategy\.router: router file .*broken\.json is not valid JSON: /);
  writeFileSync(join(directory, 'other.json'), '{"format": "something-else"}');
  assert.match(loadError(learned({ router: 'other.json', threshold: 0.5 })), /other\.json: Not a router model: "format" is "something-else"/);
  const old = JSON.parse(JSON.stringify(trainRouterModel(syntheticRouterItems(200, 32)))) as Record<string, unknown>;
  delete old['calibration'];
  writeFileSync(join(directory, 'old.json'), JSON.stringify(old));
  assert.match(loadError(learned({ router: 'old.json', strong_share: 0.3 })), /models\[0\]\.strategy\.strong_share: router .*old\.json has no calibration .*set threshold instead/);
  // The same uncalibrated router with a threshold is fine.
  assert.doesNotThrow(() => loadLearnedRouters(configWith(learned({ router: 'old.json', threshold: 0.5 })), directory));
  // Nested in a rule: found, and named by its path.
  const nested = { type: 'rules', rules: [{ when: { has_tools: true }, use: { strategy: learned({ router: 'gone.json', threshold: 0.5 }) } }] };
  assert.match(loadError(nested), /models\[0\]\.strategy\.rules\[0\]\.use\.strategy\.router: router file .*gone\.json does not exist/);
  // Relative to the config's directory, not the working directory.
  assert.match(loadError(learned({ threshold: 0.5 }), tmpdir()), /does not exist/);
});

test('both or neither of threshold and strong_share is a config error', () => {
  const issues = (strategy: Record<string, unknown>): string => {
    try {
      parseConfig({ models: [{ name: 'smart', strategy, deployments: [{ provider: 'p', model: 'm' }] }], providers: { p: { type: 'openai', api_key: 'x' } } }, { baseDirectory: directory, environment: {} });
    } catch (error) {
      return (error as Error).message;
    }
    return '';
  };
  assert.match(issues(learned({})), /models\[0\]\.strategy: give exactly one of threshold, strong_share/);
  assert.match(issues(learned({ threshold: 0.5, strong_share: 0.2 })), /models\[0\]\.strategy: give exactly one of threshold, strong_share/);
  assert.equal(issues(learned({ threshold: 0.5 })), '');
});

test('selection: math prompts score high and go strong, the others go weak; the reason names score and threshold', () => {
  const select = selectorFor(learned({ threshold: 0.5 }));
  const math = select(features(mathPrompt), 'smart');
  assert.deepEqual(math.target, { group: 'big' });
  assert.match(math.reason, /^learned: score 0\.\d\d+ ≥ 0\.50 → strong \(big\)$/);
  assert.equal(math.learned?.choice, 'strong');
  assert.ok(math.learned!.score >= 0.5 && math.learned!.threshold === 0.5);
  const plain = select(features(plainPrompt), 'smart');
  assert.deepEqual(plain.target, { strategy: { type: 'cost' } });
  assert.match(plain.reason, /^learned: score 0\.\d\d+ < 0\.50 → weak \(strategy cost\)$/);

  // Held-out prompts: the rule was learned, not the two examples above.
  const items = syntheticRouterItems(400, 77);
  let right = 0;
  for (const item of items) {
    const strong = select(features(item.prompt), 'smart').learned!.choice === 'strong';
    if (strong === item.math) right++;
  }
  assert.ok(right / items.length > 0.9, `${right} of ${items.length} routed by the rule`);
});

test('only the last user message is scored', () => {
  const select = selectorFor(learned({ threshold: 0.5 }));
  const earlierMath = features(plainPrompt);
  earlierMath.request.messages.splice(1, 0, { role: 'user', content: mathPrompt }, { role: 'assistant', content: 'x = 4' });
  assert.equal(select(earlierMath, 'smart').learned!.choice, 'weak');
  assert.equal(select(features(plainPrompt), 'smart').learned!.score, select(earlierMath, 'smart').learned!.score);
});

test('strong_share 0.3 sends about 30 % of new training-like prompts strong', (context) => {
  // 1,000 fresh prompts from another seed: the share's sampling spread is about 1.5 points, so ±5 points
  // leaves room for that and for in-sample scores being a little more spread out than new ones.
  const items = syntheticRouterItems(1000, 4242);
  for (const share of [0.3, 0.7]) {
    const select = selectorFor(learned({ strong_share: share }));
    const threshold = select(features(plainPrompt), 'smart').learned!.threshold;
    const strong = items.filter((item) => select(features(item.prompt), 'smart').learned!.choice === 'strong').length / items.length;
    context.diagnostic(`strong_share ${share}: threshold ${threshold.toFixed(4)}, ${(strong * 100).toFixed(1)} % strong`);
    assert.ok(Math.abs(strong - share) < 0.05, `strong_share ${share} sent ${strong} strong`);
  }
  assert.equal(selectorFor(learned({ strong_share: 0 }))(features(mathPrompt), 'smart').reason.includes('< ∞ → weak'), true);
});

const quick = { timeToFirstTokenMs: 1, timeToFirstTokenJitterMs: 0, tokensPerSecond: 0, outputTokens: 4 };
const tree = (router: string): Record<string, unknown> => ({
  catalog: { models: [simModel('big', { input: 5, output: 15 }), simModel('small', { input: 0.1, output: 0.2 })] },
  models: [
    { name: 'strong-group', deployments: [{ provider: 'sim', model: 'big' }] },
    { name: 'weak-group', deployments: [{ provider: 'sim', model: 'small' }] },
    { name: 'smart', strategy: { type: 'learned', router, strong: 'strong-group', weak: 'weak-group', threshold: 0.5 }, deployments: [{ provider: 'sim', model: 'small' }] },
  ],
});

test('through the gateway: math prompts are served by the strong group, others by the weak one, and the reason says why', async (context) => {
  const simulator: RunningSimulator = await startSimulator({ seed: 9, profiles: { big: quick, small: quick } });
  context.after(() => simulator.close());
  const gateway: RoutingGateway = await startRoutingGateway(simulator, tree(routerPath));
  context.after(() => gateway.close());

  const math = await gateway.chat({ model: 'smart', messages: [{ role: 'user', content: mathPrompt }] }, { 'x-skyroute-debug': '1' });
  assert.equal(math.status, 200);
  assert.equal(math.headers.get('x-skyroute-model'), 'big');
  assert.match(math.headers.get('x-skyroute-route-reason') ?? '', /^learned: score 0\.\d\d+ >= 0\.50 -> strong \(strong-group\); /);
  const decision = math.body.skyroute?.trace.groups[0] as { group: string; selection?: string; learned?: { score: number; threshold: number; choice: string } } | undefined;
  assert.equal(decision?.group, 'strong-group');
  assert.match(decision?.selection ?? '', /^learned: score 0\.\d\d+ ≥ 0\.50 → strong \(strong-group\)$/);
  assert.equal(decision?.learned?.choice, 'strong');
  assert.equal(decision?.learned?.threshold, 0.5);
  assert.ok(decision!.learned!.score >= 0.5 && decision!.learned!.score <= 1);

  const plain = await gateway.chat({ model: 'smart', messages: [{ role: 'user', content: plainPrompt }] });
  assert.equal(plain.status, 200);
  assert.equal(plain.headers.get('x-skyroute-model'), 'small');
  assert.match(plain.headers.get('x-skyroute-route-reason') ?? '', /^learned: score 0\.\d\d+ < 0\.50 -> weak \(weak-group\); /);

  // Held-out prompts through the gateway: the served deployment follows the rule.
  let right = 0;
  const items = syntheticRouterItems(40, 515);
  for (const item of items) {
    const response = await gateway.chat({ model: 'smart', messages: [{ role: 'user', content: item.prompt }] });
    if (response.headers.get('x-skyroute-model') === (item.math ? 'big' : 'small')) right++;
  }
  assert.ok(right >= 36, `${right} of 40 served by the group the rule picks`);

  // A reload naming a router that does not load is refused; the running config keeps routing.
  const bad = parseConfig(
    { database: { url: ':memory:' }, ...tree(join(directory, 'missing.json')), providers: { sim: { type: 'openai-compatible', base_url: simulator.baseUrls.openai } } },
    { baseDirectory: directory, environment: {} },
  );
  assert.throws(() => gateway.app.reload(bad), /models\[2\]\.strategy\.router: router file .*missing\.json does not exist/);
  const typo = tree(routerPath) as { models: Array<Record<string, unknown>> };
  typo.models[2]!['strategy'] = { type: 'learned', router: routerPath, strong: 'strong-grop', weak: 'weak-group', threshold: 0.5 };
  const misnamed = parseConfig({ database: { url: ':memory:' }, ...typo, providers: { sim: { type: 'openai-compatible', base_url: simulator.baseUrls.openai } } }, { baseDirectory: directory, environment: {} });
  assert.throws(() => gateway.app.reload(misnamed), /models\[2\]\.strategy\.strong\.group: no model group or model "strong-grop"/);
  const still = await gateway.chat({ model: 'smart', messages: [{ role: 'user', content: mathPrompt }] });
  assert.equal(still.headers.get('x-skyroute-model'), 'big');
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
