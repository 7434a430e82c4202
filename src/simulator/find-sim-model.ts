import type { ModelRuntime } from './create-model-runtime.js';
import type { SimulatorState } from './create-simulator-state.js';
import { openAiSimErrors } from './openai-sim-errors.js';
import type { OpenAiSimError } from './send-openai-sim-error.js';

/** The model a request names, or the error OpenAI answers: no model, an unknown one, or the wrong kind for the endpoint. */
export function findSimModel(state: SimulatorState, body: unknown, kind: 'chat' | 'embedding'): { model: string; runtime: ModelRuntime } | OpenAiSimError {
  const fields = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const model = fields.model;
  if (typeof model !== 'string' || model === '') return openAiSimErrors.missingModel();
  const runtime = state.runtimes.get(model);
  if (!runtime) return openAiSimErrors.modelNotFound(model);
  if (runtime.profile.kind !== kind) return kind === 'chat' ? openAiSimErrors.notAChatModel() : openAiSimErrors.embeddingsNotAllowed();
  return { model, runtime };
}
