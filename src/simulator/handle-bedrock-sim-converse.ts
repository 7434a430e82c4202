import type { IncomingMessage, ServerResponse } from 'node:http';
import { bedrockSimErrors } from './bedrock-sim-errors.js';
import { checkRequestAgainstProfile } from './check-request-against-profile.js';
import { createBedrockSimEventSink } from './create-bedrock-sim-event-sink.js';
import type { SimulatorState } from './create-simulator-state.js';
import { decideRequestFate } from './decide-request-fate.js';
import { decodeBedrockSimRequest } from './decode-bedrock-sim-request.js';
import { estimatePromptTokens } from './estimate-prompt-tokens.js';
import { planCompletion } from './plan-completion.js';
import { renderBedrockSimConverse } from './render-bedrock-sim-converse.js';
import { respondToSimFault } from './respond-to-sim-fault.js';
import { sendSimJson, type SimWireError } from './send-sim-json.js';
import { answerSimCompletionAtOnce, streamSimCompletion } from './serve-sim-completion.js';
import { simThinkingSignature } from './sim-thinking-signature.js';
import { planToStreamParts } from './simulated-stream-part.js';
import { splitCachedPrompt } from './split-cached-prompt.js';

/** `POST /model/{modelId}/converse` and `/converse-stream`: model lookup, fault injection, validation, then the answer. */
export function handleBedrockSimConverse(
  state: SimulatorState,
  request: IncomingMessage,
  response: ServerResponse,
  body: unknown,
  model: string,
  stream: boolean,
  requestId: string,
): void {
  const fail = (failure: SimWireError): void => {
    state.stats.completed++;
    bedrockSimErrors.send(response, failure, requestId);
  };
  const runtime = state.runtimes.get(model);
  if (!runtime) return fail(bedrockSimErrors.invalidModel());
  if (runtime.profile.kind !== 'chat') return fail(bedrockSimErrors.notAChatModel());
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return fail(bedrockSimErrors.invalidJson());

  const fate = decideRequestFate(runtime, Date.now());
  if (fate.fault) return respondToSimFault(state, request, fate.fault, (fault) => fail(bedrockSimErrors.fromFault(fault)));

  const decoded = decodeBedrockSimRequest(body as Record<string, unknown>, model, { profileReasons: runtime.profile.reasoning, seed: state.seed });
  if ('status' in decoded) return fail(decoded);
  const promptTokens = estimatePromptTokens(decoded.request);
  const violation = checkRequestAgainstProfile(decoded.request, runtime.profile, promptTokens);
  if (violation) return fail(bedrockSimErrors.fromViolation(violation));

  const plan = planCompletion(decoded.request, runtime, state.seed, promptTokens);
  const cache = splitCachedPrompt(decoded.request, decoded.cachedMessageCount, promptTokens, plan.usage.cachedTokens);
  const { tokensPerSecond } = runtime.profile;
  const generationMs = tokensPerSecond > 0 && Number.isFinite(tokensPerSecond) ? (plan.usage.completionTokens * 1000) / tokensPerSecond : 0;
  const meta = {
    usage: {
      inputTokens: promptTokens - cache.read - cache.written,
      outputTokens: plan.usage.completionTokens,
      cacheReadInputTokens: cache.read,
      cacheWriteInputTokens: cache.written,
      cacheReported: decoded.cachedMessageCount !== undefined,
    },
    reasoningSignature:
      decoded.reasoning && plan.reasoning.length > 0 ? simThinkingSignature.forText(state.seed, plan.reasoning.join('')) : undefined,
    latencyMs: Math.round(fate.firstTokenDelayMs + generationMs),
  };
  if (stream) {
    const sink = createBedrockSimEventSink(response, { ...meta, requestId, plan });
    return streamSimCompletion(state, response, runtime, planToStreamParts(plan, runtime), fate, sink);
  }
  answerSimCompletionAtOnce(state, response, runtime, plan.usage.completionTokens, fate, () => {
    sendSimJson(response, 200, renderBedrockSimConverse(plan, meta), { 'x-amzn-RequestId': requestId });
  });
}
