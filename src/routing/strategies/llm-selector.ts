import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { LlmStrategyConfig, RouteTarget } from '../../config/routing-config-schema.js';
import type { ChatRequest } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { Cancellation } from '../../upstream/cancellation.js';
import type { InternalChat, InternalChatAnswer } from '../classify/internal-chat.js';
import { llmCategoryParser } from './llm-category-parser.js';
import type { LlmClassification } from './llm-classification.js';
import { LLM_CLASSIFIER_MAX_TOKENS, llmClassifierPrompt } from './llm-classifier-prompt.js';
import { lastUserText, type RequestFeatures } from './request-features.js';
import { describeTarget, type RouteSelection, type RouteSelector } from './select-route.js';

export interface LlmSelectorOptions {
  /** Sends the classifier's request through the gateway's own router (RouterParts.internalChat). */
  chat: InternalChat;
  now: () => number;
}

/** What one classifier call settled, for each kind of request that asked for it. */
interface Outcome {
  /** For the request that started the call (it pays for it). */
  own: Readonly<RouteSelection>;
  /** For a request that joined the call in flight and waited `waitedMs` for it. */
  shared: (waitedMs: number) => Readonly<RouteSelection>;
  /** What later requests with the same text get from the cache; undefined: not cached (timeouts and errors). */
  cached: Readonly<RouteSelection> | undefined;
}

/**
 * An `llm` strategy: a small model (the group `model`, routed by the gateway itself) reads the last
 * user message, cut to `max_input_chars`, and names one of the configured categories; the category's
 * `use` is where the request goes, and the category travels on to the ranking strategy (a `bandit`
 * learns per category), the trace and the request log.
 *
 * - Cache: answers are kept per text (SHA-256) in an LRU of `cache.max_entries` for `cache.ttl_ms`,
 *   per config version; a hit returns a frozen selection at once, with no promise and no call.
 * - Single flight: requests with the same text while a call is in flight wait for that call instead
 *   of starting another; only the request that started it is charged for it.
 * - Failure never fails the request: a timeout (the call is then cancelled), an error, or an answer
 *   naming no category gives the `default` category. Timeouts and errors are not cached (the next
 *   request asks again); an answer naming no category is (asking again would answer the same).
 * - A request that plans again (a retry round, a fallback group) reuses its first classification.
 */
