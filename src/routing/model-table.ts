import { upstreamModelOf, type Catalog } from '../catalog/catalog.js';
import type { CatalogModel, Price } from '../catalog/catalog-schema.js';
import type { DeploymentConfig, ModelGroupConfig } from '../config/config-schema.js';
import type { HedgeConfig, RetryConfig, RoutingConfig, StrategyConfig } from '../config/routing-config-schema.js';
import type { ChatProvider } from '../providers/provider.js';
import type { Deployment } from './deployment.js';

export interface ModelGroup {
  /** What the client asked for. */
  name: string;
  deployments: Deployment[];
  /** Configured by name in `models:` (or `auto`), as opposed to reached as `<provider>/<model>` or through the catalog. */
  configured: boolean;
  strategy: StrategyConfig;
  /** Groups tried, in order, once every deployment of this one failed. */
  fallbacks: readonly string[];
  retry: RetryConfig;
  hedge: HedgeConfig;
}

export interface ModelTableOptions {
  providers: ReadonlyMap<string, ProviderEntry>;
  catalog: Catalog;
  groups: readonly ModelGroupConfig[];
  routing: RoutingConfig;
  warn: (message: string) => void;
}

export interface ProviderEntry {
  provider: ChatProvider;
  /**
   * Catalog providers whose entries describe this provider's models, most specific first: the
   * provider's own id (so `catalog.models` in config can describe a self-hosted server's models),
   * then its type's catalog provider (`openai` for a provider of type openai).
   */
  catalogProviders: string[];
}

/**
 * Resolves the model name a client sends to a group of deployments:
 * 1. a group configured in `models:`;
 * 2. `<provider id>/<upstream model>` for a configured provider (served even when the catalog does
 *    not know the model: capabilities assumed, price zero, and a warning);
 * 3. a catalog id `<catalog provider>/<model>` when exactly one configured provider serves that catalog provider;
 * 4. a bare upstream model id (`gpt-4.1-mini`) that a configured provider's catalog entries know.
 * Built once per config; lookups allocate nothing for configured groups and catalog models.
 */
export class ModelTable {
  private readonly groups = new Map<string, ModelGroup>();
  private readonly byCatalogProvider = new Map<string, string[]>();
  private readonly providers: ReadonlyMap<string, ProviderEntry>;
  private readonly catalog: Catalog;
  private readonly warn: (message: string) => void;
  /** What groups reached without configuration use: try in order, the global retry and hedge settings. */
  private readonly plain: Pick<ModelGroup, 'strategy' | 'fallbacks' | 'retry' | 'hedge'>;

  constructor(options: ModelTableOptions) {
    const { providers, catalog, groups, routing } = options;
    this.providers = providers;
    this.catalog = catalog;
    this.warn = options.warn;
    this.plain = { strategy: { type: 'priority' }, fallbacks: [], retry: routing.retry, hedge: routing.hedge };
    for (const [id, entry] of providers) {
      for (const catalogProvider of entry.catalogProviders) {
        const list = this.byCatalogProvider.get(catalogProvider) ?? [];
        if (!list.includes(id)) list.push(id);
        this.byCatalogProvider.set(catalogProvider, list);
      }
    }
    for (const group of groups) {
      const deployments = group.deployments.map((deployment) => this.deployment(deployment.provider, deployment.model, deployment, `models "${group.name}"`));
      this.groups.set(group.name, {
        name: group.name,
        deployments,
        configured: true,
        strategy: group.strategy ?? routing.default_strategy,
        fallbacks: group.fallbacks,
        retry: { ...routing.retry, ...group.retry },
        hedge: group.hedge ?? routing.hedge,
      });
    }
    // Catalog models of configured providers are reachable directly; build them now, not per request.
    for (const [providerId, entry] of providers) {
      for (const catalogProvider of entry.catalogProviders) {
        for (const model of catalog.modelsOf(catalogProvider)) {
          const upstream = upstreamModelOf(model.id);
          const name = `${providerId}/${upstream}`;
          if (!this.groups.has(name)) this.groups.set(name, { name, deployments: [this.deployment(providerId, upstream)], configured: false, ...this.plain });
        }
      }
    }
    const auto = this.autoGroup(groups, routing);
    if (auto.deployments.length > 0) this.groups.set('auto', auto);
  }

