import type { LlmStrategyConfig, RouteTarget, StrategyConfig } from '../../config/routing-config-schema.js';
import { describeRule } from './describe-rule.js';
import type { LlmClassification } from './llm-classification.js';
import { compileLearnedSelector } from './learned-selector.js';
import type { LearnedRouter } from './load-learned-routers.js';
import { compileRule, type RuleMatcher } from './match-rule.js';
import { compileRequestValue } from './request-value.js';
import type { RequestFeatures } from './request-features.js';

export type SelectorConfig = Extract<StrategyConfig, { type: 'rules' | 'ab' | 'learned' }>;
/** Every selector strategy: the synchronous ones and `llm` (compiled by compileLlmSelector). */
export type AnySelectorConfig = SelectorConfig | LlmStrategyConfig;

export interface RouteSelection {
  target: RouteTarget;
  /** One line for the trace: which rule or variant, and why. */
  reason: string;
  /** The A/B variant's name (its `name`, else its 1-based position), for logs and metrics. */
  variant?: string;
  /** A learned strategy's score, its threshold and the side it chose, for the debug trace. */
  learned?: { score: number; threshold: number; choice: 'strong' | 'weak' };
  /**
   * The request's task category, when the selector decided one (an `llm` classifier). It travels
   * down the rest of the hops to the ranking strategy (`StrategyContext.category`: a bandit learns per
   * category), the trace and the request log.
   */
  category?: string;
  /** An `llm` selector's classification: how the category was reached and what the classifier call cost this request. */
  classification?: LlmClassification;
}

/**
 * Chooses, before any ranking, the group or the strategy a request goes to. Synchronous for every
 * selector that needs nothing outside the process; one that must ask (an `llm` classifier) returns
 * a promise, and only then does the router wait.
 */
export type RouteSelector = (features: RequestFeatures, groupName: string) => Readonly<RouteSelection> | Promise<Readonly<RouteSelection>>;
/** A selector that never waits (rules, ab, learned). */
export type SyncRouteSelector = (features: RequestFeatures, groupName: string) => Readonly<RouteSelection>;

const defaultStrategy: StrategyConfig = Object.freeze({ type: 'priority' });

/**
 * Compiles a `rules`, `ab` or `learned` strategy once per config version (a learned one with its
 * router, loaded with the config: `loadLearnedRouters`; see `compileLearnedSelector`). Every answer it can give is built
 * here, so selecting allocates nothing (the answers are frozen: callers must not change them).
 *
 * rules: the first rule (numbered from 1 in reasons) whose condition matches; none → the `default`
 * strategy (priority when unset).
 * ab: sticky by `user`, `header:<name>` or `metadata:<key>`: a hash of `group + ':' + id` picks a
 * point in [0, total weight), so one caller stays in one variant on every replica, and each group
 * splits independently. A request without the id falls back to `features.random()`.
 */
export function compileSelector(config: SelectorConfig, learnedRouter?: LearnedRouter): SyncRouteSelector {
  if (config.type === 'learned') {
    if (learnedRouter === undefined) throw new Error(`the learned strategy's router ${config.router} was not loaded with the config`);
    return compileLearnedSelector(config, learnedRouter);
  }
  return config.type === 'rules' ? compileRules(config) : compileSplit(config);
}

function compileRules(config: Extract<SelectorConfig, { type: 'rules' }>): SyncRouteSelector {
  const matchers: RuleMatcher[] = [];
  const selections: Readonly<RouteSelection>[] = [];
  config.rules.forEach((rule, index) => {
    matchers.push(compileRule(rule.when));
    selections.push(Object.freeze({ target: rule.use, reason: `rules: #${index + 1} (${describeRule(rule.when)}) → ${describeTarget(rule.use)}` }));
  });
  const fallbackStrategy = config.default ?? defaultStrategy;
  const fallback: Readonly<RouteSelection> = Object.freeze({
    target: Object.freeze({ strategy: fallbackStrategy }),
    reason: `rules: no rule matched; default ${fallbackStrategy.type}`,
  });
  return (features) => {
    for (let index = 0; index < matchers.length; index++) if (matchers[index]!(features)) return selections[index]!;
    return fallback;
  };
}

type StickyId = (features: RequestFeatures) => string | undefined;

function compileSplit(config: Extract<SelectorConfig, { type: 'ab' }>): SyncRouteSelector {
  const stickyBy = config.sticky_by;
  const stickyId = compileStickyId(stickyBy);
  const boundaries: number[] = [];
  const sticky: Readonly<RouteSelection>[] = [];
  const random: Readonly<RouteSelection>[] = [];
  let total = 0;
  config.variants.forEach((variant, index) => {
    total += variant.weight;
    boundaries.push(total);
    const name = variant.name ?? String(index + 1);
    const target: RouteTarget = Object.freeze(variant.group !== undefined ? { group: variant.group } : { strategy: variant.strategy });
    const chosen = `ab: variant ${JSON.stringify(name)} → ${describeTarget(target)}`;
    sticky.push(Object.freeze({ target, variant: name, reason: `${chosen} (sticky by ${stickyBy})` }));
    random.push(Object.freeze({ target, variant: name, reason: `${chosen} (at random: the request has no ${stickyBy})` }));
  });
  return (features, groupName) => {
    const id = stickyId(features);
    const point = id === undefined ? features.random() * total : (stickyHash(groupName, id) / 4_294_967_296) * total;
    const index = variantAt(boundaries, point);
    return id === undefined ? random[index]! : sticky[index]!;
  };
}

function compileStickyId(stickyBy: string): StickyId {
  if (stickyBy.startsWith('header:') || stickyBy.startsWith('metadata:')) {
    const read = compileRequestValue(stickyBy as `header:${string}` | `metadata:${string}`);
    return (features) => read(features.request, features.headers);
  }
  return (features) => {
    const user = features.request.user;
    return typeof user === 'string' && user !== '' ? user : undefined;
  };
}

/** The variant whose cumulative-weight interval holds the point; the last one also takes rounding at the very top. */
function variantAt(boundaries: readonly number[], point: number): number {
  const last = boundaries.length - 1;
  for (let index = 0; index < last; index++) if (point < boundaries[index]!) return index;
  return last;
}

/**
 * 32-bit FNV-1a of `group:id`, chained so nothing is concatenated, then murmur3's finaliser: FNV
 * alone leaves similar ids (user-1, user-2…) close together in the high bits that pick the variant.
 */
function stickyHash(groupName: string, id: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < groupName.length; index++) hash = Math.imul(hash ^ groupName.charCodeAt(index), 0x01000193);
  hash = Math.imul(hash ^ 0x3a /* ':' */, 0x01000193);
  for (let index = 0; index < id.length; index++) hash = Math.imul(hash ^ id.charCodeAt(index), 0x01000193);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

export function describeTarget(target: RouteTarget): string {
  if (target.group !== undefined) return `group ${target.group}`;
  return `strategy ${target.strategy?.type ?? 'priority'}`;
}
