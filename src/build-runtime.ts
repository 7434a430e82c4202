import { createImageFetcher } from './upstream/fetch-image.js';
import { Catalog } from './catalog/catalog.js';
import { loadCatalog } from './catalog/load-catalog.js';
import type { Config, ProviderConfig } from './config/config-schema.js';
import type { CredentialCache } from './governance/credential-cache.js';
import type { LoadedConfig } from './config/load-config.js';
import { PROVIDER_REGISTRY } from './providers/registry.js';
import { checkGroupReferences } from './routing/check-group-references.js';
import type { DeploymentLimits } from './routing/deployment-limits.js';
import type { DeploymentHealth } from './routing/health/deployment-health.js';
import { ModelTable, type ProviderEntry } from './routing/model-table.js';
import type { CountText } from './routing/prompt-size.js';
import { Router } from './routing/router.js';
import type { BanditLearning } from './routing/bandit/bandit-learning.js';
import { createRouterParts } from './routing/router-parts.js';
import { loadLearnedRouters, type LearnedRouters } from './routing/strategies/load-learned-routers.js';
import type { StatePort } from './state/state-port.js';
import { createRedactor } from './governance/create-redactor.js';
import type { Governance } from './governance/governance.js';
import { hashSecret } from './governance/key-secret.js';
import type { RequestLogRow } from './store/store-port.js';
import type { AdminServices } from './governance/admin-services.js';
import { resolveTimeouts, type UpstreamTimeouts } from './upstream/upstream-timeouts.js';

/**
 * Everything one version of the config gives: providers (with their connection pools), the catalog,
 * the model table and client keys. A reload builds a new Runtime and swaps it in; requests already
 * running keep the one they started with.
 */
export interface Runtime {
  config: Config;
  catalog: Catalog;
  providers: Map<string, ProviderEntry>;
  models: ModelTable;
  router: Router;
  /** SHA-256 of each static client key (auth.keys). */
  keyHashes: Set<string>;
  /** SHA-256 of the master key; undefined: no admin API, and virtual keys are not checked. */
  masterKeyHash: string | undefined;
  gateway: GatewayServices;
  timeouts: UpstreamTimeouts;
  warnings: string[];
  /** What bandit strategies learn from (the app's, shared by every config version); feedback reaches it. */
  bandit: BanditLearning | undefined;
  close(): Promise<void>;
}

/** What outlives a config version: health, limits and the state behind them (a reload must not forget an outage). */
export interface RoutingServices {
  health: DeploymentHealth;
  limits: DeploymentLimits;
  state: StatePort;
  countText: CountText;
  onStateError: (error: unknown) => void;
  /** What bandit strategies learn from; undefined: they rank by their prior alone (tests that build a runtime by hand). */
  bandit?: BanditLearning | undefined;
  /** Routing's random source (seeded in tests); Math.random when undefined. */
  random?: (() => number) | undefined;
}

/** What outlives a config version on the governance side: keys, limits, budgets and the request log. */
export interface GovernanceServices {
  governance: Governance;
  /** Queues a request's row (its spend, and its log entry when the request log is on); never throws or waits. */
  recordRequest(row: RequestLogRow): void;
  admin: AdminServices;
  credentials: CredentialCache;
}

export interface GatewayServices extends GovernanceServices {
  /** Redacts and truncates a body for the request log; undefined when bodies are not logged. */
  bodies: ((text: string) => string) | undefined;
}

export function buildRuntime(
  loaded: LoadedConfig,
  environment: NodeJS.ProcessEnv,
  services: RoutingServices,
  governance: GovernanceServices,
  catalogOverride?: Catalog,
): Runtime {
  const { config } = loaded;
  const warnings = [...loaded.warnings];
  const catalog =
    catalogOverride ??
    loadCatalog({ files: config.catalog.files, overrides: config.catalog.models as Array<Record<string, unknown>> });
  const fetchImage = createImageFetcher({
    allowPrivateNetworks: config.images.allow_private_networks,
    allowedHosts: config.images.allowed_hosts,
    maxBytes: config.images.max_bytes,
    timeoutMs: config.images.timeout_ms,
    maxRedirects: config.images.max_redirects,
  });
  const providers = new Map<string, ProviderEntry>();
  try {
    for (const [id, providerConfig] of Object.entries(config.providers)) {
      const definition = PROVIDER_REGISTRY[providerConfig.type];
      const provider = definition.create({
        id,
        config: withStoredCredential(id, providerConfig, governance.credentials, warnings),
        catalogProvider: definition.catalogProvider === undefined ? undefined : catalog.providers[definition.catalogProvider],
        environment,
        globalTimeouts: config.timeouts,
        fetchImage,
      });
      const catalogProviders = [id];
      if (definition.catalogProvider !== undefined && definition.catalogProvider !== id) catalogProviders.push(definition.catalogProvider);
      providers.set(id, { provider, catalogProviders });
    }
  } catch (error) {
    for (const entry of providers.values()) void entry.provider.close();
    void fetchImage.close();
    throw error;
  }
  let models: ModelTable;
  let learnedRouters: LearnedRouters;
  try {
    models = new ModelTable({ providers, catalog, groups: config.models, routing: config.routing, warn: (message) => warnings.push(message) });
    checkGroupReferences(config, models);
    learnedRouters = loadLearnedRouters(config, loaded.baseDirectory);
  } catch (error) {
    for (const entry of providers.values()) void entry.provider.close();
    void fetchImage.close();
    throw error;
  }
  const router = new Router(createRouterParts({ models, routing: config.routing, learnedRouters, ...services }));
  const keyHashes = new Set(config.auth.keys.filter((key) => key !== '').map(hashSecret));
  const { request_log: requestLog } = config;
  let bodies: GatewayServices['bodies'];
  if (requestLog.enabled && requestLog.bodies) {
    const redact = createRedactor({ patterns: requestLog.redact, defaults: requestLog.redact_defaults });
    const maxBytes = requestLog.max_body_bytes;
    bodies = (text) => truncateUtf8(redact(text), maxBytes);
  }
  return {
    config,
    catalog,
    providers,
    models,
    router,
    keyHashes,
    masterKeyHash: config.auth.master_key === undefined ? undefined : hashSecret(config.auth.master_key),
    gateway: { ...governance, bodies },
    timeouts: resolveTimeouts(config.timeouts),
    warnings,
    bandit: services.bandit,
    async close() {
      router.parts.close();
      await Promise.allSettled([...[...providers.values()].map((entry) => entry.provider.close()), fetchImage.close()]);
    },
  };
}

/** A provider's config with the secrets of its stored credential (`credential: <name>`) filled in; a warning when they cannot be. */
function withStoredCredential(id: string, config: ProviderConfig, credentials: CredentialCache, warnings: string[]): ProviderConfig {
  if (config.credential === undefined) return config;
  const stored = credentials.get(config.credential);
  if ('problem' in stored) {
    warnings.push(`providers.${id}.credential: ${stored.problem}; the provider runs without it`);
    return config;
  }
  if (stored.provider !== config.type) warnings.push(`providers.${id}.credential: "${config.credential}" was stored for provider type ${stored.provider}, not ${config.type}`);
  return { ...config, ...stored.secrets };
}

/** At most `maxBytes` of UTF-8, cut at a character boundary, marked when cut. */
function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let cut = Buffer.from(text).subarray(0, maxBytes).toString('utf8');
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  return `${cut}…[truncated]`;
}
