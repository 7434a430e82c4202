// Micro-benchmark of the routing strategies: ns per rank() over 10 candidates (and per selection for
// the rules and A/B selectors). Run: npx tsx bench/strategies.ts
import { StrategySchema } from '../src/config/routing-config-schema.js';
import type { ChatProvider } from '../src/providers/provider.js';
import type { ChatRequest } from '../src/spec/chat-request.js';
import { UNKNOWN_HEALTH } from '../src/routing/health/health-view.js';
import { createStrategy } from '../src/routing/strategies/create-strategy.js';
import type { RequestFeatures } from '../src/routing/strategies/request-features.js';
import { compileSelector, type SelectorConfig } from '../src/routing/strategies/select-route.js';
import type { Candidate, StrategyContext } from '../src/routing/strategies/strategy.js';
import { createSeededRandom } from '../src/simulator/create-seeded-random.js';

const candidateCount = 10;
const iterations = 200_000;
const rounds = 5;

function buildCandidates(): Candidate[] {
  const random = createSeededRandom(2024);
  return Array.from({ length: candidateCount }, (_, index) => ({
    deployment: {
      id: `provider-${index}/model-${index}`,
      providerId: `provider-${index}`,
      providerSubject: `provider:provider-${index}`,
      provider: {} as ChatProvider,
      model: `model-${index}`,
      mode: 'chat' as const,
      capabilities: undefined,
      contextWindow: 128_000,
      maxOutputTokens: undefined,
      price: { input: 0.1 + random(), output: 0.4 + random() * 4 },
      // One unscored, one unpriced, one unmeasured: the unknown-value paths are part of the cost.
      quality: index === 3 ? undefined : 0.5 + random() * 0.5,
      weight: 1 + Math.floor(random() * 5),
      priority: Math.floor(random() * 3),
      rpm: undefined,
      tpm: undefined,
      region: undefined,
      catalogEntry: undefined,
    },
    health: { ...UNKNOWN_HEALTH, inFlight: Math.floor(random() * 4), lastSampleAt: 1_700_000_000_000 - 1_000 },
    estimatedCostUsd: index === 5 ? undefined : 0.0001 + random() * 0.002,
    estimatedLatencyMs: index === 7 ? undefined : 300 + random() * 3_000,
    explore: false,
  }));
}

function time(label: string, run: () => unknown): void {
  const samples: number[] = [];
  let sink: unknown;
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    for (let iteration = 0; iteration < iterations; iteration++) sink = run();
    samples.push(Number(process.hrtime.bigint() - start) / iterations);
  }
  if (sink === undefined) throw new Error('nothing ran');
  samples.sort((left, right) => left - right);
  const median = samples[Math.floor(samples.length / 2)]!;
  console.log(`${label.padEnd(34)} ${median.toFixed(0).padStart(6)} ns/call   (best ${samples[0]!.toFixed(0)}, worst ${samples[samples.length - 1]!.toFixed(0)})`);
}

const candidates = buildCandidates();
const request: ChatRequest = { model: 'chat', messages: [{ role: 'user', content: 'please help me with a refund for my last invoice' }], user: 'user-42' };
const context: StrategyContext = {
  request,
  groupName: 'chat',
  promptTokens: 1_200,
  expectedOutputTokens: 400,
  random: createSeededRandom(1),
  counter: 0,
  category: undefined,
  now: 1_700_000_000_000,
};

console.log(`node ${process.version}, ${candidateCount} candidates, median of ${rounds} rounds × ${iterations} calls`);
const leafConfigs = ['priority', 'weighted', 'round-robin', 'least-busy', 'latency', 'cost', { type: 'quality', tolerance: 0.05 }, 'hybrid'] as const;
for (const config of leafConfigs) {
  const parsed = StrategySchema.parse(config);
  if (parsed.type === 'rules' || parsed.type === 'ab' || parsed.type === 'learned' || parsed.type === 'llm') continue;
  const strategy = createStrategy(parsed);
  time(`rank ${typeof config === 'string' ? config : `${config.type} (tolerance ${config.tolerance})`}`, () => {
    context.counter++;
    return strategy.rank(candidates, context);
  });
}

const features: RequestFeatures = {
  request,
  headers: { 'x-tenant': 'acme' },
  keyName: 'prod',
  team: undefined,
  promptTokens: () => 1_200,
  now: 1_700_000_000_000,
  random: createSeededRandom(3),
};
const rules = compileSelector(
  StrategySchema.parse({
    type: 'rules',
    rules: [
      { when: { has_images: true }, use: { group: 'vision' } },
      { when: { headers: { 'x-tenant': 'globex' } }, use: { group: 'globex' } },
      { when: { regex: '^translate\\b' }, use: { group: 'translate' } },
      { when: { keywords: ['refund', 'invoice', 'chargeback'], keys: ['prod'] }, use: { group: 'support' } },
    ],
  }) as SelectorConfig,
);
time('select rules (4th rule matches)', () => rules(features, 'chat'));
const split = compileSelector(StrategySchema.parse({ type: 'ab', variants: [{ weight: 1, group: 'a' }, { weight: 1, group: 'b' }] }) as SelectorConfig);
time('select ab (sticky by user)', () => split(features, 'chat'));
