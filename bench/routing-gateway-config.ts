import { parseConfig, type LoadedConfig } from '../src/config/load-config.js';
import type { RoutingDeployment } from './routing-deployments.js';

/** The group every request of `npm run bench:routing` names. */
export const routingGroupName = 'bench-route';

export const circuitCooldownMs = 2_000;

/**
 * A gateway config with one group over the deployments, ranked by `strategy`. One provider per
 * deployment (as with real vendors), so a 429 or a cooldown of one never touches another. Routing
 * settings (retries, cooldowns, latency learning) stay at their defaults, but for one: an open
 * circuit waits 2 s instead of 10 s before its probe. A pass lasts about 15 s (300 requests at
 * 20/s) and its outage about 4 s, so with the default a deployment that went down would not come
 * back within the pass, and every row would show the outage lasting to the end; 2 s keeps the
 * cooldown as short next to the outage as 10 s is next to a real one of minutes.
 */
export function routingGatewayConfig(strategy: unknown, deployments: readonly RoutingDeployment[], simulatorUrl: string): LoadedConfig {
  const tree = {
    server: { host: '127.0.0.1', port: 0 },
    auth: { keys: [] },
    providers: Object.fromEntries(deployments.map((deployment) => [deployment.name, { type: 'openai-compatible', base_url: simulatorUrl }])),
    models: [
      {
        name: routingGroupName,
        strategy,
        deployments: deployments.map((deployment) => ({
          provider: deployment.name,
          model: deployment.model,
          price: deployment.price,
          quality: deployment.quality,
          weight: deployment.weight,
          priority: deployment.priority,
        })),
      },
    ],
    routing: { circuit_breaker: { cooldown_ms: circuitCooldownMs } },
    logging: { level: 'silent' },
  };
  return parseConfig(tree, { baseDirectory: process.cwd(), environment: {} });
}
