import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createStore } from '../store/create-store.js';
import type { RequestLogRow } from '../store/store-port.js';
import { readSpillBatch } from './read-spill-batch.js';
import { RequestLogWriter, type RequestLogWriterOptions } from './request-log-writer.js';
import { captureLogger, deadPid, INFO, jsonLines, logRow, RecordingStore, spillName, waitFor, WARN } from './request-log-test-support.js';
import { parseSpillFileName } from './spill-file.js';

const root = await mkdtemp(join(tmpdir(), 'skyroute-request-log-writer-'));
after(() => rm(root, { recursive: true, force: true }));
let directories = 0;
const spillDirectory = () => join(root, `spill-${++directories}`);

function writerFor(store: RecordingStore, options: Partial<RequestLogWriterOptions> = {}) {
  const { logger, entries } = captureLogger();
  const writer = new RequestLogWriter({ store, log: true, spillDirectory: spillDirectory(), logger, retryMinMs: 5, retryMaxMs: 40, ...options });
  return { writer, entries };
}

const rowsFrom = (first: number, count: number): RequestLogRow[] => Array.from({ length: count }, (_, index) => logRow(first + index));

async function filesIn(directory: string): Promise<string[]> {
  try {
    return (await readdir(directory)).sort();
  } catch {
    return [];
  }
}

/** Every row pushed is in the store, and no successful call carried a row twice. */
function assertExactlyOnce(store: RecordingStore, pushed: RequestLogRow[]): void {
  assert.deepEqual([...store.rows.keys()].sort(), pushed.map((row) => row.id).sort());
  assert.equal(store.accepted.length, pushed.length, 'a row was written twice');
  for (const row of pushed) assert.deepEqual(store.rows.get(row.id), row);
}

test('a full batch is written at once; the rest waits for the interval or a flush', async () => {
  const store = new RecordingStore();
  const { writer } = writerFor(store, { batchSize: 3, flushIntervalMs: 60_000 });
  await writer.start();
  const rows = rowsFrom(0, 7);
  for (const row of rows) writer.push(row);
  assert.equal(store.calls.length, 0, 'push never writes by itself');
  await waitFor(() => store.rows.size === 6, 'two full batches');
  assert.deepEqual(store.calls.map((call) => call.ids.length), [3, 3]);
  assert.equal(writer.queued, 1);
  await writer.flush();
  assert.equal(writer.queued, 0);
  assert.deepEqual(store.calls.map((call) => call.ids.length), [3, 3, 1]);
  assert.ok(store.calls.every((call) => call.log));
  await writer.close();
  assertExactlyOnce(store, rows);
  assert.deepEqual(writer.stats(), { written: 7, spilled: 0, replayed: 0, failedWrites: 0, storeDown: false });
});

test('rows that do not fill a batch are written after the flush interval', async () => {
  const store = new RecordingStore();
  const { writer } = writerFor(store, { batchSize: 100, flushIntervalMs: 20, log: false });
  await writer.start();
  writer.push(logRow(1));
  writer.push(logRow(2));
  await waitFor(() => store.rows.size === 2, 'the interval flush');
  assert.deepEqual(store.calls, [{ ids: ['req-00001', 'req-00002'], ok: true, log: false }]);
  await writer.close();
});

test('outage: batches go to the spill file, the store is probed, and after it answers the spill is replayed once and deleted', async () => {
  const store = new RecordingStore();
  store.failing = true;
  const { writer, entries } = writerFor(store, { batchSize: 5, flushIntervalMs: 10 });
  const directory = join(root, `spill-${directories}`);
  await writer.start();
  const first = rowsFrom(0, 23);
  for (const row of first) writer.push(row);
  await waitFor(() => writer.stats().spilled === 23, 'all 23 rows spilled');
  assert.equal(writer.queued, 0);
  assert.equal(writer.stats().storeDown, true);
  // The probes (the oldest spilled batch, after a backoff) keep failing without anyone pushing.
  await waitFor(() => writer.stats().failedWrites >= 4, 'repeated probes');
  const second = rowsFrom(100, 4);
  for (const row of second) writer.push(row);
  await waitFor(() => writer.stats().spilled === 27, 'rows pushed during the outage spilled too');
  assert.equal(store.rows.size, 0);
  assert.ok((await filesIn(directory)).length >= 1);

  store.failing = false;
  await waitFor(() => store.rows.size === 27, 'every row replayed');
  await waitFor(() => entries.some((entry) => entry.level === INFO), 'the end of the outage logged');
  assert.deepEqual(await filesIn(directory), [], 'replayed files are deleted');
  const stats = writer.stats();
  assert.equal(stats.storeDown, false);
  assert.equal(stats.replayed + stats.written, 27);
  assert.equal(stats.replayed, 27);
  assertExactlyOnce(store, [...first, ...second]);
  // Oldest first: the first successful call carries the first rows pushed.
  assert.deepEqual(store.calls.find((call) => call.ok)?.ids, first.slice(0, 5).map((row) => row.id));

  const warnings = entries.filter((entry) => entry.level === WARN);
  assert.equal(warnings.length, 1, 'the outage start is logged once');
  assert.match(warnings[0]?.msg ?? '', /does not take request-log rows/);
  assert.match(JSON.stringify(warnings[0]?.err), /ECONNREFUSED/);
  const ends = entries.filter((entry) => entry.level === INFO);
  assert.equal(ends.length, 1, 'the outage end is logged once');
  assert.equal(ends[0]?.replayed, 27);

  // Healthy again: new rows go straight to the store.
  writer.push(logRow(500));
  await writer.flush();
  assert.equal(writer.stats().written, 1);
  await writer.close();
});

