import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { GatewayError } from '../spec/gateway-error.js';
import { Cancellation } from '../upstream/cancellation.js';
import { hedgeAttempt, type HedgeSender } from './hedge-attempt.js';
import { candidateFixture } from './strategies/strategy-fixtures.js';

const primary = candidateFixture('alpha/primary-model');
const backup = candidateFixture('beta/backup-model');
const DELAY_MS = 30;

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((resolvePromise, rejectPromise) => {
    resolve = resolvePromise;
    reject = rejectPromise;
  });
  return { promise, resolve, reject };
}

function manualClock(start = 1_000_000): { now: () => number; advance: (milliseconds: number) => void } {
  let time = start;
  return { now: () => time, advance: (milliseconds) => void (time += milliseconds) };
}

/**
 * A sender whose answer per deployment is a promise the test controls; it records each attempt's
 * cancellation and lets a test wait until a deployment has been sent to.
 */
function fakeSender<T>(answers: Record<string, (cancellation: Cancellation) => Promise<T>>) {
  const sent = new Map<string, Cancellation>();
  const waiting = new Map<string, Deferred<Cancellation>>();
  const wait = (id: string): Deferred<Cancellation> => {
    const existing = waiting.get(id);
    if (existing !== undefined) return existing;
    const created = deferred<Cancellation>();
    waiting.set(id, created);
    return created;
  };
  const send: HedgeSender<T> = (candidate, cancellation) => {
    const id = candidate.deployment.id;
    sent.set(id, cancellation);
    wait(id).resolve(cancellation);
    const answer = answers[id];
    if (answer === undefined) throw new Error(`no answer scripted for ${id}`);
    return answer(cancellation);
  };
  return { send, sent, whenSent: (id: string) => wait(id).promise };
}

function upstreamFailure(message: string): GatewayError {
  return new GatewayError('GW_ERR_UPSTREAM_SERVER', message, { upstreamStatus: 500 });
}

test('a primary that answers before the delay wins alone: no backup is sent', async () => {
  const clock = manualClock();
  const sender = fakeSender<string>({ 'alpha/primary-model': () => sleep(1, 'primary answer'), 'beta/backup-model': () => Promise.resolve('backup answer') });
  const disposed: string[] = [];
  const result = await hedgeAttempt(sender.send, primary, backup, DELAY_MS, new Cancellation(), clock.now, (value) => disposed.push(value));
  assert.deepEqual(result, { kind: 'ok', value: 'primary answer', winner: primary, backupStartedAtMs: undefined, failures: [] });
  await sleep(DELAY_MS * 3);
  assert.deepEqual([...sender.sent.keys()], ['alpha/primary-model'], 'the backup timer was dropped');
  assert.equal(sender.sent.get('alpha/primary-model')!.aborted, false);
  assert.deepEqual(disposed, []);
});

test('a slow primary: the backup goes out after the delay, wins, the primary is aborted and its late answer disposed', async () => {
  const clock = manualClock();
  const slowPrimary = deferred<string>();
  const backupAnswer = deferred<string>();
  const sender = fakeSender<string>({ 'alpha/primary-model': () => slowPrimary.promise, 'beta/backup-model': () => backupAnswer.promise });
  const disposed: string[] = [];
  const hedged = hedgeAttempt(sender.send, primary, backup, DELAY_MS, new Cancellation(), clock.now, (value) => disposed.push(value));
  clock.advance(DELAY_MS);
  const backupCancellation = await sender.whenSent('beta/backup-model');
  clock.advance(70);
  backupAnswer.resolve('backup answer');
  const result = await hedged;
  assert.deepEqual(result, { kind: 'ok', value: 'backup answer', winner: backup, backupStartedAtMs: DELAY_MS, failures: [] });
  const primaryCancellation = sender.sent.get('alpha/primary-model')!;
  assert.equal(primaryCancellation.aborted, true, 'the losing upstream request is aborted');
  assert.ok(primaryCancellation.reason instanceof GatewayError);
  assert.match((primaryCancellation.reason as GatewayError).message, /beta\/backup-model answered first/);
  assert.equal(backupCancellation.aborted, false, 'the winner is left alone');
  slowPrimary.resolve('late primary answer');
  await sleep(0);
  assert.deepEqual(disposed, ['late primary answer']);
});

