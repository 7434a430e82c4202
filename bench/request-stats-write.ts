/**
 * What the request statistics add to a request-log batch on SQLite: the in-memory aggregation
 * (minuteStats) and the upserts into request_stats_minute, then the fold into hours (hourlyStats) and
 * the upserts into request_stats_hourly, each timed alone inside an immediate transaction the way
 * sqlite-request-writer.ts runs them, beside the whole Store.writeRequests of the same batches for scale. A file store in a temp directory (WAL, synchronous NORMAL, as the gateway
 * opens it), 500-row batches, three traffic shapes:
 *
 * - few groups: one key, three models, all rows of a batch in one or two minutes (a service calling the gateway);
 * - mixed: bench/store-queries' month of traffic compressed to 3,000 requests a minute (500 keys with
 *   skewed popularity, 11 model groups, 19 deployments): many groups per minute;
 * - all distinct: every row of a batch its own group (its own key): the worst case, one upsert per row.
 *
 * Then the same shapes on PostgreSQL: the whole writeRequests with both statistics tables, with the
 * minute table only, and without statistics.
 *
 *   node --import tsx bench/request-stats-write.ts
 *
 * BENCH_STATS_BATCHES           SQLite batches per shape (200), the first 20 a warm-up
 * BENCH_STATS_POSTGRES_BATCHES  PostgreSQL batches per shape (80); BENCH_STATS_POSTGRES=0 skips PostgreSQL
 * BENCH_STORE_PG_URL            postgres://postgres@127.0.0.1:5432/test
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { createSeededRandom } from '../src/simulator/create-seeded-random.js';
import { createStore } from '../src/store/create-store.js';
import type { Database } from '../src/store/database-schema.js';
import { KyselyStore } from '../src/store/kysely-store.js';
import { postgresNumberTypes } from '../src/store/postgres/postgres-number-types.js';
import { postgresStatsUpsert } from '../src/store/postgres/postgres-stats-upsert.js';
import { writeRequests, type StatsUpsert } from '../src/store/write-requests.js';
import { hourlyStats, minuteStats } from '../src/store/request-stats-rows.js';
import { openSqliteDatabase } from '../src/store/sqlite/open-sqlite-database.js';
import { sqliteStatsUpsert } from '../src/store/sqlite/sqlite-stats-upsert.js';
import type { RequestLogRow } from '../src/store/store-port.js';

const BATCH = 500;
const WARM_UP = 20;
const BATCHES = Number(process.env.BENCH_STATS_BATCHES ?? 200);
const POSTGRES_BATCHES = Number(process.env.BENCH_STATS_POSTGRES_BATCHES ?? 80);
const POSTGRES_URL = process.env.BENCH_STORE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const START = Date.UTC(2025, 5, 1);

const MODELS = [
  { name: 'gpt-4o-mini', deployments: ['openai/gpt-4o-mini', 'azure/gpt-4o-mini'] },
  { name: 'gpt-4o', deployments: ['openai/gpt-4o', 'azure/gpt-4o'] },
  { name: 'claude-sonnet', deployments: ['anthropic/claude-sonnet-4-5', 'bedrock/claude-sonnet-4-5'] },
  { name: 'claude-haiku', deployments: ['anthropic/claude-haiku-4-5'] },
  { name: 'gemini-flash', deployments: ['gemini/gemini-2.5-flash', 'vertex/gemini-2.5-flash'] },
  { name: 'gemini-pro', deployments: ['gemini/gemini-2.5-pro'] },
  { name: 'llama-70b', deployments: ['groq/llama-3.3-70b', 'together/llama-3.3-70b', 'fireworks/llama-3.3-70b'] },
  { name: 'mistral-large', deployments: ['mistral/mistral-large'] },
  { name: 'embed-small', deployments: ['openai/text-embedding-3-small'] },
  { name: 'o4-mini', deployments: ['openai/o4-mini'] },
  { name: 'auto', deployments: ['openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5', 'gemini/gemini-2.5-flash'] },
];

type Shape = 'few groups' | 'mixed' | 'all distinct';

/** Row `index` of a shape; `perMinute` rows start in each minute. */
function makeRow(shape: Shape, index: number, random: () => number): RequestLogRow {
  const perMinute = shape === 'few groups' ? 400 : 3_000;
  const at = START + Math.floor((index * 60_000) / perMinute);
  const keyNumber = shape === 'all distinct' ? index : shape === 'mixed' ? Math.floor(500 * random() ** 3) : 0;
  const model = shape === 'few groups' ? MODELS[index % 3]! : MODELS[Math.floor(random() * MODELS.length)]!;
  const deployment = shape === 'few groups' ? model.deployments[0]! : model.deployments[Math.floor(random() * model.deployments.length)]!;
  const failed = random() < 0.04;
  const stream = random() < 0.6;
  const row: RequestLogRow = {
    id: `req_${shape.replace(' ', '_')}_${String(index).padStart(8, '0')}`,
    at,
    endpoint: 'chat',
    keyId: `key_${keyNumber}`,
    teamId: `team_${keyNumber % 25}`,
    model: model.name,
    deployment,
    provider: deployment.split('/')[0]!,
    attempts: 1,
    stream,
    status: failed ? 502 : 200,
    inputTokens: Math.floor(50 + 4_000 * random() ** 2),
    outputTokens: Math.floor(10 + 800 * random() ** 2),
    cachedInputTokens: 0,
    cacheWriteInputTokens: 0,
    reasoningTokens: 0,
    costNusd: Math.floor(1_000_000 * random()),
    latencyMs: Math.floor(200 + 4_000 * random() ** 2),
  };
  if (stream && !failed) row.ttftMs = Math.floor(80 + 600 * random() ** 2);
  return row;
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function measure(shape: Shape): Promise<{ groups: number; hourGroups: number; aggregateNs: number; statsUs: number; hourlyUs: number; writeUs: number }> {
  const directory = mkdtempSync(join(tmpdir(), 'skyroute-bench-stats-'));
  try {
    // The whole write goes to one file; the statistics alone to another, so that they meet the table as
    // the writer does (inserts where a group is new, updates where it is not).
    const store = await createStore(join(directory, 'full.db'));
    const statsFile = join(directory, 'stats.db');
    await (await createStore(statsFile)).close();
    const database = await openSqliteDatabase(statsFile);
    const upsertMinute = sqliteStatsUpsert(database, 'request_stats_minute');
    const upsertHour = sqliteStatsUpsert(database, 'request_stats_hourly');
    const random = createSeededRandom(42);
    const aggregate: number[] = [];
    const stats: number[] = [];
    const hourly: number[] = [];
    const write: number[] = [];
    let groups = 0;
    let hourGroups = 0;
    let index = 0;
    for (let batchNumber = 0; batchNumber < BATCHES; batchNumber++) {
      const batch: RequestLogRow[] = [];
      for (let row = 0; row < BATCH; row++) batch.push(makeRow(shape, index++, random));
      // The whole write, as the gateway makes it (log rows, totals and statistics).
      let started = process.hrtime.bigint();
      await store.writeRequests(batch, { log: true });
      const writeNs = Number(process.hrtime.bigint() - started);
      // The statistics' part alone.
      started = process.hrtime.bigint();
      const aggregated = minuteStats(batch);
      const aggregateNs = Number(process.hrtime.bigint() - started);
      started = process.hrtime.bigint();
      const minutes = minuteStats(batch);
      database.transaction(() => {
        for (const group of minutes) upsertMinute([group.minute, group.model, group.provider, group.deployment, group.keyId, group.teamId], group);
      }).immediate();
      const statsNs = Number(process.hrtime.bigint() - started);
      // The hourly table's part alone: the fold of those minute groups and its upserts.
      started = process.hrtime.bigint();
      const hours = hourlyStats(minutes);
      database.transaction(() => {
        for (const group of hours) upsertHour([group.hour, group.model, group.provider, group.deployment], group);
      }).immediate();
      const hourlyNs = Number(process.hrtime.bigint() - started);
      if (batchNumber < WARM_UP) continue;
      groups += aggregated.length;
      hourGroups += hours.length;
      aggregate.push(aggregateNs / BATCH);
      stats.push(statsNs / BATCH / 1000);
      hourly.push(hourlyNs / BATCH / 1000);
      write.push(writeNs / BATCH / 1000);
    }
    database.close();
    await store.close();
    return {
      groups: groups / (BATCHES - WARM_UP),
      hourGroups: hourGroups / (BATCHES - WARM_UP),
      aggregateNs: median(aggregate),
      statsUs: median(stats),
      hourlyUs: median(hourly),
      writeUs: median(write),
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/**
 * PostgreSQL: the whole writeRequests of the same batches into three fresh schemas, one store writing
 * both statistics tables (postgres-stats-upsert.ts), one the minute table only, one whose StatsUpsert
 * does nothing; the differences are what each costs. Batches go to the three in turn, so all see the same load.
 */
async function measurePostgres(shape: Shape): Promise<{ withUs: number; minuteOnlyUs: number; withoutUs: number }> {
  const schemas = Array.from({ length: 3 }, () => `bench_stats_${randomBytes(4).toString('hex')}`);
  const pools: pg.Pool[] = [];
  try {
    const stores = [];
    for (const [index, schema] of schemas.entries()) {
      await (await createStore(POSTGRES_URL, { schema })).close();
      const pool = new pg.Pool({ connectionString: POSTGRES_URL, types: postgresNumberTypes, options: `-c search_path=${schema}` });
      pools.push(pool);
      const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
      const upsert: StatsUpsert =
        index === 0 ? postgresStatsUpsert : index === 1 ? (transaction, minutes) => postgresStatsUpsert(transaction, minutes, []) : async () => undefined;
      stores.push(new KyselyStore(db, 'postgres', (database, rows, options) => writeRequests(database, rows, options, upsert)));
    }
    const random = createSeededRandom(42);
    const times: number[][] = [[], [], []];
    let index = 0;
    for (let batchNumber = 0; batchNumber < POSTGRES_BATCHES; batchNumber++) {
      const batch: RequestLogRow[] = [];
      for (let row = 0; row < BATCH; row++) batch.push(makeRow(shape, index++, random));
      for (const [which, store] of stores.entries()) {
        const started = process.hrtime.bigint();
        await store.writeRequests(batch, { log: true });
        if (batchNumber >= WARM_UP) times[which]!.push(Number(process.hrtime.bigint() - started) / BATCH / 1000);
      }
    }
    return { withUs: median(times[0]!), minuteOnlyUs: median(times[1]!), withoutUs: median(times[2]!) };
  } finally {
    await Promise.all(pools.map((pool) => pool.end()));
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  }
}

console.log(`node ${process.version}; SQLite file (WAL), ${BATCH}-row batches, median of ${BATCHES - WARM_UP} batches per shape after ${WARM_UP} warm-up`);
console.log('| shape | minute groups per batch | hour groups per batch | aggregation ns/row | minute statistics (aggregation + upserts) µs/row | hourly statistics (fold + upserts) µs/row | whole writeRequests µs/row |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const shape of ['few groups', 'mixed', 'all distinct'] as const) {
  const result = await measure(shape);
  console.log(
    `| ${shape} | ${result.groups.toFixed(0)} | ${result.hourGroups.toFixed(0)} | ${result.aggregateNs.toFixed(0)} | ${result.statsUs.toFixed(2)} | ${result.hourlyUs.toFixed(2)} | ${result.writeUs.toFixed(2)} |`,
  );
}
if (process.env.BENCH_STATS_POSTGRES !== '0') {
  console.log(`\nPostgreSQL (${POSTGRES_URL}), whole writeRequests, median of ${POSTGRES_BATCHES - WARM_UP} batches per shape after ${WARM_UP} warm-up`);
  console.log('| shape | both tables µs/row | minute table only µs/row | without statistics µs/row | statistics µs/row | of which hourly µs/row |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const shape of ['few groups', 'mixed', 'all distinct'] as const) {
    const result = await measurePostgres(shape);
    console.log(
      `| ${shape} | ${result.withUs.toFixed(1)} | ${result.minuteOnlyUs.toFixed(1)} | ${result.withoutUs.toFixed(1)} | ${(result.withUs - result.withoutUs).toFixed(1)} | ${(result.withUs - result.minuteOnlyUs).toFixed(1)} |`,
    );
  }
}
