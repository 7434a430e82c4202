import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkRequestAgainstProfile } from './check-request-against-profile.js';
import { createGeminiSimChunkSink } from './create-gemini-sim-chunk-sink.js';
import type { SimulatorState } from './create-simulator-state.js';
import { decideRequestFate } from './decide-request-fate.js';
import { decodeGeminiSimRequest } from './decode-gemini-sim-request.js';
import { estimatePromptTokens } from './estimate-prompt-tokens.js';
import { geminiSimErrors } from './gemini-sim-errors.js';
import type { GeminiSimTarget } from './parse-gemini-sim-path.js';
import { planCompletion } from './plan-completion.js';
import { renderGeminiSimResponse } from './render-gemini-sim-response.js';
import { respondToSimFault } from './respond-to-sim-fault.js';
import { sendSimJson, type SimWireError } from './send-sim-json.js';
import { answerSimCompletionAtOnce, streamSimCompletion } from './serve-sim-completion.js';
import { simThinkingSignature } from './sim-thinking-signature.js';
import { planToStreamParts } from './simulated-stream-part.js';

type Json = Record<string, unknown>;

/**
 * `models/{model}:generateContent`, `:streamGenerateContent` and `:countTokens` (Gemini API and
 * Vertex paths alike): model lookup, fault injection, validation, then the answer. Gemini checks
 * only the prompt against the context window, not prompt plus maxOutputTokens. countTokens is not
 * subject to injected faults.
 */
export function handleGeminiSimGenerate(
  state: SimulatorState,
  request: IncomingMessage,
  response: ServerResponse,
  body: unknown,
  target: GeminiSimTarget,
): void {
  const fail = (failure: SimWireError): void => {
    state.stats.completed++;
    geminiSimErrors.send(response, failure);
  };
  const { model, method } = target;
  const runtime = state.runtimes.get(model);
  if (!runtime || runtime.profile.kind !== 'chat') return fail(geminiSimErrors.modelNotFound(model, method, target.vertexName));
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return fail(geminiSimErrors.invalidJson());
  const options = { profileReasons: runtime.profile.reasoning, seed: state.seed };

  if (method === 'countTokens') {
    const inner = (body as Json).generateContentRequest ?? (body as Json).generate_content_request;
    const counted = inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? (inner as Json) : (body as Json);
    const decoded = decodeGeminiSimRequest(counted, model, { ...options, profileReasons: false });
    if ('status' in decoded) return fail(decoded);
    const total = estimatePromptTokens(decoded.request);
    state.stats.completed++;
    return sendSimJson(response, 200, { totalTokens: total, promptTokensDetails: [{ modality: 'TEXT', tokenCount: total }] });
  }

  const fate = decideRequestFate(runtime, Date.now());
  if (fate.fault) return respondToSimFault(state, request, fate.fault, (fault) => fail(geminiSimErrors.fromFault(fault, model)));

  const decoded = decodeGeminiSimRequest(body as Json, model, options);
  if ('status' in decoded) return fail(decoded);
  const promptTokens = estimatePromptTokens(decoded.request);
  const violation = checkRequestAgainstProfile(decoded.request, runtime.profile, promptTokens);
  if (violation && !(violation.kind === 'context-exceeded' && violation.promptTokens <= violation.limit)) {
    return fail(geminiSimErrors.fromViolation(violation, model));
  }

  const plan = planCompletion(decoded.request, runtime, state.seed, promptTokens);
  const responseId = `sim${state.nextSequence().toString(36).padStart(19, '0')}`;
  const meta = {
    model,
    responseId,
    includeThoughts: decoded.includeThoughts,
    usage: {
      prompt: promptTokens,
      cached: plan.usage.cachedTokens,
      candidates: plan.usage.completionTokens - plan.usage.reasoningTokens,
      thoughts: plan.usage.reasoningTokens,
    },
    thoughtSignature: plan.reasoning.length > 0 ? simThinkingSignature.opaque(state.seed, responseId) : undefined,
  };
  if (method === 'streamGenerateContent') {
    const sink = createGeminiSimChunkSink(response, { ...meta, plan, sse: target.sse });
    return streamSimCompletion(state, response, runtime, planToStreamParts(plan, runtime), fate, sink);
  }
  answerSimCompletionAtOnce(state, response, runtime, plan.usage.completionTokens, fate, () => {
    sendSimJson(response, 200, renderGeminiSimResponse(plan, meta));
  });
}