test('a primary that fails before the delay is an ordinary failure: no backup is sent', async () => {
  const clock = manualClock();
  const failure = upstreamFailure('primary broke');
  const sender = fakeSender<string>({
    'alpha/primary-model': async () => {
      clock.advance(12);
      throw failure;
    },
    'beta/backup-model': () => Promise.resolve('backup answer'),
  });
  const result = await hedgeAttempt(sender.send, primary, backup, DELAY_MS, new Cancellation(), clock.now, () => assert.fail('nothing to dispose'));
  assert.deepEqual(result, { kind: 'failed', backupStartedAtMs: undefined, failures: [{ candidate: primary, error: failure, startedAtMs: 0, durationMs: 12 }] });
  await sleep(DELAY_MS * 3);
  assert.deepEqual([...sender.sent.keys()], ['alpha/primary-model']);
});

test('both attempts fail: failed, with both failures in the order they came and when each started', async () => {
  const clock = manualClock();
  const primaryAnswer = deferred<string>();
  const backupAnswer = deferred<string>();
  const sender = fakeSender<string>({ 'alpha/primary-model': () => primaryAnswer.promise, 'beta/backup-model': () => backupAnswer.promise });
  const hedged = hedgeAttempt(sender.send, primary, backup, DELAY_MS, new Cancellation(), clock.now, () => assert.fail('nothing to dispose'));
  clock.advance(DELAY_MS);
  await sender.whenSent('beta/backup-model');
  const primaryFailure = upstreamFailure('primary broke');
  const backupFailure = new GatewayError('GW_ERR_UPSTREAM_TIMEOUT', 'backup timed out');
  clock.advance(20);
  primaryAnswer.reject(primaryFailure);
  await sleep(0);
  clock.advance(30);
  backupAnswer.reject(backupFailure);
  const result = await hedged;
  assert.deepEqual(result, {
    kind: 'failed',
    backupStartedAtMs: DELAY_MS,
    failures: [
      { candidate: primary, error: primaryFailure, startedAtMs: 0, durationMs: DELAY_MS + 20 },
      { candidate: backup, error: backupFailure, startedAtMs: DELAY_MS, durationMs: 50 },
    ],
  });
});

test('a backup that fails does not end the hedge: the primary still wins later, and the failure is reported', async () => {
  const clock = manualClock();
  const primaryAnswer = deferred<string>();
  const backupFailure = upstreamFailure('backup broke');
  const sender = fakeSender<string>({ 'alpha/primary-model': () => primaryAnswer.promise, 'beta/backup-model': () => Promise.reject(backupFailure) });
  const hedged = hedgeAttempt(sender.send, primary, backup, DELAY_MS, new Cancellation(), clock.now, () => assert.fail('nothing to dispose'));
  clock.advance(DELAY_MS);
  await sender.whenSent('beta/backup-model');
  await sleep(0);
  primaryAnswer.resolve('primary answer');
  const result = await hedged;
  assert.deepEqual(result, {
    kind: 'ok',
    value: 'primary answer',
    winner: primary,
    backupStartedAtMs: DELAY_MS,
    failures: [{ candidate: backup, error: backupFailure, startedAtMs: DELAY_MS, durationMs: 0 }],
  });
  assert.equal(sender.sent.get('alpha/primary-model')!.aborted, false);
});

