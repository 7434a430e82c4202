import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../config/config-error.js';
import { startSimulator } from '../simulator/start-simulator.js';
import type { ModelProfile } from '../simulator/model-profile.js';

/** `skyroute simulate`: the provider simulator on its own, until SIGTERM/SIGINT. */
export async function simulateCommand(options: { port: number; host: string; seed: number; profiles?: string }): Promise<void> {
  let profiles: Record<string, Partial<ModelProfile>> | undefined;
  if (options.profiles !== undefined) {
    try {
      profiles = parseYaml(readFileSync(options.profiles, 'utf8')) as Record<string, Partial<ModelProfile>>;
    } catch (error) {
      throw new ConfigError(`--profiles ${options.profiles}: ${(error as Error).message}`);
    }
  }
  const simulator = await startSimulator({ port: options.port, host: options.host, seed: options.seed, ...(profiles === undefined ? {} : { profiles }) });
  process.stderr.write(`Skyroute simulator on ${simulator.url} (OpenAI /v1, Anthropic /v1/messages, Gemini /v1beta, Vertex /v1/projects/…, Bedrock /model/…, Cohere /v2)\n`);
  const stop = (): void => {
    void simulator.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
