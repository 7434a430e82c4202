import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InFlightReplay } from './in-flight-replay.js';

test('a request is in flight from its start until its start plus its latency', () => {
  const replay = new InFlightReplay();
  assert.equal(replay.count('a', 0), 0);
  replay.start('a', 0, 100);
  replay.start('a', 10, 500);
  replay.start('a', 20, 30);
  replay.start('b', 20, 1_000);
  assert.equal(replay.count('a', 20), 3);
  assert.equal(replay.count('a', 50), 2, 'the one started at 20 for 30 ms is done');
  assert.equal(replay.count('a', 99), 2);
  assert.equal(replay.count('a', 100), 1, 'finishing at 100 is done at 100');
  assert.equal(replay.count('b', 100), 1, 'deployments count apart');
  assert.equal(replay.count('a', 510), 0);
});

test('many requests finishing in any order are counted exactly', () => {
  const replay = new InFlightReplay();
  const ends: number[] = [];
  for (let index = 0; index < 500; index++) {
    const latency = (index * 7919) % 1_000;
    replay.start('a', 0, latency);
    ends.push(latency);
  }
  for (const at of [0, 1, 250, 500, 999, 1_000]) {
    // Counting is monotone in time here, as a replay in time order asks it.
    assert.equal(replay.count('a', at), ends.filter((end) => end > at).length, `at ${at}`);
  }
});
