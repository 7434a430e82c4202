import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Deployment } from '../routing/deployment.js';
import type { KeyRecord, Limits } from '../store/store-port.js';
import { admissionRequest, PROMPT_HOLD_MARGIN } from './admission-request.js';
import type { Principal } from './governance.js';

function principal(limits: Limits): Principal {
  return { kind: 'virtual', key: { id: 'k1', name: 'app', limits } as KeyRecord, team: undefined };
}

const deployments = [
  { maxOutputTokens: 8_192, price: { input: 1, output: 4 } },
  { maxOutputTokens: 4_096, price: { input: 3, output: 2 } },
] as unknown as Deployment[];

const input = { requestId: 'r1', deployments, promptTokens: () => 12, maxOutputTokens: 20, defaultMaxOutputTokens: 4_096, leaseMs: 60_000 };

test('a budget hold counts the prompt with the margin, at the dearest input and output prices of the group', () => {
  const held = admissionRequest(principal({ budgets: [{ period: 'month', limitUsd: 10 }] }), input);
  const promptTokens = Math.ceil(12 * PROMPT_HOLD_MARGIN);
  assert.equal(held.promptTokens, promptTokens);
  assert.equal(held.outputTokens, 20);
  // $3/M input = 3,000 nano-dollars a token; $4/M output = 4,000.
  assert.equal(held.maxCostNusd, promptTokens * 3_000 + 20 * 4_000);
  // The hold covers a provider that counts the prompt up to 30 % larger than we do.
  assert.ok(held.maxCostNusd >= Math.ceil(12 * 1.3) * 3_000 + 20 * 4_000);
});

test('without max_tokens the hold takes the configured default, capped by the largest maximum of the group', () => {
  assert.equal(admissionRequest(principal({ tpm: 1_000 }), { ...input, maxOutputTokens: undefined }).outputTokens, 4_096);
  assert.equal(admissionRequest(principal({ tpm: 1_000 }), { ...input, maxOutputTokens: undefined, defaultMaxOutputTokens: 100_000 }).outputTokens, 8_192);
});

test('keys without a TPM limit or a budget hold no tokens and count nothing', () => {
  let counted = 0;
  const held = admissionRequest(principal({ rpm: 10 }), { ...input, promptTokens: () => ++counted });
  assert.deepEqual([held.promptTokens, held.outputTokens, held.maxCostNusd, counted], [0, 0, 0, 0]);
  assert.equal(admissionRequest({ kind: 'master' }, input).maxCostNusd, 0);
});
