/**
 * The store at dashboard scale: fills the request log of a throwaway store (a temp SQLite file or a
 * fresh PostgreSQL schema, removed at the end) with a month of realistic traffic in batches of 1,000,
 * then times the queries a dashboard and the retention job make, median of several runs each, and
 * prints a Markdown table.
 *
 *   node --import tsx bench/store-queries.ts
 *
 * BENCH_STORE         sqlite (default) or postgres
 * BENCH_STORE_ROWS    rows to write (1,000,000)
 * BENCH_STORE_RUNS    timed runs per query (7), after one warm-up run
 * BENCH_STORE_PG_URL  postgres://postgres@127.0.0.1:5432/test
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { createSeededRandom } from '../src/simulator/create-seeded-random.js';
import { createStore } from '../src/store/create-store.js';
import type { RequestLogQuery, RequestLogRow, Store } from '../src/store/store-port.js';

const DAY_MS = 86_400_000;
const BATCH = 1_000;
const PAGE = 50;

interface Settings {
  database: 'sqlite' | 'postgres';
  rows: number;
  runs: number;
  postgresUrl: string;
}

function readSettings(environment: NodeJS.ProcessEnv): Settings {
  const integer = (name: string, fallback: number): number => {
    const raw = environment[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw.replaceAll('_', '').replaceAll(',', ''));
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name}: "${raw}" is not a whole number ≥ 1`);
    return value;
  };
  const database = environment.BENCH_STORE ?? 'sqlite';
  if (database !== 'sqlite' && database !== 'postgres') throw new Error(`BENCH_STORE: "${database}" is neither sqlite nor postgres`);
  return {
    database,
    rows: integer('BENCH_STORE_ROWS', 1_000_000),
    runs: integer('BENCH_STORE_RUNS', 7),
    postgresUrl: environment.BENCH_STORE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  };
}

/** The month of traffic: who calls, which models, what goes wrong. */
const KEYS = 500;
const TEAMS = 25;
const MODELS: Array<{ name: string; weight: number; deployments: string[]; inputNusdPerToken: number; outputNusdPerToken: number }> = [
  { name: 'gpt-4o-mini', weight: 30, deployments: ['openai/gpt-4o-mini', 'azure/gpt-4o-mini'], inputNusdPerToken: 150, outputNusdPerToken: 600 },
  { name: 'gpt-4o', weight: 12, deployments: ['openai/gpt-4o', 'azure/gpt-4o'], inputNusdPerToken: 2_500, outputNusdPerToken: 10_000 },
  { name: 'claude-sonnet', weight: 14, deployments: ['anthropic/claude-sonnet-4-5', 'bedrock/claude-sonnet-4-5'], inputNusdPerToken: 3_000, outputNusdPerToken: 15_000 },
  { name: 'claude-haiku', weight: 10, deployments: ['anthropic/claude-haiku-4-5'], inputNusdPerToken: 1_000, outputNusdPerToken: 5_000 },
  { name: 'gemini-flash', weight: 10, deployments: ['gemini/gemini-2.5-flash', 'vertex/gemini-2.5-flash'], inputNusdPerToken: 300, outputNusdPerToken: 2_500 },
  { name: 'gemini-pro', weight: 4, deployments: ['gemini/gemini-2.5-pro'], inputNusdPerToken: 1_250, outputNusdPerToken: 10_000 },
  { name: 'llama-70b', weight: 5, deployments: ['groq/llama-3.3-70b', 'together/llama-3.3-70b', 'fireworks/llama-3.3-70b'], inputNusdPerToken: 590, outputNusdPerToken: 790 },
  { name: 'mistral-large', weight: 3, deployments: ['mistral/mistral-large'], inputNusdPerToken: 2_000, outputNusdPerToken: 6_000 },
  { name: 'embed-small', weight: 8, deployments: ['openai/text-embedding-3-small'], inputNusdPerToken: 20, outputNusdPerToken: 0 },
  { name: 'o4-mini', weight: 2, deployments: ['openai/o4-mini'], inputNusdPerToken: 1_100, outputNusdPerToken: 4_400 },
  { name: 'auto', weight: 2, deployments: ['openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5', 'gemini/gemini-2.5-flash'], inputNusdPerToken: 500, outputNusdPerToken: 2_000 },
];
const ERRORS: Array<{ status: number; weight: number; code: string; message: string }> = [
  { status: 429, weight: 20, code: 'GW_ERR_LIMIT_RPM', message: 'Rate limit of 600 requests per minute reached for key; retry after 12 s' },
  { status: 502, weight: 8, code: 'GW_ERR_UPSTREAM_BAD_GATEWAY', message: 'upstream answered 502 Bad Gateway' },
  { status: 504, weight: 5, code: 'GW_ERR_UPSTREAM_TIMEOUT', message: 'upstream did not answer within 60 s' },
  { status: 400, weight: 10, code: 'GW_ERR_REQUEST_INVALID', message: 'messages[0].content: expected a string or an array of parts' },
  { status: 402, weight: 3, code: 'GW_ERR_BUDGET_EXCEEDED', message: 'the monthly budget of 50 USD of key app-17 is spent; it resets on the 1st' },
];

