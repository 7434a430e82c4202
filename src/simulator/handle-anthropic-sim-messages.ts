import type { IncomingMessage, ServerResponse } from 'node:http';
import { anthropicSimErrors } from './anthropic-sim-errors.js';
import { checkRequestAgainstProfile } from './check-request-against-profile.js';
import { createAnthropicSimEventSink } from './create-anthropic-sim-event-sink.js';
import type { SimulatorState } from './create-simulator-state.js';
import { decideRequestFate } from './decide-request-fate.js';
import { decodeAnthropicSimRequest } from './decode-anthropic-sim-request.js';
import { estimatePromptTokens } from './estimate-prompt-tokens.js';
import { planCompletion } from './plan-completion.js';
import { renderAnthropicSimMessage } from './render-anthropic-sim-message.js';
import { respondToSimFault } from './respond-to-sim-fault.js';
import { sendSimJson, type SimWireError } from './send-sim-json.js';
import { answerSimCompletionAtOnce, streamSimCompletion } from './serve-sim-completion.js';
import { simThinkingSignature } from './sim-thinking-signature.js';
import { planToStreamParts } from './simulated-stream-part.js';
import { splitCachedPrompt } from './split-cached-prompt.js';

/**
 * `POST /v1/messages` (and `/v1/messages/count_tokens` with `countTokens`): model lookup, fault
 * injection, validation, then the answer in Anthropic's shape. count_tokens answers from the
 * same estimate the usage uses, and is not subject to injected faults.
 */
export function handleAnthropicSimMessages(
  state: SimulatorState,
  request: IncomingMessage,
  response: ServerResponse,
  body: unknown,
  requestId: string,
  countTokens: boolean,
): void {
  const fail = (failure: SimWireError): void => {
    state.stats.completed++;
    anthropicSimErrors.send(response, failure, requestId);
  };
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return fail(anthropicSimErrors.invalidRequest('Input should be a valid dictionary'));
  const fields = body as Record<string, unknown>;
  const model = fields.model;
  if (typeof model !== 'string' || model === '') return fail(anthropicSimErrors.invalidRequest('model: Field required'));
  const runtime = state.runtimes.get(model);
  if (!runtime || runtime.profile.kind !== 'chat') return fail(anthropicSimErrors.modelNotFound(model));
  const options = { countTokens, profileReasons: runtime.profile.reasoning, seed: state.seed };

  if (countTokens) {
    const decoded = decodeAnthropicSimRequest(fields, model, options);
    if ('status' in decoded) return fail(decoded);
    state.stats.completed++;
    return sendSimJson(response, 200, { input_tokens: estimatePromptTokens(decoded.request) }, { 'request-id': requestId });
  }

  const fate = decideRequestFate(runtime, Date.now());
  if (fate.fault) return respondToSimFault(state, request, fate.fault, (fault) => fail(anthropicSimErrors.fromFault(fault, Date.now())));

  const decoded = decodeAnthropicSimRequest(fields, model, options);
  if ('status' in decoded) return fail(decoded);
  const promptTokens = estimatePromptTokens(decoded.request);
  const violation = checkRequestAgainstProfile(decoded.request, runtime.profile, promptTokens);
  if (violation) {
    const messageIndex = violation.kind === 'image-not-supported' ? (decoded.wireIndexes[violation.messageIndex] ?? 0) : 0;
    return fail(anthropicSimErrors.fromViolation(violation, model, messageIndex));
  }

  const plan = planCompletion(decoded.request, runtime, state.seed, promptTokens);
  const cache = splitCachedPrompt(decoded.request, decoded.cachedMessageCount, promptTokens, plan.usage.cachedTokens);
  const meta = {
    id: `msg_01${state.nextSequence().toString(36).padStart(22, '0')}`,
    model,
    usage: {
      inputTokens: promptTokens - cache.read - cache.written,
      cacheCreationInputTokens: cache.written,
      cacheReadInputTokens: cache.read,
      outputTokens: plan.usage.completionTokens,
    },
    thinkingSignature:
      decoded.thinking && plan.reasoning.length > 0 ? simThinkingSignature.forText(state.seed, plan.reasoning.join('')) : undefined,
  };
  if (decoded.stream) {
    const parts = planToStreamParts(plan, runtime);
    const renderCache = parts === runtime.fixedTextParts ? state.encoderCache('anthropic') : undefined;
    const sink = createAnthropicSimEventSink(response, { ...meta, requestId, plan, renderCache });
    return streamSimCompletion(state, response, runtime, parts, fate, sink);
  }
  const renderCache = plan.content === runtime.fixedTextTokens ? state.encoderCache('anthropic-message') : undefined;
  answerSimCompletionAtOnce(state, response, runtime, plan.usage.completionTokens, fate, () => {
    sendSimJson(response, 200, renderAnthropicSimMessage(plan, meta, renderCache), { 'request-id': requestId });
  });
}
