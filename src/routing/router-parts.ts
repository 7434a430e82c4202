import type { LeafStrategyConfig, RoutingConfig, StrategyConfig } from '../config/routing-config-schema.js';
import type { StatePort } from '../state/state-port.js';
import type { DeploymentLimits } from './deployment-limits.js';
import type { DeploymentHealth } from './health/deployment-health.js';
import type { ModelTable } from './model-table.js';
import type { CountText } from './prompt-size.js';
import type { InternalChat } from './classify/internal-chat.js';
import type { BanditLearning, PosteriorLease } from './bandit/bandit-learning.js';
import { NO_FEEDBACK } from './bandit/bandit-arms.js';
import { createStrategy, type StrategyServices } from './strategies/create-strategy.js';
import { compileLlmSelector } from './strategies/llm-selector.js';
import { compileSelector, type AnySelectorConfig, type RouteSelector } from './strategies/select-route.js';
import type { LearnedRouters } from './strategies/load-learned-routers.js';
import type { Strategy } from './strategies/strategy.js';

/** What the router's pieces share for one config version: the model table, health, limits, compiled strategies. */
export interface RouterParts {
  models: ModelTable;
  health: DeploymentHealth;
  limits: DeploymentLimits;
  routing: RoutingConfig;
  countText: CountText;
  random: () => number;
  now: () => number;
  /** The compiled strategy of a leaf config (compiled once per config object). */
  strategy(config: StrategyConfig): Strategy;
  selector(config: AnySelectorConfig): RouteSelector;
  /**
   * Chat requests the gateway makes for itself (an `llm` selector's classifier), routed by the Router
   * these parts belong to: its constructor binds it (`bindInternalChat`). Before that it rejects.
   */
  internalChat: InternalChat;
  bindInternalChat(chat: InternalChat): void;
  /** The group's next round-robin position, shared across replicas; a local count when the state port does not answer. */
  nextCounter(groupName: string): Promise<number>;
  onStateError(error: unknown): void;
  /** Lets go of what this config version's strategies hold (bandit posteriors); called when the runtime closes. */
  close(): void;
}

export interface RouterPartsOptions {
  models: ModelTable;
  health: DeploymentHealth;
  limits: DeploymentLimits;
  state: StatePort;
  routing: RoutingConfig;
  countText: CountText;
  /** The routers of the config's learned strategies (`loadLearnedRouters`); none by default. */
  learnedRouters?: LearnedRouters;
  /** What bandit strategies learn from (outlives config versions); none: they rank by their prior alone. */
  bandit?: BanditLearning | undefined;
  random?: () => number;
  now?: () => number;
  onStateError: (error: unknown) => void;
}

export function createRouterParts(options: RouterPartsOptions): RouterParts {
  const strategies = new WeakMap<object, Strategy>();
  const selectors = new WeakMap<object, RouteSelector>();
  const localCounters = new Map<string, number>();
  const { state } = options;
  let boundChat: InternalChat | undefined;
  const internalChat: InternalChat = (groupName, request, cancellation) =>
    boundChat === undefined ? Promise.reject(new Error('no router serves these routing parts yet')) : boundChat(groupName, request, cancellation);
  const now = options.now ?? Date.now;
  const leases: PosteriorLease[] = [];
  let closed = false;
  const strategyServices: StrategyServices = {
    banditPosterior(config) {
      // A strategy compiled by a request still running on a closed version holds nothing it would never release.
      if (options.bandit === undefined || closed) return NO_FEEDBACK;
      const lease = options.bandit.acquire(config.window, config.refresh_ms);
      leases.push(lease);
      return lease.view;
    },
  };
  return {
    models: options.models,
    health: options.health,
    limits: options.limits,
    routing: options.routing,
    countText: options.countText,
    random: options.random ?? Math.random,
    now,
    onStateError: options.onStateError,
    internalChat,
    bindInternalChat(chat) {
      boundChat = chat;
    },
    strategy(config) {
      let strategy = strategies.get(config);
      if (strategy === undefined) {
        strategy = createStrategy(config as LeafStrategyConfig, strategyServices);
        strategies.set(config, strategy);
      }
      return strategy;
    },
    selector(config) {
      let selector = selectors.get(config);
      if (selector === undefined) {
        selector =
          config.type === 'llm'
            ? compileLlmSelector(config, { chat: internalChat, now })
            : compileSelector(config, config.type === 'learned' ? options.learnedRouters?.get(config) : undefined);
        selectors.set(config, selector);
      }
      return selector;
    },
    close() {
      closed = true;
      for (const lease of leases.splice(0)) lease.release();
    },
    async nextCounter(groupName) {
      try {
        return await state.increment(`rr:${groupName}`);
      } catch (error) {
        options.onStateError(error);
        const next = (localCounters.get(groupName) ?? 0) + 1;
        localCounters.set(groupName, next);
        return next;
      }
    },
  };
}
