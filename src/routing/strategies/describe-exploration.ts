import type { Candidate } from './strategy.js';

/** Why a candidate is being explored, for the one-line reason: how long its latency figures have gone without a sample. */
export function describeExploration(candidate: Candidate, now: number): string {
  const lastSampleAt = candidate.health.lastSampleAt;
  if (lastSampleAt <= 0) return 'no latency sample yet';
  return `no sample for ${Math.max(0, Math.round((now - lastSampleAt) / 1000))} s`;
}
