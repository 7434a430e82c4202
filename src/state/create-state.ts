import type { StateConfig } from '../config/config-schema.js';
import { createMemoryState } from './memory/create-memory-state.js';
import { createRedisState } from './redis/create-redis-state.js';
import type { StatePort } from './state-port.js';

/**
 * The state the config asks for. `replicaId` names this process's gauges (unique per process);
 * `onError` hears connection losses (once per outage) and watchers that threw.
 */
export async function createState(config: StateConfig, replicaId: string, onError: (error: unknown) => void): Promise<StatePort> {
  switch (config.backend) {
    case 'memory':
      return createMemoryState({ onError });
    case 'redis':
      return createRedisState({ url: config.redis_url, keyPrefix: config.key_prefix, commandTimeoutMs: config.command_timeout_ms, replicaId, onError });
  }
}
