import type { ProviderConfig } from '../../config/config-schema.js';
import { ConfigError } from '../../config/config-error.js';

/** A config field another provider type reads is a mistake here, not something to ignore quietly. */
export function refuseForeignConfigFields(id: string, type: string, config: ProviderConfig, foreign: ReadonlyArray<keyof ProviderConfig>): void {
  for (const field of foreign) {
    if (config[field] !== undefined) throw new ConfigError(`providers.${id}.${field} is not used by type ${type}; remove it`);
  }
}
