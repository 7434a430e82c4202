import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createStore } from '../create-store.js';
import type { Database } from '../database-schema.js';
import { migrateStore } from '../migrate-store.js';
import { postgresNumberTypes } from './postgres-number-types.js';
import { storeMigrations } from '../migrations/store-migrations.js';
import { initialSchema } from '../migrations/0001-initial-schema.js';
import { hourlyBackfillConformance } from '../hourly-backfill-conformance.js';
import { storeConformance } from '../store-conformance.js';

const URL_ = 'postgres://postgres@127.0.0.1:5432/test';
/** One prefix per run; every store gets its own schema under it, and all of them are dropped at the end. */
const runPrefix = `store_test_${randomBytes(4).toString('hex')}`;
const schemas: string[] = [];
function newSchema(): string {
  const schema = `${runPrefix}_${schemas.length + 1}`;
  schemas.push(schema);
  return schema;
}

async function withClient<Result>(work: (client: pg.Client) => Promise<Result>): Promise<Result> {
  const client = new pg.Client({ connectionString: URL_ });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

after(() => withClient(async (client) => {
  for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
}));

storeConformance('postgres', () => createStore(URL_, { schema: newSchema() }));

describe('PostgreSQL store beyond the shared contract', () => {
  hourlyBackfillConformance('postgres', async () => {
    const schema = newSchema();
    await withClient((client) => client.query(`create schema "${schema}"`));
    const pool = new pg.Pool({ connectionString: URL_, types: postgresNumberTypes, options: `-c search_path=${schema}` });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, migrate: (migrations) => migrateStore(db, { kind: 'postgres', schema, migrations }) };
  });

  test('stores created at once on one new schema all come up; the migrations ran once', async () => {
    const schema = newSchema();
    const stores = await Promise.all(Array.from({ length: 4 }, () => createStore(URL_, { schema })));
    try {
      assert.ok(stores.every((store) => store.kind === 'postgres'));
      await stores[0]!.insertTeam({ id: 't', name: 'shared', limits: {}, metadata: {}, createdAt: 1, updatedAt: 1 });
      for (const store of stores) assert.equal((await store.getTeam('t'))?.name, 'shared');
      const executed = await withClient((client) => client.query(`select name from "${schema}".skyroute_migrations`));
      assert.deepEqual(executed.rows, Object.keys(storeMigrations).map((name) => ({ name })));
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  test('replicas writing batches into the same statistics rows at once: every request counts once, none deadlocks', async () => {
    const schema = newSchema();
    const stores = await Promise.all(Array.from({ length: 4 }, () => createStore(URL_, { schema })));
    try {
      const minute = Date.UTC(2025, 0, 15, 12);
      // Each replica writes 5 batches of 60 rows over the same 3 keys × 2 models × 2 minutes, in its own order.
      const batch = (replica: number, number: number) =>
        Array.from({ length: 60 }, (_, index) => ({
          id: `r${replica}-${number}-${index}`,
          at: minute + ((index * 7 + replica) % 2) * 60_000 + index,
          endpoint: 'chat' as const,
          keyId: `key-${(index + replica) % 3}`,
          model: index % 2 === 0 ? 'chat' : 'embed',
          attempts: 1,
          stream: false,
          status: 200,
          inputTokens: 1,
          outputTokens: 0,
          cachedInputTokens: 0,
          cacheWriteInputTokens: 0,
          reasoningTokens: 0,
          costNusd: 3,
          latencyMs: 10 + replica,
        }));
      await Promise.all(stores.map(async (store, replica) => {
        for (let number = 0; number < 5; number++) await store.writeRequests(replica % 2 === 0 ? batch(replica, number) : batch(replica, number).reverse(), { log: true });
      }));
      const [total] = await stores[0]!.requestStats({ from: minute, to: minute + 120_000, bucketMs: 120_000 });
      assert.equal(total?.requests, 4 * 5 * 60);
      assert.equal(total?.costNusd, 4 * 5 * 60 * 3);
      assert.equal(total?.latency.count, 4 * 5 * 60);
      assert.equal(total?.latency.sumMs, 5 * 60 * (10 + 11 + 12 + 13));
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  test('bigint and numeric come back as numbers through the store, and pg\'s global parsers are left alone', async (context) => {
    const store = await createStore(URL_, { schema: newSchema() });
    context.after(() => store.close());
    await store.writeRequests([{ id: 'r', at: Date.UTC(2025, 0, 1), endpoint: 'chat', model: 'm', attempts: 1, stream: false, status: 200, inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, cacheWriteInputTokens: 0, reasoningTokens: 0, costNusd: 5_000_000_000_123, latencyMs: 1 }], { log: true });
    assert.strictEqual(await store.spendSince({}, undefined), 5_000_000_000_123);
    assert.strictEqual((await store.getRequestLog('r'))?.costNusd, 5_000_000_000_123);
    // int8 (20) and numeric (1700) still parse to strings for every other pg user in the process.
    assert.strictEqual(pg.types.getTypeParser(20, 'text')('12'), '12');
    assert.strictEqual(pg.types.getTypeParser(1700, 'text')('1.5'), '1.5');
    const fresh = await withClient((client) => client.query<{ value: unknown }>('select 12::int8 as value'));
    assert.strictEqual(fresh.rows[0]?.value, '12');
  });

  test('without a schema option the tables go into the current schema, the migration table with them', async () => {
    const schema = newSchema();
    await withClient((client) => client.query(`create schema "${schema}"`));
    // search_path set by the URL: the store must find that schema itself.
    const store = await createStore(`${URL_}?options=${encodeURIComponent(`-c search_path=${schema}`)}`);
    try {
      await store.putCredential({ name: 'c', provider: 'p', ciphertext: 'x', hint: 'h', createdAt: 1, updatedAt: 1 });
      const tables = await withClient((client) =>
        client.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = $1 order by table_name`, [schema]),
      );
      assert.deepEqual(
        tables.rows.map((row) => row.table_name),
        ['credentials', 'request_feedback', 'request_log_details', 'request_logs', 'request_stats_hourly', 'request_stats_minute', 'skyroute_migration_lock', 'skyroute_migrations', 'spend_daily', 'teams', 'virtual_keys'],
      );
    } finally {
      await store.close();
    }
  });

  test('a failing migration is named in the error and leaves nothing applied', async () => {
    const schema = newSchema();
    await withClient((client) => client.query(`create schema "${schema}"`));
    const pool = new pg.Pool({ connectionString: URL_, options: `-c search_path=${schema}` });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    try {
      const broken = { up: async (migration: Parameters<typeof initialSchema.up>[0]) => void (await sql`select * from no_such_table`.execute(migration)) };
      await assert.rejects(
        migrateStore(db, { kind: 'postgres', schema, migrations: { '0001-initial-schema': initialSchema, '0002-broken': broken } }),
        new RegExp(`store migration "0002-broken" failed on PostgreSQL \\(schema "${schema}"\\): relation "no_such_table" does not exist\\. Nothing of this run was applied`),
      );
      const { rows } = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = ${schema} and table_name = 'teams'`.execute(db);
      assert.deepEqual(rows, []);
    } finally {
      await db.destroy();
    }
    const store = await createStore(URL_, { schema });
    assert.deepEqual(await store.listTeams(), []);
    await store.close();
  });

  test('an unreachable server and a bad schema name are refused with messages that say what to check (and no password)', async () => {
    await assert.rejects(createStore('postgres://postgres:hunter2@127.0.0.1:1/test', { schema: newSchema() }), (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.match(error.message, /could not prepare the PostgreSQL store at postgres:\/\/postgres@127\.0\.0\.1:1\/test: .*ECONNREFUSED.*Check the database URL and that the server is up/);
      assert.doesNotMatch(error.message, /hunter2/);
      return true;
    });
    await assert.rejects(createStore(URL_, { schema: 'Bad-Name' }), /schema "Bad-Name" is not a plain name: use lower-case letters/);
    await assert.rejects(createStore(`${URL_}?options=-c%20search_path%3Dother`, { schema: newSchema() }), /sets "options" and a store schema is set too/);
  });
});
