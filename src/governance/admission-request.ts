import type { Deployment } from '../routing/deployment.js';
import type { Limits } from '../store/store-port.js';
import type { AdmissionRequest, Principal } from './governance.js';

/**
 * The prompt count behind a hold is our tokenizer's (o200k), and providers count with their own:
 * Anthropic's, Gemini's and open models' tokenizers, and the providers' chat framing, often find 10–25 %
 * more tokens in the same text (the simulator, four characters a token, finds 14 where o200k finds 12 in
 * a short English prompt). A hold is meant to be the most a request can cost, so it counts the prompt
 * 30 % larger; the settlement then replaces it with what the provider reported.
 */
export const PROMPT_HOLD_MARGIN = 1.3;

export interface AdmissionInput {
  requestId: string;
  deployments: readonly Deployment[];
  /** Counted only when a TPM limit or a budget needs it. */
  promptTokens: () => number;
  maxOutputTokens: number | undefined;
  defaultMaxOutputTokens: number;
  leaseMs: number;
}

/**
 * What a request may use, for the caller's holds: its prompt (counted locally, plus PROMPT_HOLD_MARGIN) plus the output it may
 * produce (max_tokens, else the configured default capped by the largest maximum among the group's
 * deployments), priced at the group's dearest input and output rates (any deployment may end up
 * serving it, after a failover).
 */
export function admissionRequest(principal: Principal, input: AdmissionInput): AdmissionRequest {
  const none: AdmissionRequest = { requestId: input.requestId, promptTokens: 0, outputTokens: 0, maxCostNusd: 0, leaseMs: input.leaseMs };
  if (principal.kind !== 'virtual' || !(countsTokens(principal.key.limits) || countsTokens(principal.team?.limits))) return none;
  let largestOutput = 0;
  let inputNusdPerToken = 0;
  let outputNusdPerToken = 0;
  for (const deployment of input.deployments) {
    largestOutput = Math.max(largestOutput, deployment.maxOutputTokens ?? 0);
    if (deployment.price === undefined) continue;
    // USD per million tokens is nano-dollars per thousandth of a token: × 1000 per token.
    inputNusdPerToken = Math.max(inputNusdPerToken, deployment.price.input * 1000);
    outputNusdPerToken = Math.max(outputNusdPerToken, deployment.price.output * 1000);
  }
  const outputTokens = input.maxOutputTokens ?? (largestOutput > 0 ? Math.min(largestOutput, input.defaultMaxOutputTokens) : input.defaultMaxOutputTokens);
  const promptTokens = Math.ceil(input.promptTokens() * PROMPT_HOLD_MARGIN);
  return { ...none, promptTokens, outputTokens, maxCostNusd: Math.ceil(promptTokens * inputNusdPerToken + outputTokens * outputNusdPerToken) };
}

function countsTokens(limits: Limits | undefined): boolean {
  return limits !== undefined && (limits.tpm !== undefined || (limits.budgets !== undefined && limits.budgets.length > 0));
}