test('maxQueue: while the one write in flight hangs, memory stays bounded and the excess is spilled, then replayed', async () => {
  const store = new RecordingStore();
  store.hold();
  const { writer, entries } = writerFor(store, { batchSize: 10, maxQueue: 30, flushIntervalMs: 60_000 });
  const directory = join(root, `spill-${directories}`);
  await writer.start();
  const rows = rowsFrom(0, 100);
  for (const row of rows) writer.push(row);
  await waitFor(() => store.inFlight === 1 && writer.stats().spilled === 70, 'the excess spilled');
  assert.ok(writer.queued <= 30, `queued ${writer.queued}`);
  const more = rowsFrom(200, 50);
  for (const row of more) writer.push(row);
  // 20 were left in memory beside the batch in flight: 70 now, of which the oldest 40 go.
  await waitFor(() => writer.stats().spilled === 110, 'the next excess spilled');
  assert.ok(writer.queued <= 30, `queued ${writer.queued}`);
  assert.equal(store.calls.length, 0, 'the first write is still held');
  assert.ok((await filesIn(directory)).length === 1);

  store.open();
  await writer.flush();
  await waitFor(() => store.rows.size === 150, 'written and replayed');
  await waitFor(() => writer.stats().replayed === 110, 'replay counted');
  assert.equal(store.maxInFlight, 1, 'one write in flight at a time');
  assertExactlyOnce(store, [...rows, ...more]);
  assert.deepEqual(writer.stats(), { written: 40, spilled: 110, replayed: 110, failedWrites: 0, storeDown: false });
  assert.equal(entries.filter((entry) => entry.level === WARN && /slower than requests arrive/.test(entry.msg)).length, 1);
  await writer.close();
  assert.deepEqual(await filesIn(directory), []);
});

test('close() during an outage spills what is in memory and resolves; a later process replays it', async () => {
  const store = new RecordingStore();
  store.failing = true;
  const { writer } = writerFor(store, { batchSize: 100, flushIntervalMs: 60_000, retryMinMs: 60_000, retryMaxMs: 60_000 });
  const directory = join(root, `spill-${directories}`);
  await writer.start();
  const rows = rowsFrom(0, 10);
  for (const row of rows.slice(0, 4)) writer.push(row);
  await writer.flush();
  assert.equal(writer.stats().failedWrites, 1);
  assert.equal(writer.stats().storeDown, true);
  for (const row of rows.slice(4)) writer.push(row);
  await writer.close();
  assert.equal(writer.queued, 0);
  assert.equal(writer.stats().failedWrites, 1, 'no probe waited for during close');
  assert.equal(store.calls.length, 1);
  const files = await filesIn(directory);
  assert.equal(files.length, 1);
  assert.equal(parseSpillFileName(files[0] as string)?.pid, process.pid);
  assert.deepEqual((await readSpillBatch(join(directory, files[0] as string), 0, 100)).rows, rows);

  // The process ends; the next one (another pid) finds the file and replays it.
  const gone = deadPid();
  const name = parseSpillFileName(files[0] as string);
  await rename(join(directory, files[0] as string), join(directory, spillName(gone, name?.startedAt ?? 0)));
  const next = new RecordingStore();
  const { logger } = captureLogger();
  const successor = new RequestLogWriter({ store: next, log: true, spillDirectory: directory, logger, flushIntervalMs: 60_000 });
  await successor.start();
  await waitFor(() => next.rows.size === 10, 'the successor replays the file');
  await successor.close();
  assertExactlyOnce(next, rows);
  assert.deepEqual(await filesIn(directory), []);
});

