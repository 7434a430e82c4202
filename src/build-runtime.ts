import { createImageFetcher } from './upstream/fetch-image.js';
import { createHash } from 'node:crypto';
import { Catalog } from './catalog/catalog.js';
import { loadCatalog } from './catalog/load-catalog.js';
import type { Config } from './config/config-schema.js';
import type { LoadedConfig } from './config/load-config.js';
import { PROVIDER_REGISTRY } from './providers/registry.js';
import { checkGroupReferences } from './routing/check-group-references.js';
import type { DeploymentLimits } from './routing/deployment-limits.js';
import type { DeploymentHealth } from './routing/health/deployment-health.js';
import { ModelTable, type ProviderEntry } from './routing/model-table.js';
import type { CountText } from './routing/prompt-size.js';
import { Router } from './routing/router.js';
import { createRouterParts } from './routing/router-parts.js';
import type { StatePort } from './state/state-port.js';
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
  /** SHA-256 of each client key; empty means the gateway is open. */
  keyHashes: Set<string>;
  timeouts: UpstreamTimeouts;
  warnings: string[];
  close(): Promise<void>;
}

/** What outlives a config version: health, limits and the state behind them (a reload must not forget an outage). */
export interface RoutingServices {
  health: DeploymentHealth;
  limits: DeploymentLimits;
  state: StatePort;
  countText: CountText;
  onStateError: (error: unknown) => void;
}

export function buildRuntime(loaded: LoadedConfig, environment: NodeJS.ProcessEnv, services: RoutingServices, catalogOverride?: Catalog): Runtime {
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
        config: providerConfig,
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
  try {
    models = new ModelTable({ providers, catalog, groups: config.models, routing: config.routing, warn: (message) => warnings.push(message) });
    checkGroupReferences(config, models);
  } catch (error) {
    for (const entry of providers.values()) void entry.provider.close();
    void fetchImage.close();
    throw error;
  }
  const router = new Router(createRouterParts({ models, routing: config.routing, ...services }));
  const keyHashes = new Set(config.auth.keys.filter((key) => key !== '').map(hashKey));
  return {
    config,
    catalog,
    providers,
    models,
    router,
    keyHashes,
    timeouts: resolveTimeouts(config.timeouts),
    warnings,
    async close() {
      await Promise.allSettled([...[...providers.values()].map((entry) => entry.provider.close()), fetchImage.close()]);
    },
  };
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
