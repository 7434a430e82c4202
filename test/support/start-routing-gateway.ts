import { createApp, type App } from '../../src/app.js';
import { TEST_DATABASE } from './one-attempt-routing.js';
import { parseConfig } from '../../src/config/load-config.js';
import type { RunningSimulator } from '../../src/simulator/start-simulator.js';
import { createLogger } from '../../src/telemetry/create-logger.js';

export interface RoutingGateway {
  url: string;
  app: App;
  /** POST /v1/chat/completions with a JSON body; answers the status, headers and parsed body. */
  chat(body: Record<string, unknown>, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; body: RoutedBody }>;
  close(): Promise<void>;
}

export interface RoutedBody {
  choices?: Array<{ message: { content: string | null } }>;
  error?: { message: string; type: string; code: string; skyroute_code: string; provider?: string };
  skyroute?: { trace: RouteTraceJson };
}

export interface RouteTraceJson {
  groups: Array<{ group: string; strategy: string; reason?: string; candidates: Array<{ deployment: string; score?: number; estimated_cost_usd?: number }> }>;
  filtered_out: Array<{ deployment: string; reason: string }>;
  attempts: Array<{ deployment: string; outcome: string; error?: { code: string } }>;
}

/**
 * A gateway whose only provider, `sim`, is the given simulator's OpenAI wire, with the model groups,
 * catalog entries, routing and state settings of the test. Several gateways may share one simulator
 * (and one Redis) to play replicas.
 */
export async function startRoutingGateway(simulator: RunningSimulator, tree: Record<string, unknown>): Promise<RoutingGateway> {
  const loaded = parseConfig(
    { database: TEST_DATABASE, ...tree, providers: { sim: { type: 'openai-compatible', base_url: simulator.baseUrls.openai }, ...(tree['providers'] as object | undefined) } },
    { baseDirectory: process.cwd(), environment: {} },
  );
  const app = await createApp({ loaded, environment: {}, logger: createLogger({ level: 'silent' }) });
  const url = await app.listen(0, '127.0.0.1');
  return {
    url,
    app,
    async chat(body, headers = {}) {
      const response = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ messages: [{ role: 'user', content: 'Say hello.' }], ...body }),
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as RoutedBody };
    },
    close: () => app.close(),
  };
}

/** A catalog entry for a simulated model, so the router knows its price, window and capabilities. */
export function simModel(name: string, fields: { input: number; output: number; context_window?: number; capabilities?: string[]; quality?: number }): Record<string, unknown> {
  return {
    id: `sim/${name}`,
    mode: 'chat',
    context_window: fields.context_window ?? 128_000,
    price: { input: fields.input, output: fields.output },
    capabilities: fields.capabilities ?? ['tools', 'json_schema'],
    ...(fields.quality === undefined ? {} : { quality: fields.quality }),
  };
}