/** A weighted draw from `items`. */
function pick<Item extends { weight: number }>(items: Item[], random: () => number): Item {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let draw = random() * total;
  for (const item of items) if ((draw -= item.weight) < 0) return item;
  return items[items.length - 1]!;
}

/**
 * Row `index` of `count`, spread evenly over the 30 days before `end` (with jitter, as a log arrives):
 * key popularity is skewed (a few keys make most traffic), 96% succeed, 4% fail, 10% carry a trace.
 */
function makeRow(index: number, count: number, end: number, random: () => number): RequestLogRow {
  const at = Math.floor(end - 30 * DAY_MS + ((index + random()) * 30 * DAY_MS) / count);
  const keyNumber = Math.floor(KEYS * random() ** 3);
  const model = pick(MODELS, random);
  const deployment = model.deployments[Math.floor(random() * model.deployments.length)]!;
  const failed = random() < 0.04 ? pick(ERRORS, random) : undefined;
  const inputTokens = failed ? 0 : Math.floor(50 + 4_000 * random() ** 2);
  const outputTokens = failed || model.outputNusdPerToken === 0 ? 0 : Math.floor(10 + 800 * random() ** 2);
  const cachedInputTokens = random() < 0.3 ? Math.floor(inputTokens * 0.6) : 0;
  const row: RequestLogRow = {
    id: `req_${index.toString(36).padStart(6, '0')}_${Math.floor(random() * 2 ** 32).toString(36)}`,
    at,
    endpoint: model.name.startsWith('embed') ? 'embeddings' : random() < 0.15 ? 'messages' : 'chat',
    keyId: `key_${keyNumber}`,
    teamId: `team_${keyNumber % TEAMS}`,
    model: model.name,
    attempts: failed?.status === 502 ? 2 : 1,
    stream: random() < 0.6,
    status: failed?.status ?? 200,
    inputTokens,
    outputTokens,
    cachedInputTokens,
    cacheWriteInputTokens: 0,
    reasoningTokens: model.name === 'o4-mini' ? Math.floor(outputTokens / 2) : 0,
    costNusd: (inputTokens - cachedInputTokens) * model.inputNusdPerToken + Math.floor(cachedInputTokens * model.inputNusdPerToken * 0.25) + outputTokens * model.outputNusdPerToken,
    latencyMs: Math.floor(200 + 4_000 * random() ** 2),
  };
  if (failed?.status !== 400 && failed?.status !== 402 && failed?.status !== 429) {
    row.deployment = deployment;
    row.provider = deployment.split('/')[0]!;
    row.routeReason = `hybrid: ${deployment} scored ${(0.5 + random() / 2).toFixed(2)} of ${model.deployments.length}`;
  }
  if (row.stream && !failed) row.ttftMs = Math.floor(80 + 600 * random() ** 2);
  if (failed) {
    row.errorCode = failed.code;
    row.errorMessage = failed.message;
  }
  if (random() < 0.1) row.trace = { group: model.name, candidates: model.deployments.map((id) => ({ id, score: Math.round(random() * 100) / 100 })), attempts: [{ deployment, ok: !failed }] };
  return row;
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

interface Timing {
  name: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  rows: number;
}

/** One warm-up run, then `runs` timed ones; `rows` is what the last run answered. */
async function time(name: string, runs: number, run: (attempt: number) => Promise<number>): Promise<Timing> {
  await run(0);
  const durations: number[] = [];
  let rows = 0;
  for (let attempt = 1; attempt <= runs; attempt++) {
    const started = performance.now();
    rows = await run(attempt);
    durations.push(performance.now() - started);
  }
  return { name, medianMs: median(durations), minMs: Math.min(...durations), maxMs: Math.max(...durations), rows };
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const format = (milliseconds: number): string => (milliseconds < 10 ? milliseconds.toFixed(2) : milliseconds.toFixed(1));

async function main(): Promise<void> {
  const settings = readSettings(process.env);
  // The month ends at a fixed midnight, so every run writes the same rows.
  const end = Date.UTC(2025, 5, 1);
  const firstDay = new Date(end - 30 * DAY_MS).toISOString().slice(0, 10);
  const lastDay = new Date(end - DAY_MS).toISOString().slice(0, 10);

  const directory = settings.database === 'sqlite' ? mkdtempSync(join(tmpdir(), 'skyroute-bench-store-')) : undefined;
  const schema = settings.database === 'postgres' ? `bench_store_${randomBytes(4).toString('hex')}` : undefined;
  const file = directory === undefined ? undefined : join(directory, 'skyroute.db');
  const store: Store = await createStore(file ?? settings.postgresUrl, schema === undefined ? {} : { schema });
  try {
    log(`writing ${settings.rows.toLocaleString('en')} rows into ${settings.database} in batches of ${BATCH}…`);
    const random = createSeededRandom(42);
    const started = performance.now();
    for (let start = 0; start < settings.rows; start += BATCH) {
      const batch: RequestLogRow[] = [];
      for (let index = start; index < Math.min(start + BATCH, settings.rows); index++) batch.push(makeRow(index, settings.rows, end, random));
      await store.writeRequests(batch, { log: true });
      if ((start / BATCH) % 100 === 99) log(`  ${(start + BATCH).toLocaleString('en')} rows, ${Math.round((start + BATCH) / ((performance.now() - started) / 1000)).toLocaleString('en')} rows/s`);
    }
    const insertSeconds = (performance.now() - started) / 1000;
    const totalsRows = (await store.spendReport({ from: firstDay, to: lastDay, groupBy: ['day', 'key', 'team', 'model', 'provider', 'deployment'] })).length;
    const statsRows = await countStatsRows(file ?? settings.postgresUrl, schema, 'request_stats_minute');
    const hourlyRows = await countStatsRows(file ?? settings.postgresUrl, schema, 'request_stats_hourly');
    const size = file !== undefined ? statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0) : await postgresSize(settings.postgresUrl, schema!);

    // A key of middling traffic, a model on a mid-month day, a cursor 49 pages deep.
    const middleKey = 'key_100';
    const day = end - 15 * DAY_MS;
    let before: RequestLogQuery['before'];
    for (let page = 1; page < 50; page++) {
      const rows = await store.queryRequestLogs({ limit: PAGE, ...(before === undefined ? {} : { before }) });
      const last = rows[rows.length - 1]!;
      before = { at: last.at, id: last.id };
    }
    const cursor = before!;
    const list = (query: Omit<RequestLogQuery, 'limit'>) => async () => (await store.queryRequestLogs({ limit: PAGE, ...query })).length;
    const timings: Timing[] = [];
    const measure = async (name: string, run: (attempt: number) => Promise<number>) => {
      const timing = await time(name, settings.runs, run);
      log(`  ${name}: ${format(timing.medianMs)} ms`);
      timings.push(timing);
    };
    log('timing queries…');
    await measure('newest page (50 rows)', list({}));
    await measure(`page by key (${middleKey})`, list({ keyId: middleKey }));
    await measure('page by model over one day (claude-sonnet)', list({ model: 'claude-sonnet', from: day, to: day + DAY_MS }));
    await measure('page by status = error', list({ status: 'error' }));
    await measure('page by key and status = error', list({ keyId: middleKey, status: 'error' }));
    await measure('page 50 via `before`', list({ before: cursor }));
    await measure('search "bad gateway" over one day', list({ search: 'bad gateway', from: day, to: day + DAY_MS }));
    await measure('spend report, 30 days by day', async () => (await store.spendReport({ from: firstDay, to: lastDay, groupBy: ['day'] })).length);
    await measure('spend report, 30 days by key', async () => (await store.spendReport({ from: firstDay, to: lastDay, groupBy: ['key'] })).length);
    await measure(`spendSince (a budget check, ${middleKey}, 30 days)`, async () => ((await store.spendSince({ keyId: middleKey }, firstDay)) > 0 ? 1 : 0));
    // The dashboard's charts (GET /admin/stats), with the window's bucket: unfiltered or by model, 7 and 30
    // days read the hourly statistics; by key or team, and 1 h and 24 h, the per-minute ones.
    const statsOver = (days: number, bucketMs: number, filter: Omit<Parameters<Store['requestStats']>[0], 'from' | 'to' | 'bucketMs'> = {}) => async () =>
      (await store.requestStats({ from: end - days * DAY_MS, to: end, bucketMs, ...filter })).length;
    await measure('stats 1 h by minute', statsOver(1 / 24, 60_000));
    await measure('stats 24 h by 15 minutes', statsOver(1, 15 * 60_000));
    await measure('stats 7 days by hour', statsOver(7, 3_600_000));
    await measure('stats 30 days by day', statsOver(30, DAY_MS));
    await measure(`stats 30 days by day, one key (${middleKey})`, statsOver(30, DAY_MS, { keyIds: [middleKey] }));
    await measure('stats 30 days by day, one model (claude-sonnet)', statsOver(30, DAY_MS, { models: ['claude-sonnet'] }));
    await measure('stats 24 h by 15 minutes, one team', statsOver(1, 15 * 60_000, { teamIds: ['team_3'] }));
    // GET /admin/stats/dimensions' windows end on the next bucket of the window's default size: a day
    // for 30 days, an hour for 7 (here 30 minutes past a whole day, so both ends are part days), 15 minutes for 24 h.
    const dimensionsOver = (from: number, to: number) => async () => {
      const dimensions = await store.requestStatsDimensions({ from, to });
      return dimensions.models.length + dimensions.keys.length;
    };
    await measure('stats dimensions, 30 days', dimensionsOver(end - 30 * DAY_MS, end));
    await measure('stats dimensions, 7 days', dimensionsOver(end - 7 * DAY_MS - 10 * 3_600_000, end - 10 * 3_600_000));
    await measure('stats dimensions, 24 h', dimensionsOver(end - DAY_MS - 30 * 60_000, end - 30 * 60_000));
    // Each run deletes the next 5,000 of the oldest rows (all of them from the first days of the month).
    await measure('retention: delete one chunk of 5,000', () => store.deleteRequestLogsBefore(end - 25 * DAY_MS, 5_000));
    await measure('retention: delete one chunk of statistics (about 5,000 rows)', () => store.deleteRequestStatsBefore(end - 25 * DAY_MS, 5_000));

    const lines = [
      `### Store queries: ${settings.database}, ${settings.rows.toLocaleString('en')} request-log rows`,
      '',
      `Insert: ${Math.round(settings.rows / insertSeconds).toLocaleString('en')} rows/s (${insertSeconds.toFixed(1)} s, batches of ${BATCH} through writeRequests with the daily totals, 10% with a trace). ` +
        `Size on disk: ${(size / 1024 / 1024).toFixed(0)} MB; the daily totals hold ${totalsRows.toLocaleString('en')} rows, the per-minute statistics ${statsRows.toLocaleString('en')}, the hourly ${hourlyRows.toLocaleString('en')}. Each query: median of ${settings.runs} runs after one warm-up.`,
      '',
      '| query | median ms | min ms | max ms | rows |',
      '|---|---:|---:|---:|---:|',
      ...timings.map((timing) => `| ${timing.name} | ${format(timing.medianMs)} | ${format(timing.minMs)} | ${format(timing.maxMs)} | ${timing.rows.toLocaleString('en')} |`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await store.close();
    if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
    if (schema !== undefined) await dropSchema(settings.postgresUrl, schema);
  }
}

async function withClient<Result>(url: string, work: (client: pg.Client) => Promise<Result>): Promise<Result> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function postgresSize(url: string, schema: string): Promise<number> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ size: string }>(
      `select coalesce(sum(pg_total_relation_size(c.oid)), 0) as size from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relkind = 'r'`,
      [schema],
    );
    return Number(rows[0]?.size ?? 0);
  });
}

/** Rows of a statistics table, counted on a connection of its own (the Store port has no count). */
async function countStatsRows(target: string, schema: string | undefined, table: 'request_stats_minute' | 'request_stats_hourly'): Promise<number> {
  if (schema !== undefined) {
    return withClient(target, async (client) => Number((await client.query<{ count: string }>(`select count(*) as count from "${schema}".${table}`)).rows[0]?.count ?? 0));
  }
  const database = new BetterSqlite3(target, { readonly: true });
  try {
    return (database.prepare(`select count(*) as count from ${table}`).get() as { count: number }).count;
  } finally {
    database.close();
  }
}

function dropSchema(url: string, schema: string): Promise<void> {
  return withClient(url, async (client) => void (await client.query(`drop schema if exists "${schema}" cascade`)));
}

await main();