test('a primary that fails after the backup went out leaves the backup to win', async () => {
  const clock = manualClock();
  const primaryAnswer = deferred<string>();
  const backupAnswer = deferred<string>();
  const sender = fakeSender<string>({ 'alpha/primary-model': () => primaryAnswer.promise, 'beta/backup-model': () => backupAnswer.promise });
  const hedged = hedgeAttempt(sender.send, primary, backup, DELAY_MS, new Cancellation(), clock.now, () => assert.fail('nothing to dispose'));
  clock.advance(DELAY_MS);
  await sender.whenSent('beta/backup-model');
  const primaryFailure = upstreamFailure('primary broke late');
  primaryAnswer.reject(primaryFailure);
  await sleep(0);
  backupAnswer.resolve('backup answer');
  const result = await hedged;
  assert.equal(result.kind, 'ok');
  assert.equal(result.kind === 'ok' ? result.winner : undefined, backup);
  assert.deepEqual(result.failures.map((failure) => failure.error), [primaryFailure]);
});

test('a loser that rejects once aborted changes nothing', async () => {
  const clock = manualClock();
  const backupAnswer = deferred<string>();
  const sender = fakeSender<string>({
    // As a real upstream request does: an abort rejects it with the abort's reason.
    'alpha/primary-model': (cancellation) => new Promise((_resolve, reject) => cancellation.onAbort(reject)),
    'beta/backup-model': () => backupAnswer.promise,
  });
  const disposed: string[] = [];
  const hedged = hedgeAttempt(sender.send, primary, backup, DELAY_MS, new Cancellation(), clock.now, (value) => disposed.push(value));
  await sender.whenSent('beta/backup-model');
  backupAnswer.resolve('backup answer');
  const result = await hedged;
  await sleep(0);
  assert.deepEqual(result.failures, [], 'the aborted primary is not a failure');
  assert.deepEqual(disposed, []);
});

test('a non-GatewayError rejects the hedge and aborts the other attempt', async () => {
  const clock = manualClock();
  const bug = new TypeError('cannot read properties of undefined');
  const primaryAnswer = deferred<string>();
  const sender = fakeSender<string>({ 'alpha/primary-model': () => primaryAnswer.promise, 'beta/backup-model': () => deferred<string>().promise });
  const hedged = hedgeAttempt(sender.send, primary, backup, DELAY_MS, new Cancellation(), clock.now, () => assert.fail('nothing to dispose'));
  const backupCancellation = await sender.whenSent('beta/backup-model');
  primaryAnswer.reject(bug);
  await assert.rejects(hedged, (error) => error === bug);
  assert.equal(backupCancellation.aborted, true);
  assert.equal(backupCancellation.reason, bug);
});

test('a non-GatewayError before the delay rejects at once and no backup is sent', async () => {
  const clock = manualClock();
  const bug = new RangeError('invalid array length');
  const sender = fakeSender<string>({ 'alpha/primary-model': () => Promise.reject(bug), 'beta/backup-model': () => Promise.resolve('backup answer') });
  await assert.rejects(hedgeAttempt(sender.send, primary, backup, DELAY_MS, new Cancellation(), clock.now, () => {}), (error) => error === bug);
  await sleep(DELAY_MS * 3);
  assert.deepEqual([...sender.sent.keys()], ['alpha/primary-model']);
});

test('cancelling the request cancels both attempts', async () => {
  const clock = manualClock();
  const parent = new Cancellation();
  const abortable = (cancellation: Cancellation) => new Promise<string>((_resolve, reject) => cancellation.onAbort(reject));
  const sender = fakeSender<string>({ 'alpha/primary-model': abortable, 'beta/backup-model': abortable });
  const hedged = hedgeAttempt(sender.send, primary, backup, DELAY_MS, parent, clock.now, () => assert.fail('nothing to dispose'));
  await sender.whenSent('beta/backup-model');
  const clientGone = new GatewayError('GW_ERR_UPSTREAM_TIMEOUT', 'the request deadline passed');
  parent.abort(clientGone);
  const result = await hedged;
  assert.equal(result.kind, 'failed');
  assert.deepEqual(result.failures.map((failure) => [failure.candidate.deployment.id, failure.error]), [
    ['alpha/primary-model', clientGone],
    ['beta/backup-model', clientGone],
  ]);
});
