import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../config/config-error.js';
import { Catalog } from './catalog.js';
import { CatalogFileSchema, CatalogModelSchema, type CatalogModel, type CatalogProvider } from './catalog-schema.js';

/** The catalog that ships with the package; the same relative path works from src/ and dist/. */
export const BUNDLED_CATALOG_PATH = fileURLToPath(new URL('../../catalog/models.yaml', import.meta.url));

/**
 * Merges the bundled catalog, extra catalog files and inline overrides, later ones winning by id.
 * An override may give only some fields: they are merged over the existing entry.
 */
export function loadCatalog(options: { files?: string[]; overrides?: Array<Record<string, unknown>>; bundled?: boolean } = {}): Catalog {
  const providers: Record<string, CatalogProvider> = {};
  const models = new Map<string, CatalogModel>();
  const files = [...(options.bundled === false ? [] : [BUNDLED_CATALOG_PATH]), ...(options.files ?? [])];
  for (const file of files) {
    const parsed = CatalogFileSchema.safeParse(readYaml(file));
    if (!parsed.success) {
      throw new ConfigError(
        `catalog file ${file} is invalid:`,
        parsed.error.issues.slice(0, 20).map((issue) => `${issue.path.join('.')}: ${issue.message}`),
      );
    }
    Object.assign(providers, parsed.data.providers);
    for (const model of parsed.data.models) models.set(model.id, model);
  }
  for (const [index, override] of (options.overrides ?? []).entries()) {
    const id = String(override.id);
    const merged = CatalogModelSchema.safeParse({ ...models.get(id), ...override });
    if (!merged.success) {
      throw new ConfigError(
        `catalog.models[${index}] (${id}) is invalid:`,
        merged.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
      );
    }
    models.set(id, merged.data);
  }
  return new Catalog(providers, [...models.values()]);
}

function readYaml(file: string): unknown {
  try {
    return parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`cannot read catalog file ${file}: ${(error as Error).message}`);
  }
}
