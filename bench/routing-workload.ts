import { createSeededRandom } from '../src/simulator/create-seeded-random.js';

/** One request of the fixed workload: the same for every strategy of a run with the same seed. */
export interface RoutingWorkloadItem {
  index: number;
  /** When to send it, in ms from the start of the pass (a Poisson process at the run's rate). */
  sendAtMs: number;
  stream: boolean;
  /** The user message; a `contract` review starts with that word (the rules strategy keys on it). */
  prompt: string;
  promptWords: number;
  maxTokens: number;
  /** The body's `user` field (the A/B strategy is sticky by it). */
  user: string;
}

const vocabulary = (
  'the gateway routes every request to a model that answers with tokens while the client waits for ' +
  'latency cost quality budget invoice customer refund shipment order summary report table chart ' +
  'please explain why how when where which number total price region replica cache stream retry ' +
  'error limit window health score weight priority fallback deployment provider account billing'
).split(' ');

const userCount = 40;

/**
 * `count` requests drawn from `seed`, arriving at `ratePerSecond` on average: half streamed; prompt sizes mostly short (20–120 words), some
 * medium (250–700) and a few long (1,200–2,500, over the rules strategy's 1,000-token line); 15%
 * contract reviews; 16–127 output tokens each (max_tokens, which every simulated model fills).
 */
export function routingWorkload(count: number, seed: number, ratePerSecond: number): RoutingWorkloadItem[] {
  const random = createSeededRandom(seed);
  const between = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
  const items: RoutingWorkloadItem[] = [];
  let sendAtMs = 0;
  for (let index = 0; index < count; index++) {
    // Exponential gaps: arrivals as independent as real users', the same for every strategy.
    if (index > 0) sendAtMs += (-Math.log(1 - random()) * 1000) / ratePerSecond;
    const stream = random() < 0.5;
    const sizeDraw = random();
    const promptWords = sizeDraw < 0.65 ? between(20, 120) : sizeDraw < 0.93 ? between(250, 700) : between(1_200, 2_500);
    const contract = random() < 0.15;
    const words: string[] = contract ? ['contract', 'review:'] : [];
    while (words.length < promptWords) words.push(vocabulary[Math.floor(random() * vocabulary.length)]!);
    items.push({
      index,
      sendAtMs,
      stream,
      prompt: words.join(' '),
      promptWords,
      maxTokens: between(16, 127),
      user: `user-${between(1, userCount)}`,
    });
  }
  return items;
}
