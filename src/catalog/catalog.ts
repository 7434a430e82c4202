import type { CatalogModel, CatalogProvider } from './catalog-schema.js';

/** Read-only lookup over the merged catalog (bundled file, extra files, config overrides). */
export class Catalog {
  private readonly byId = new Map<string, CatalogModel>();

  constructor(
    readonly providers: Readonly<Record<string, CatalogProvider>>,
    readonly models: readonly CatalogModel[],
  ) {
    for (const model of models) {
      this.byId.set(model.id, model);
      const provider = providerOf(model.id);
      for (const alias of model.aliases) this.byId.set(`${provider}/${alias}`, model);
    }
  }

  /** The entry for `<catalog provider>/<upstream model>`, by id or alias. */
  find(catalogProvider: string, model: string): CatalogModel | undefined {
    return this.byId.get(`${catalogProvider}/${model}`);
  }

  /** Every entry of one catalog provider. */
  modelsOf(catalogProvider: string): CatalogModel[] {
    return this.models.filter((model) => providerOf(model.id) === catalogProvider);
  }
}

export function providerOf(catalogId: string): string {
  return catalogId.slice(0, catalogId.indexOf('/'));
}

export function upstreamModelOf(catalogId: string): string {
  return catalogId.slice(catalogId.indexOf('/') + 1);
}