test('when the spill directory fails too, rows stay in memory (logged once) and go to disk once it works', async () => {
  const store = new RecordingStore();
  store.failing = true;
  const blocker = join(root, `blocker-${++directories}`);
  await writeFile(blocker, 'a file where the spill directory should be');
  const { logger, entries } = captureLogger();
  const writer = new RequestLogWriter({ store, log: true, spillDirectory: join(blocker, 'spill'), logger, batchSize: 100, flushIntervalMs: 60_000, retryMinMs: 60_000 });
  await assert.rejects(writer.start(), /Cannot create the request-log spill directory .*blocker.*point data_dir to a writable directory/);
  const rows = rowsFrom(0, 10);
  for (const row of rows.slice(0, 5)) writer.push(row);
  await writer.flush();
  assert.equal(writer.queued, 5);
  for (const row of rows.slice(5)) writer.push(row);
  await writer.flush();
  assert.equal(writer.queued, 10);
  assert.equal(writer.stats().spilled, 0);
  const errors = entries.filter((entry) => entry.level === 50);
  assert.equal(errors.length, 1);
  assert.match(errors[0]?.msg ?? '', /Cannot write the request-log spill file/);

  // Closing now would lose them, and says so.
  const doomed = captureLogger();
  const closing = new RequestLogWriter({ store, log: true, spillDirectory: join(blocker, 'spill'), logger: doomed.logger, batchSize: 100 });
  for (const row of rowsFrom(900, 3)) closing.push(row);
  await closing.close();
  assert.match(doomed.entries.at(-1)?.msg ?? '', /^3 request-log rows are lost: .*Check the database connection/);

  await rm(blocker);
  await writer.flush();
  assert.equal(writer.queued, 0);
  assert.equal(writer.stats().spilled, 10);
  await writer.close();
  const files = await filesIn(join(blocker, 'spill'));
  const spilled = (await Promise.all(files.map((file) => readSpillBatch(join(blocker, 'spill', file), 0, 100)))).flatMap((batch) => batch.rows);
  assert.deepEqual(spilled.map((row) => row.id).sort(), rows.map((row) => row.id).sort());
  assert.equal(entries.filter((entry) => entry.level === 50).length, 1, 'nothing reported lost');
});

test('close() while the store answers waits for the final write', async () => {
  const store = new RecordingStore();
  const { writer } = writerFor(store, { batchSize: 100, flushIntervalMs: 60_000 });
  await writer.start();
  const rows = rowsFrom(0, 5);
  for (const row of rows) writer.push(row);
  store.hold();
  let closed = false;
  const closing = writer.close().then(() => {
    closed = true;
  });
  await waitFor(() => store.inFlight === 1, 'the final write started');
  for (let turn = 0; turn < 10; turn += 1) await new Promise((resolve) => setImmediate(resolve));
  assert.equal(closed, false, 'close resolved before its write finished');
  store.open();
  await closing;
  assertExactlyOnce(store, rows);
  assert.equal(writer.stats().spilled, 0);
  assert.deepEqual(await filesIn(join(root, `spill-${directories}`)), []);
});

test('start() replays files left by processes that are gone, oldest first, and skips a truncated last line with a warning', async () => {
  const directory = spillDirectory();
  await mkdir(directory);
  const gone = deadPid();
  const older = rowsFrom(0, 7);
  const newer = rowsFrom(10, 5);
  await writeFile(join(directory, spillName(gone, 2_000)), `${jsonLines(newer)}{"id":"req-cut","at":17`);
  await writeFile(join(directory, spillName(gone, 1_000)), jsonLines(older));
  // A file of a live process (the parent of this test) is not this writer's to replay.
  const alive = spillName(process.ppid, 500);
  await writeFile(join(directory, alive), jsonLines(rowsFrom(50, 2)));

  const store = new RecordingStore();
  const { logger, entries } = captureLogger();
  const writer = new RequestLogWriter({ store, log: true, spillDirectory: directory, logger, batchSize: 4, flushIntervalMs: 60_000 });
  await writer.start();
  await waitFor(() => entries.some((entry) => entry.level === INFO), 'the replay finished');
  assert.deepEqual(
    store.calls.map((call) => call.ids),
    [older.slice(0, 4), older.slice(4), newer.slice(0, 4), newer.slice(4)].map((part) => part.map((row) => row.id)),
  );
  assertExactlyOnce(store, [...older, ...newer]);
  assert.deepEqual(await filesIn(directory), [alive]);
  const warning = entries.find((entry) => entry.level === WARN);
  assert.match(warning?.msg ?? '', /last line .* incomplete/);
  assert.equal(entries.find((entry) => entry.level === INFO)?.replayed, 12);
  await writer.close();
});

