import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kysely, Migration } from 'kysely';
import type { Database } from './database-schema.js';
import { KyselyStore } from './kysely-store.js';
import { storeMigrations } from './migrations/store-migrations.js';
import { minuteStats, minuteStatsToRow } from './request-stats-rows.js';
import type { RequestLogRow } from './store-port.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Migration 0006 fills request_stats_hourly from the minute statistics an install already has: a
 * database migrated to 0005 gets minute rows (written as 0005's writer wrote them), then the rest of the
 * migrations run, and the hourly table must answer what the minutes answer. `open` gives an empty
 * database and the way to migrate it (migrateStore with its kind and schema).
 */
export function hourlyBackfillConformance(
  kind: 'sqlite' | 'postgres',
  open: () => Promise<{ db: Kysely<Database>; migrate: (migrations: Readonly<Record<string, Migration>>) => Promise<void> }>,
): void {
  test('migration 0006 fills the hourly statistics from the minute statistics already there', async () => {
    const names = Object.keys(storeMigrations);
    const upTo0005 = Object.fromEntries(names.slice(0, names.indexOf('0005-request-stats') + 1).map((name) => [name, storeMigrations[name]!]));
    const { db, migrate } = await open();
    await migrate(upTo0005);
    const start = Date.UTC(2025, 0, 15);
    const rows: RequestLogRow[] = Array.from({ length: 300 }, (_, index) => ({
      id: `old${index}`,
      at: start + index * 13 * 60_000 + (index % 50) * 1_000,
      endpoint: 'chat',
      keyId: `key-${index % 7}`,
      teamId: index % 3 === 0 ? undefined : `team-${index % 2}`,
      model: index % 4 === 0 ? 'embed' : 'chat',
      provider: 'openai',
      deployment: index % 2 === 0 ? 'openai/a' : 'openai/b',
      attempts: 1,
      stream: index % 2 === 0,
      ...(index % 2 === 0 ? { ttftMs: index } : {}),
      status: index % 9 === 0 ? 500 : 200,
      inputTokens: index,
      outputTokens: 1,
      cachedInputTokens: 0,
      cacheWriteInputTokens: 0,
      reasoningTokens: 0,
      costNusd: index * 3,
      latencyMs: index * 17,
    }));
    const minuteRows = minuteStats(rows).map(minuteStatsToRow);
    // 150 rows of 167 values an INSERT: under SQLite's bound of 32,766.
    for (let first = 0; first < minuteRows.length; first += 150) await db.insertInto('request_stats_minute').values(minuteRows.slice(first, first + 150)).execute();
    await migrate(storeMigrations);
    const store = new KyselyStore(db, kind);
    try {
      const hours = await db.selectFrom('request_stats_hourly').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
      assert.ok(Number(hours.count) > 50, `the hourly table was filled (${hours.count} rows)`);
      const window = { from: start, to: start + 3 * DAY };
      for (const bucketMs of [HOUR, 6 * HOUR, DAY]) {
        const hourly = await store.requestStats({ ...window, bucketMs });
        assert.deepEqual(hourly, await store.requestStats({ ...window, bucketMs, teamIds: ['', 'team-0', 'team-1'] }));
      }
      const [all] = await store.requestStats({ ...window, bucketMs: 3 * DAY });
      assert.equal(all?.requests, rows.length);
      assert.equal(all?.ttft.count, rows.filter((row) => row.stream && row.status < 400).length);
    } finally {
      await store.close();
    }
  });
}
