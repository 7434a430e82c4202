import type { CatalogModel, Price } from '../catalog/catalog-schema.js';
import type { ChatProvider } from '../providers/provider.js';
import type { Capability } from '../spec/capabilities.js';

/** One way to serve a model: a provider, an upstream model id, and what we know of it. */
export interface Deployment {
  /** `<provider id>/<upstream model>`, unique in a runtime. */
  id: string;
  providerId: string;
  /** `provider:<id>`: the health subject its provider's credentials share (built once, not per request). */
  providerSubject: string;
  provider: ChatProvider;
  /** The model id sent upstream. */
  model: string;
  mode: 'chat' | 'embedding';
  /** Undefined when the catalog does not know the model: then every capability is assumed. */
  capabilities: ReadonlySet<Capability> | undefined;
  contextWindow: number | undefined;
  maxOutputTokens: number | undefined;
  price: Price | undefined;
  /** 0–1 (config override, else the catalog's score); undefined when nobody scored the model. */
  quality: number | undefined;
  /** Share under the weighted strategy (default 1). */
  weight: number;
  /** Lower goes first under the priority strategy (default 0; ties keep config order). */
  priority: number;
  /** Requests / tokens per minute this deployment may take; undefined = no limit of ours. */
  rpm: number | undefined;
  tpm: number | undefined;
  region: string | undefined;
  catalogEntry: CatalogModel | undefined;
}

export function hasCapability(deployment: Deployment, capability: Capability): boolean {
  return deployment.capabilities === undefined || deployment.capabilities.has(capability);
}