test('two writers sharing a spill directory never replay the same file', async () => {
  const directory = spillDirectory();
  await mkdir(directory);
  const gone = deadPid();
  const all: RequestLogRow[] = [];
  for (let file = 0; file < 12; file += 1) {
    const rows = rowsFrom(file * 100, 30);
    all.push(...rows);
    // Some written, some left mid-replay by a process that died.
    const name = file % 3 === 0 ? spillName(gone, 1_000 + file, 0, { pid: gone, at: 9_000 }) : spillName(gone, 1_000 + file);
    await writeFile(join(directory, name), jsonLines(rows));
  }
  const stores = [new RecordingStore(), new RecordingStore()];
  const writers = stores.map((store) => new RequestLogWriter({ store, log: true, spillDirectory: directory, logger: captureLogger().logger, batchSize: 7, flushIntervalMs: 60_000 }));
  await Promise.all(writers.map((writer) => writer.start()));
  await waitFor(() => (stores[0] as RecordingStore).rows.size + (stores[1] as RecordingStore).rows.size === all.length, 'every leftover replayed');
  await Promise.all(writers.map((writer) => writer.close()));
  const [first, second] = stores as [RecordingStore, RecordingStore];
  for (const id of first.rows.keys()) assert.ok(!second.rows.has(id), `${id} was replayed by both writers`);
  assert.equal(first.accepted.length + second.accepted.length, all.length);
  assert.deepEqual([...first.rows.keys(), ...second.rows.keys()].sort(), all.map((row) => row.id).sort());
  assert.deepEqual(await filesIn(directory), []);
});

test('a writer that looks for spill files again (after its own outage) leaves those another writer is replaying', async () => {
  const directory = spillDirectory();
  await mkdir(directory);
  const gone = deadPid();
  const leftovers: RequestLogRow[] = [];
  for (let file = 0; file < 3; file += 1) {
    const rows = rowsFrom(file * 100, 20);
    leftovers.push(...rows);
    await writeFile(join(directory, spillName(gone, 1_000 + file)), jsonLines(rows));
  }
  const replayer = new RecordingStore();
  const other = new RecordingStore();
  const a = new RequestLogWriter({ store: replayer, log: true, spillDirectory: directory, logger: captureLogger().logger, batchSize: 7, flushIntervalMs: 60_000 });
  const { logger, entries } = captureLogger();
  const b = new RequestLogWriter({ store: other, log: true, spillDirectory: directory, logger, batchSize: 5, flushIntervalMs: 10, retryMinMs: 5, retryMaxMs: 20 });

  // A claims every leftover, writes one batch, and is held in the middle of its first file.
  replayer.hold();
  await a.start();
  await waitFor(() => replayer.inFlight === 1, 'A replaying');
  replayer.open();
  replayer.hold();
  await waitFor(() => replayer.accepted.length === 7 && replayer.inFlight === 1, 'A held after one batch');

  // B has an outage of its own; when its store answers again it looks for files to replay.
  other.failing = true;
  await b.start();
  const own = rowsFrom(1_000, 12);
  for (const row of own) b.push(row);
  await waitFor(() => b.stats().spilled === 12, 'B spilled its rows');
  other.failing = false;
  await waitFor(() => entries.some((entry) => entry.level === INFO), 'B caught up');
  assertExactlyOnce(other, own);

  replayer.open();
  await waitFor(() => replayer.rows.size === leftovers.length, 'A finished');
  await Promise.all([a.close(), b.close()]);
  assertExactlyOnce(replayer, leftovers);
  assert.deepEqual(await filesIn(directory), []);
});

test('with the real SQLite store: rows pushed arrive, and the spend totals add up after close()', async () => {
  const store = await createStore(':memory:');
  try {
    const { logger } = captureLogger();
    const writer = new RequestLogWriter({ store, log: true, spillDirectory: spillDirectory(), logger, batchSize: 16, flushIntervalMs: 60_000 });
    await writer.start();
    const rows = Array.from({ length: 50 }, (_, index) => logRow(index, { keyId: index % 2 === 0 ? 'key_a' : 'key_b', costNusd: 1_000_003 * (index + 1) }));
    for (const row of rows) writer.push(row);
    await writer.close();
    assert.deepEqual(writer.stats(), { written: 50, spilled: 0, replayed: 0, failedWrites: 0, storeDown: false });
    const sum = (keyId: string) => rows.filter((row) => row.keyId === keyId).reduce((total, row) => total + row.costNusd, 0);
    assert.equal(await store.spendSince({ keyId: 'key_a' }, undefined), sum('key_a'));
    assert.equal(await store.spendSince({ keyId: 'key_b' }, undefined), sum('key_b'));
    const [report] = await store.spendReport({ from: '2025-01-15', to: '2025-01-15', groupBy: [] });
    assert.equal(report?.requests, 50);
    assert.equal(report?.costNusd, sum('key_a') + sum('key_b'));
    assert.deepEqual(await store.getRequestLog('req-00049'), rows[49]);
  } finally {
    await store.close();
  }
});
