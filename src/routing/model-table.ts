import { upstreamModelOf, type Catalog } from '../catalog/catalog.js';
import type { CatalogModel, Price } from '../catalog/catalog-schema.js';
import type { ModelGroupConfig } from '../config/config-schema.js';
import type { ChatProvider } from '../providers/provider.js';
import type { Deployment } from './deployment.js';

export interface ModelGroup {
  /** What the client asked for. */
  name: string;
  deployments: Deployment[];
  /** Configured by name in `models:`, as opposed to reached as `<provider>/<model>` or through the catalog. */
  configured: boolean;
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

  constructor(
    private readonly providers: ReadonlyMap<string, ProviderEntry>,
    private readonly catalog: Catalog,
    groups: ModelGroupConfig[],
    private readonly warn: (message: string) => void,
  ) {
    for (const [id, entry] of providers) {
      for (const catalogProvider of entry.catalogProviders) {
        const list = this.byCatalogProvider.get(catalogProvider) ?? [];
        if (!list.includes(id)) list.push(id);
        this.byCatalogProvider.set(catalogProvider, list);
      }
    }
    for (const group of groups) {
      const deployments = group.deployments.map((deployment) => this.deployment(deployment.provider, deployment.model, deployment.price, `models "${group.name}"`));
      this.groups.set(group.name, { name: group.name, deployments, configured: true });
    }
    // Catalog models of configured providers are reachable directly; build them now, not per request.
    for (const [providerId, entry] of providers) {
      for (const catalogProvider of entry.catalogProviders) {
        for (const model of catalog.modelsOf(catalogProvider)) {
          const upstream = upstreamModelOf(model.id);
          const name = `${providerId}/${upstream}`;
          if (!this.groups.has(name)) this.groups.set(name, { name, deployments: [this.deployment(providerId, upstream)], configured: false });
        }
      }
    }
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
        return { name, deployments: [this.deployment(prefix, upstream)], configured: false };
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
    return deployments.length === 0 ? undefined : { name, deployments, configured: false };
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

  private deployment(providerId: string, model: string, price?: Price, where?: string): Deployment {
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
      provider: entry.provider,
      model,
      mode: catalogEntry?.mode ?? 'chat',
      capabilities: catalogEntry === undefined ? undefined : new Set(catalogEntry.capabilities),
      contextWindow: catalogEntry?.context_window,
      maxOutputTokens: catalogEntry?.max_output_tokens,
      price: price ?? catalogEntry?.price,
      catalogEntry,
    };
  }
}
