import { createApp, type App } from '../../src/app.js';
import { buildDemoConfig } from '../../src/config/demo-config.js';
import type { ModelProfile } from '../../src/simulator/model-profile.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/start-simulator.js';
import { createLogger } from '../../src/telemetry/create-logger.js';

export interface TestGateway {
  url: string;
  app: App;
  simulator: RunningSimulator;
  close(): Promise<void>;
}

/** A real gateway (HTTP on an ephemeral port) in front of a real simulator, as the demo wires them. */
export async function startTestGateway(
  options: { tree?: Record<string, unknown>; profiles?: Record<string, Partial<ModelProfile>>; seed?: number } = {},
): Promise<TestGateway> {
  const simulator = await startSimulator({ seed: options.seed ?? 7, ...(options.profiles === undefined ? {} : { profiles: options.profiles }) });
  const loaded = buildDemoConfig(simulator.url, { baseDirectory: process.cwd(), environment: {}, ...(options.tree === undefined ? {} : { tree: options.tree }) });
  const app = createApp({ loaded, environment: {}, logger: createLogger({ level: 'silent' }) });
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
