import type { CatalogModel, Price } from '../catalog/catalog-schema.js';
import type { ChatProvider } from '../providers/provider.js';
import type { Capability } from '../spec/capabilities.js';

/** One way to serve a model: a provider, an upstream model id, and what we know of it. */
export interface Deployment {
  /** `<provider id>/<upstream model>`, unique in a runtime. */
  id: string;
  providerId: string;
  provider: ChatProvider;
  /** The model id sent upstream. */
  model: string;
  mode: 'chat' | 'embedding';
  /** Undefined when the catalog does not know the model: then every capability is assumed. */
  capabilities: ReadonlySet<Capability> | undefined;
  contextWindow: number | undefined;
  maxOutputTokens: number | undefined;
  price: Price | undefined;
  catalogEntry: CatalogModel | undefined;
}

export function hasCapability(deployment: Deployment, capability: Capability): boolean {
  return deployment.capabilities === undefined || deployment.capabilities.has(capability);
}
