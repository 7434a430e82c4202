#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/config-error.js';
import { simulateCommand } from './simulate-command.js';
import { startCommand } from './start-command.js';

const HELP = `skyroute — one OpenAI-compatible endpoint in front of many LLM providers

Usage:
  skyroute start [--config FILE] [--port N] [--host ADDRESS] [--demo]
      Start the gateway. Without --config (or SKYROUTE_CONFIG), providers come from the
      usual key variables (OPENAI_API_KEY, GROQ_API_KEY, ARK_API_KEY, …); with none set,
      or with --demo, it serves simulated providers (sim/fast, sim/smart, sim/vision, sim/embed).
  skyroute simulate [--port N] [--host ADDRESS] [--seed N] [--profiles FILE]
      Run the provider simulator alone (OpenAI, Anthropic, Gemini/Vertex, Bedrock and Cohere wire formats; docs/simulator.md), e.g. as a benchmark upstream.
  skyroute --version | --help
`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return;
  }
  if (command === '--version' || command === '-v') {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`${pkg.version}\n`);
    return;
  }
  if (command === 'start') {
    const { values } = parseArgs({
      args: rest,
      options: { config: { type: 'string', short: 'c' }, port: { type: 'string', short: 'p' }, host: { type: 'string' }, demo: { type: 'boolean' } },
      strict: true,
    });
    await startCommand({
      ...(values.config === undefined ? {} : { config: values.config }),
      ...(values.port === undefined ? {} : { port: parsePort(values.port) }),
      ...(values.host === undefined ? {} : { host: values.host }),
      demo: values.demo === true,
    });
    return;
  }
  if (command === 'simulate') {
    const { values } = parseArgs({
      args: rest,
      options: { port: { type: 'string', short: 'p' }, host: { type: 'string' }, seed: { type: 'string' }, profiles: { type: 'string' } },
      strict: true,
    });
    await simulateCommand({
      port: values.port === undefined ? 4010 : parsePort(values.port),
      host: values.host ?? '127.0.0.1',
      seed: values.seed === undefined ? 42 : Number(values.seed),
      ...(values.profiles === undefined ? {} : { profiles: values.profiles }),
    });
    return;
  }
  throw new ConfigError(`unknown command "${command}"; run skyroute --help`);
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`--port: "${value}" is not a port number (0–65535)`);
  return port;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof ConfigError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? (error as Error).message : (error as Error).stack ?? String(error);
  process.stderr.write(`skyroute: ${message}\n`);
  process.exit(2);
});
