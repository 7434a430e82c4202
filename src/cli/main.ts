#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/config-error.js';
import { ADMIN_COMMANDS, runAdminCommand } from './admin/run-admin-command.js';

const HELP = `skyroute — one OpenAI-compatible endpoint in front of many LLM providers

Usage:
  skyroute start [--config FILE] [--port N] [--host ADDRESS] [--demo] [--workers N]
      Start the gateway. Without --config (or SKYROUTE_CONFIG), providers come from the
      usual key variables (OPENAI_API_KEY, GROQ_API_KEY, ARK_API_KEY, …); with none set,
      or with --demo, it serves simulated providers (sim/fast, sim/smart, sim/vision, sim/embed).
      --workers N runs N processes on the port (use one per core; limits and budgets then need state.backend: redis).
  skyroute simulate [--port N] [--host ADDRESS] [--seed N] [--profiles FILE]
      Run the provider simulator alone (OpenAI, Anthropic, Gemini/Vertex, Bedrock and Cohere wire formats; docs/simulator.md), e.g. as a benchmark upstream.
  skyroute keys create|list|get|update|revoke|rotate …
      Virtual keys: skyroute keys create --name app1 --budget 50/month --rpm 600 --models chat,embed
      prints the new key on its first line. skyroute keys --help for the rest.
  skyroute teams create|list|get|update|delete …     Teams and their shared limits.
  skyroute credentials set|list|get|delete …         Provider credentials, stored encrypted.
  skyroute spend [--from DAY --to DAY --by day,key]  Spend and usage reports.
  skyroute stats [--window 24h --model M --key ID]   Requests, errors, spend and latency over time.
  skyroute logs [--key ID --model M --status error] | logs get ID   The request log.
      These talk to a running gateway's admin API: --url URL (or SKYROUTE_URL, default
      http://127.0.0.1:4000), --master-key KEY (or SKYROUTE_MASTER_KEY), --json for the API's JSON.
  skyroute router train --data DIR|FILE.jsonl --out router.json [--seed N] [--train-size N] [--margin X]
      Train the learned router (router.json) on RouteLLM's data (protocol B's training set) or your own JSON lines.
  skyroute router eval --data DIR --protocol B|C [--seeds 0-4] [--json] [--scores-out FILE] [--resamples N]
      RouteLLM's metrics (APGR, CPT(50%), CPT(80%), cost at 95%) with bootstrap intervals, beside the
      random, prompt-length and oracle baselines (docs/learned-routing.md).
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
      options: { config: { type: 'string', short: 'c' }, port: { type: 'string', short: 'p' }, host: { type: 'string' }, demo: { type: 'boolean' }, workers: { type: 'string', short: 'w' } },
      strict: true,
    });
    // Loaded on demand: the admin commands should not pay for loading the whole gateway.
    const { startCommand } = await import('./start-command.js');
    await startCommand({
      ...(values.config === undefined ? {} : { config: values.config }),
      ...(values.port === undefined ? {} : { port: parsePort(values.port) }),
      ...(values.host === undefined ? {} : { host: values.host }),
      demo: values.demo === true,
      ...(values.workers === undefined ? {} : { workers: parseWorkers(values.workers) }),
    });
    return;
  }
  if (ADMIN_COMMANDS.has(command)) {
    const io = { env: process.env, now: Date.now, out: (text: string) => void process.stdout.write(text), err: (text: string) => void process.stderr.write(text) };
    process.exitCode = await runAdminCommand(command, rest, io);
    return;
  }
  if (command === 'router') {
    // Loaded on demand: training pulls in the router model and the evaluation data readers.
    const { runRouterCommand } = await import('./router/run-router-command.js');
    process.exitCode = runRouterCommand(rest, { out: (text) => void process.stdout.write(text), err: (text) => void process.stderr.write(text) });
    return;
  }
  if (command === 'simulate') {
    const { values } = parseArgs({
      args: rest,
      options: { port: { type: 'string', short: 'p' }, host: { type: 'string' }, seed: { type: 'string' }, profiles: { type: 'string' } },
      strict: true,
    });
    const { simulateCommand } = await import('./simulate-command.js');
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

function parseWorkers(value: string): number {
  const workers = Number(value);
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) throw new ConfigError(`--workers: "${value}" is not a worker count (1–256; one per core is usual)`);
  return workers;
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
