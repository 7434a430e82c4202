import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createStore } from '../store/create-store.js';
import { captureLogger, logRow } from './request-log-test-support.js';
import { RequestLogRetention } from './request-log-retention.js';

const DAY_MS = 86_400_000;
const NOW = Date.UTC(2025, 0, 20, 12);

test('retention deletes log rows and per-minute statistics older than retention_days, chunk after chunk, and keeps the daily totals', async (context) => {
  const store = await createStore(':memory:');
  context.after(() => store.close());
  // Five expired requests in five minutes (five statistics rows), three recent ones; with the log off, two more expired minutes.
  const expired = Array.from({ length: 5 }, (_, index) => logRow(index, { at: NOW - 3 * DAY_MS + index * 60_000, costNusd: 1 }));
  const recent = Array.from({ length: 3 }, (_, index) => logRow(10 + index, { at: NOW - 60_000 + index, costNusd: 1 }));
  await store.writeRequests([...expired, ...recent], { log: true });
  await store.writeRequests([logRow(20, { at: NOW - 2 * DAY_MS, costNusd: 1 }), logRow(21, { at: NOW - 2 * DAY_MS + 60_000, costNusd: 1 })], { log: false });
  const { logger, entries } = captureLogger();
  const retention = new RequestLogRetention({ store, retentionDays: () => 1, logger, chunkRows: 2, now: () => NOW });

  assert.equal(await retention.runOnce(), 5);
  assert.deepEqual((await store.queryRequestLogs({ limit: 20 })).map((row) => row.id).sort(), ['req-00010', 'req-00011', 'req-00012']);
  const stats = await store.requestStats({ from: NOW - 10 * DAY_MS, to: NOW + DAY_MS, bucketMs: DAY_MS });
  assert.deepEqual(
    stats.map((bucket) => bucket.requests),
    [3],
    'only the recent minute is left',
  );
  const line = entries.find((entry) => entry.msg === 'request log: deleted rows and statistics past their retention');
  assert.equal(line?.deleted, 5);
  // Seven minute rows, and the hourly rows of the two expired hours they were in.
  assert.equal(line?.deletedStatistics, 7 + 2);
  // Budgets and spend reports read the daily totals, which retention leaves alone.
  assert.equal(await store.spendSince({ keyId: 'key_a' }, undefined), 10);
  assert.equal(await retention.runOnce(), 0, 'a second run finds nothing');
});

test('a store failure during retention is logged and answered, not thrown', async () => {
  const store = await createStore(':memory:');
  await store.close();
  const { logger, entries } = captureLogger();
  const retention = new RequestLogRetention({ store, retentionDays: () => 1, logger, now: () => NOW });
  assert.equal(await retention.runOnce(), 0);
  assert.ok(entries.some((entry) => entry.msg === 'request log: retention could not delete old rows; trying again at the next run'));
});
