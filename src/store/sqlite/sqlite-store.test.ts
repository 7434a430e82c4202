import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Kysely, sql, SqliteDialect } from 'kysely';
import { createStore } from '../create-store.js';
import type { Database } from '../database-schema.js';
import { storeMigrations } from '../migrations/store-migrations.js';
import { initialSchema } from '../migrations/0001-initial-schema.js';
import { KyselyStore } from '../kysely-store.js';
import { migrateStore } from '../migrate-store.js';
import { hourlyBackfillConformance } from '../hourly-backfill-conformance.js';
import { requestStatsConformance } from '../request-stats-conformance.js';
import { storeConformance } from '../store-conformance.js';
import { createSqliteStore } from './create-sqlite-store.js';
import { openSqliteDatabase } from './open-sqlite-database.js';

const directory = mkdtempSync(join(tmpdir(), 'skyroute-sqlite-store-'));
after(() => rmSync(directory, { recursive: true, force: true }));
let files = 0;
const nextFile = () => join(directory, `store-${++files}.db`);

storeConformance('sqlite file', () => createStore(nextFile()));
storeConformance('sqlite :memory:', () => createStore(':memory:'));

// The query builder's writeRequests (the portable reference the PostgreSQL store builds on) writes the same statistics.
describe("Request statistics through the query builder's writer", () => {
  requestStatsConformance(async (context) => {
    const database = await openSqliteDatabase(':memory:');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
    await migrateStore(db, { kind: 'sqlite' });
    const store = new KyselyStore(db, 'sqlite');
    context.after(() => store.close());
    return store;
  });
});

describe('SQLite store beyond the shared contract', () => {
  hourlyBackfillConformance('sqlite', async () => {
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: await openSqliteDatabase(':memory:') }) });
    return { db, migrate: (migrations) => migrateStore(db, { kind: 'sqlite', migrations }) };
  });

  test('the connection is set up for a gateway: WAL, synchronous NORMAL, busy_timeout 5000, foreign keys on', async () => {
    const database = await openSqliteDatabase(nextFile());
    try {
      assert.equal(database.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(database.pragma('synchronous', { simple: true }), 1);
      assert.equal(database.pragma('busy_timeout', { simple: true }), 5000);
      assert.equal(database.pragma('foreign_keys', { simple: true }), 1);
    } finally {
      database.close();
    }
  });

  test('a relative path is resolved against baseDirectory and its directories are created', async () => {
    const store = await createStore('data/nested/skyroute.db', { baseDirectory: directory });
    await store.close();
    assert.ok(existsSync(join(directory, 'data', 'nested', 'skyroute.db')));
    assert.equal(store.kind, 'sqlite');
  });

  test('reopening a migrated file keeps its data and runs no migration twice', async () => {
    const file = nextFile();
    const first = await createStore(file);
    await first.putCredential({ name: 'c', provider: 'openai', ciphertext: 'x', hint: '1234', createdAt: 1, updatedAt: 1 });
    await first.close();
    const second = await createStore(file);
    assert.equal((await second.getCredential('c'))?.hint, '1234');
    await second.close();
    const database = await openSqliteDatabase(file);
    try {
      assert.deepEqual(database.prepare('select name from skyroute_migrations').all(), Object.keys(storeMigrations).map((name) => ({ name })));
    } finally {
      database.close();
    }
  });

  test('a URL of another scheme is refused with a message that says what to use', async () => {
    await assert.rejects(createStore('mysql://localhost/skyroute'), /"mysql:\/\/" is not supported: use postgres:\/\/… for PostgreSQL, or a file path/);
    await assert.rejects(createStore(''), /database URL is empty/);
  });

  test('a file that cannot be created is refused with its path', async () => {
    const blocker = nextFile();
    await (await createStore(blocker)).close();
    // A directory path under a regular file cannot exist.
    await assert.rejects(createStore(join(blocker, 'inside.db')), (error: unknown) => error instanceof Error && error.message.includes(blocker));
  });

  test('three processes creating the same new file at once all come up (BEGIN IMMEDIATE is the migration lock)', async () => {
    const file = nextFile();
    // Each child loads the code, says "ready", and opens the store only when told: the opens race.
    const script = `
      import { once } from 'node:events';
      const { createStore } = await import(${JSON.stringify(new URL('../create-store.ts', import.meta.url).href)});
      process.stdout.write('ready');
      await once(process.stdin, 'data');
      const store = await createStore(${JSON.stringify(file)});
      await store.putCredential({ name: process.argv[1], provider: 'p', ciphertext: 'x', hint: 'h', createdAt: 1, updatedAt: 1 });
      await store.close();
      process.exit(0);
    `;
    const children = ['first', 'second', 'third'].map((name) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, name], { cwd: fileURLToPath(new URL('../../..', import.meta.url)) });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const ready = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      const done = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
      return { child, ready, done };
    });
    await Promise.race([Promise.all(children.map((child) => child.ready)), Promise.all(children.map((child) => child.done))]);
    for (const { child } of children) child.stdin.write('go\n');
    for (const result of await Promise.all(children.map((child) => child.done))) assert.equal(result.code, 0, result.stderr);
    const store = await createStore(file);
    assert.deepEqual((await store.listCredentials()).map((credential) => credential.name), ['first', 'second', 'third']);
    await store.close();
  });

  test('a failing migration is named in the error and leaves nothing applied', async () => {
    const file = nextFile();
    const database = await openSqliteDatabase(file);
    const { Kysely, SqliteDialect } = await import('kysely');
    const { migrateStore } = await import('../migrate-store.js');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
    try {
      const broken = { up: async (migration: Parameters<typeof initialSchema.up>[0]) => void (await sql`select * from no_such_table`.execute(migration)) };
      await assert.rejects(
        migrateStore(db, { kind: 'sqlite', migrations: { '0001-initial-schema': initialSchema, '0002-broken': broken } }),
        /store migration "0002-broken" failed on SQLite: no such table: no_such_table\. Nothing of this run was applied/,
      );
      const tables = database.prepare(`select name from sqlite_master where type = 'table' and name = 'teams'`).all();
      assert.deepEqual(tables, []);
    } finally {
      await db.destroy();
    }
    // The database is still usable: the real migrations run on it afterwards.
    const store = await createSqliteStore(file);
    assert.deepEqual(await store.listTeams(), []);
    await store.close();
  });
});