export function compileLlmSelector(config: LlmStrategyConfig, options: LlmSelectorOptions): RouteSelector {
  const { model, timeout_ms: timeoutMs, max_input_chars: maxInputChars } = config;
  const { chat, now } = options;
  const parse = llmCategoryParser(Object.keys(config.categories));
  const prompt = llmClassifierPrompt(config);
  const targets = new Map<string, { target: RouteTarget; shown: string }>();
  for (const [name, category] of Object.entries(config.categories)) {
    const target: RouteTarget = Object.freeze(category.use.group !== undefined ? { group: category.use.group } : { strategy: category.use.strategy });
    targets.set(name, { target, shown: describeTarget(target) });
  }
  const selection = (category: string, detail: string, classification: LlmClassification): Readonly<RouteSelection> => {
    const chosen = targets.get(category);
    if (chosen === undefined) throw new Error(`llm strategy: no category "${category}"`);
    return Object.freeze({ target: chosen.target, category, reason: `llm: ${category} (${detail}) → ${chosen.shown}`, classification: Object.freeze(classification) });
  };
  const fallback = config.default;
  const noText = selection(fallback, 'default: no text to classify', { model, category: fallback, outcome: 'default', fallback: 'no text to classify', costNusd: 0 });
  const clientGone = selection(fallback, 'default: the request was cancelled while it waited', { model, category: fallback, outcome: 'default', fallback: 'the request was cancelled while it waited', costNusd: 0 });
  const deadlineFirst = (waitedMs: number): Readonly<RouteSelection> =>
    selection(fallback, `default: stopped waiting after ${waitedMs} ms, half the time left before the request's deadline`, {
      model,
      category: fallback,
      outcome: 'default',
      fallback: "half the time left before the request's deadline ran out",
      latencyMs: waitedMs,
      costNusd: 0,
    });
  /**
   * This request's wait for a classification: it ends when the request is cancelled (the client went
   * away) or after half the time left before its deadline, if that comes before `timeout_ms`, so the
   * answer's own call keeps the other half. The classifier's call goes on for the others who share it
   * (and the cache); a request that stopped waiting is not charged for it.
   */
  const bounded = (chosen: Promise<Readonly<RouteSelection>>, features: RequestFeatures): Promise<Readonly<RouteSelection>> => {
    const { cancellation, deadlineAt } = features;
    const startedAt = now();
    const budgetMs = deadlineAt === undefined || deadlineAt <= 0 ? Infinity : Math.max(0, (deadlineAt - startedAt) / 2);
    if (cancellation === undefined && budgetMs >= timeoutMs) return chosen;
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      let unsubscribe = (): void => {};
      let settled = false;
      const finish = (picked: Readonly<RouteSelection>): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        unsubscribe();
        resolve(picked);
      };
      if (budgetMs < timeoutMs) timer = setTimeout(() => finish(deadlineFirst(Math.round(now() - startedAt))), budgetMs);
      if (cancellation !== undefined) unsubscribe = cancellation.onAbort(() => finish(clientGone));
      void chosen.then(finish);
    });
  };
  const cache =
    config.cache.max_entries > 0
      ? new LRUCache<string, Readonly<RouteSelection>>({ max: config.cache.max_entries, ttl: config.cache.ttl_ms, ttlResolution: 0, perf: { now } })
      : undefined;
  const inFlight = new Map<string, Promise<Outcome>>();
  const perRequest = new WeakMap<RequestFeatures, Promise<Readonly<RouteSelection>>>();

  const answered = (answer: InternalChatAnswer, latencyMs: number): Outcome => {
    const call = { deployment: answer.deployment, inputTokens: answer.usage.inputTokens, outputTokens: answer.usage.outputTokens };
    const category = parse(answer.text);
    if (category === undefined) {
      const why = `the answer ${JSON.stringify(answer.text.trim().slice(0, 40))} names no category`;
      return {
        own: selection(fallback, `default: ${why}`, { model, category: fallback, outcome: 'default', fallback: why, ...call, latencyMs, costNusd: answer.costNusd }),
        shared: (waitedMs) => selection(fallback, `default: ${why}, shared`, { model, category: fallback, outcome: 'default', fallback: why, shared: true, latencyMs: waitedMs, costNusd: 0 }),
        cached: selection(fallback, `cached; default: ${why}`, { model, category: fallback, outcome: 'cached', fallback: why, costNusd: 0 }),
      };
    }
    return {
      own: selection(category, `${model}, ${latencyMs} ms`, { model, category, outcome: 'answered', ...call, latencyMs, costNusd: answer.costNusd }),
      shared: (waitedMs) => selection(category, `${model}, shared, waited ${waitedMs} ms`, { model, category, outcome: 'answered', shared: true, deployment: answer.deployment, latencyMs: waitedMs, costNusd: 0 }),
      cached: selection(category, 'cached', { model, category, outcome: 'cached', costNusd: 0 }),
    };
  };
  const failed = (why: string, shownWhy: string, latencyMs: number): Outcome => ({
    own: selection(fallback, `default: ${shownWhy}`, { model, category: fallback, outcome: 'default', fallback: why, latencyMs, costNusd: 0 }),
    shared: (waitedMs) => selection(fallback, `default: ${shownWhy}, shared`, { model, category: fallback, outcome: 'default', fallback: why, shared: true, latencyMs: waitedMs, costNusd: 0 }),
    cached: undefined,
  });

  /** Never rejects: every way a call can go wrong is a default selection. */
  const classify = async (text: string): Promise<Outcome> => {
    const startedAt = now();
    const cancellation = new Cancellation();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => {
        resolve(undefined);
        cancellation.abort(new GatewayError('GW_ERR_UPSTREAM_TIMEOUT', `the llm classifier ${model} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    try {
      const request: ChatRequest = {
        model,
        messages: [
          { role: 'system', content: prompt },
          { role: 'user', content: text },
        ],
        temperature: 0,
        max_tokens: LLM_CLASSIFIER_MAX_TOKENS,
        stream: false,
      };
      const answer = await Promise.race([chat(model, request, cancellation), timedOut]);
      const latencyMs = Math.round(now() - startedAt);
      if (answer === undefined) return failed(`timed out after ${timeoutMs} ms`, `timed out after ${timeoutMs} ms`, latencyMs);
      return answered(answer, latencyMs);
    } catch (error) {
      const latencyMs = Math.round(now() - startedAt);
      if (error instanceof GatewayError) return failed(`${model} failed: ${error.message.slice(0, 300)}`, `${model} failed (${error.status} ${error.code})`, latencyMs);
      const message = error instanceof Error ? error.message : String(error);
      return failed(`${model} failed: ${message.slice(0, 300)}`, `${model} failed: ${message.slice(0, 80)}`, latencyMs);
    } finally {
      clearTimeout(timer);
    }
  };

  return (features) => {
    const earlier = perRequest.get(features);
    if (earlier !== undefined) return earlier;
    const text = classifierText(lastUserText(features.request), maxInputChars);
    if (text.trim() === '') return noText;
    const key = createHash('sha256').update(text).digest('base64');
    const cached = cache?.get(key);
    if (cached !== undefined) return cached;
    let flight = inFlight.get(key);
    let chosen: Promise<Readonly<RouteSelection>>;
    if (flight === undefined) {
      // Settled in a later microtask than this set, so the entry is always there to delete; the cache
      // is filled in the same step, so a request sees either the flight or the cached answer.
      flight = classify(text).then((outcome) => {
        inFlight.delete(key);
        if (outcome.cached !== undefined) cache?.set(key, outcome.cached);
        return outcome;
      });
      inFlight.set(key, flight);
      chosen = flight.then((outcome) => outcome.own);
    } else {
      const joinedAt = now();
      chosen = flight.then((outcome) => outcome.shared(Math.round(now() - joinedAt)));
    }
    chosen = bounded(chosen, features);
    perRequest.set(features, chosen);
    return chosen;
  };
}

/** The text the classifier reads: at most `maxChars` UTF-16 units, never half a surrogate pair. */
function classifierText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.charCodeAt(maxChars - 1) >= 0xd800 && text.charCodeAt(maxChars - 1) <= 0xdbff ? maxChars - 1 : maxChars;
  return text.slice(0, cut);
}
