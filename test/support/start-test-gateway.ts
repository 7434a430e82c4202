import { createApp, type App } from '../../src/app.js';
import { TEST_DATABASE } from './one-attempt-routing.js';
import { buildDemoConfig, DEMO_CATALOG } from '../../src/config/demo-config.js';
import { parseConfig } from '../../src/config/load-config.js';
import type { ModelProfile } from '../../src/simulator/model-profile.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/start-simulator.js';
import { createLogger } from '../../src/telemetry/create-logger.js';

export interface TestGateway {
  url: string;
  app: App;
  simulator: RunningSimulator;
  close(): Promise<void>;
}

/** The key an Anthropic-wire simulator requires, and the gateway's `sim` provider sends. */
export const SIMULATOR_ANTHROPIC_KEY = 'sk-ant-simulator-test-key';

export interface TestGatewayOptions {
  tree?: Record<string, unknown>;
  profiles?: Record<string, Partial<ModelProfile>>;
  seed?: number;
  /**
   * The wire the gateway's `sim` provider speaks to the simulator: `openai` (the demo's
   * openai-compatible provider, the default) or `anthropic` (a `type: anthropic` provider on the
   * simulator's Anthropic base URL, with a key the simulator checks). Either way the demo catalog
   * describes the `sim/*` models.
   */
  upstream?: 'openai' | 'anthropic';
}

/**
 * Routing for suites that check how one upstream error reaches the client, request after request on
 * the same simulated model: circuits never open, so one test's deliberate failures do not close the
 * model to the next test. Retries and failover stay on. Routing's own behaviour has its own suites.
 */
export const NO_CIRCUIT_BREAKER = { circuit_breaker: { consecutive_failures: 0, min_requests: 1_000_000 } };

/** A real gateway (HTTP on an ephemeral port) in front of a real simulator, as the demo wires them. */
export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const anthropic = options.upstream === 'anthropic';
  const simulator = await startSimulator({
    seed: options.seed ?? 7,
    ...(options.profiles === undefined ? {} : { profiles: options.profiles }),
    ...(anthropic ? { apiKey: SIMULATOR_ANTHROPIC_KEY } : {}),
  });
  const configOptions = { baseDirectory: process.cwd(), environment: {} };
  const loaded = anthropic
    ? parseConfig(
        {
          database: TEST_DATABASE,
          ...options.tree,
          providers: { sim: { type: 'anthropic', base_url: simulator.baseUrls.anthropic, api_key: SIMULATOR_ANTHROPIC_KEY } },
          catalog: { models: DEMO_CATALOG },
        },
        configOptions,
      )
    : buildDemoConfig(simulator.url, { ...configOptions, tree: { database: TEST_DATABASE, ...options.tree } });
  const app = await createApp({ loaded, environment: {}, logger: createLogger({ level: 'silent' }) });
  const url = await app.listen(0, '127.0.0.1');
  return {
    url,
    app,
    simulator,
    async close() {
      await app.close();
      await simulator.close();
    },
  };
}