  /**
   * `auto`: the deployments of the groups named in routing.auto.groups, else of every configured group,
   * else (no groups configured) every catalog chat model of a configured provider. Each deployment once.
   */
  private autoGroup(groups: readonly ModelGroupConfig[], routing: RoutingConfig): ModelGroup {
    const names = routing.auto.groups ?? groups.map((group) => group.name);
    const sources = names.length > 0 ? names.map((name) => this.resolve(name)) : [...this.groups.values()].filter((group) => !group.configured);
    const byId = new Map<string, Deployment>();
    for (const group of sources) {
      for (const deployment of group?.deployments ?? []) if (deployment.mode === 'chat' && !byId.has(deployment.id)) byId.set(deployment.id, deployment);
    }
    return { name: 'auto', deployments: [...byId.values()], configured: true, ...this.plain, strategy: routing.auto.strategy };
  }

  resolve(name: string): ModelGroup | undefined {
    const known = this.groups.get(name);
    if (known !== undefined) return known;
    const slash = name.indexOf('/');
    if (slash > 0) {
      const prefix = name.slice(0, slash);
      const upstream = name.slice(slash + 1);
      if (upstream === '') return undefined;
      if (this.providers.has(prefix)) {
        // Not cached, and not warned about per request: arbitrary names must not grow memory or logs.
        return { name, deployments: [this.deployment(prefix, upstream)], configured: false, ...this.plain };
      }
      const serving = this.byCatalogProvider.get(prefix);
      if (serving?.length === 1) return this.resolve(`${serving[0]}/${upstream}`);
      return undefined;
    }
    const deployments: Deployment[] = [];
    for (const [providerId, entry] of this.providers) {
      const model = this.findInCatalog(entry, name);
      if (model !== undefined) {
        const upstream = upstreamModelOf(model.id);
        deployments.push(this.groups.get(`${providerId}/${upstream}`)?.deployments[0] ?? this.deployment(providerId, upstream));
      }
    }
    return deployments.length === 0 ? undefined : { name, deployments, configured: false, ...this.plain };
  }

  /** Every group a client can name without guessing: configured groups and catalog models of configured providers. */
  list(): ModelGroup[] {
    return [...this.groups.values()];
  }

  private findInCatalog(entry: ProviderEntry, model: string): CatalogModel | undefined {
    for (const catalogProvider of entry.catalogProviders) {
      const found = this.catalog.find(catalogProvider, model);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  private deployment(providerId: string, model: string, settings?: DeploymentConfig, where?: string): Deployment {
    const price: Price | undefined = settings?.price;
    const entry = this.providers.get(providerId);
    if (entry === undefined) throw new Error(`unknown provider ${providerId}`);
    const catalogEntry = this.findInCatalog(entry, model);
    if (catalogEntry === undefined && where !== undefined) {
      this.warn(
        `${where}: the catalog does not know ${providerId}/${model}; it is served all the same, with every capability assumed and price ${price === undefined ? 'zero (set price: in the deployment)' : 'as configured'}`,
      );
    }
    return {
      id: `${providerId}/${model}`,
      providerId,
      providerSubject: `provider:${providerId}`,
      provider: entry.provider,
      model,
      mode: catalogEntry?.mode ?? 'chat',
      capabilities: catalogEntry === undefined ? undefined : new Set(catalogEntry.capabilities),
      contextWindow: catalogEntry?.context_window,
      maxOutputTokens: catalogEntry?.max_output_tokens,
      price: price ?? catalogEntry?.price,
      quality: settings?.quality ?? catalogEntry?.quality,
      weight: settings?.weight ?? 1,
      priority: settings?.priority ?? 0,
      rpm: settings?.rpm,
      tpm: settings?.tpm,
      region: settings?.region,
      catalogEntry,
    };
  }
}
