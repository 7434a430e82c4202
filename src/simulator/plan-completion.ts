import { chooseToolsToCall } from './choose-tools-to-call.js';
import { createSeededRandom, type SeededRandom } from './create-seeded-random.js';
import { generateJsonFromSchema } from './generate-json-from-schema.js';
import { generateWords } from './generate-words.js';
import { hashString } from './hash-string.js';
import type { CompiledScriptedReply } from './create-model-runtime.js';
import type { ModelProfile } from './model-profile.js';
import type { SimulatedChatRequest } from './simulated-chat-request.js';
import { splitIntoFragments } from './split-into-fragments.js';

export interface PlannedToolCall {
  id: string;
  name: string;
  /** The complete argument JSON (possibly cut short when max tokens ran out). */
  arguments: string;
  /** The same JSON in the pieces a stream sends; each piece counts as one token. */
  argumentFragments: string[];
}

export interface SimulatedUsage {
  promptTokens: number;
  /** Reasoning, text and tool-argument tokens together, as OpenAI counts them. */
  completionTokens: number;
  reasoningTokens: number;
  cachedTokens: number;
}

export type SimulatedFinishReason = 'stop' | 'length' | 'tool_calls';

/** Everything one answer will contain, decided up front so stream and non-stream agree. */
/** What planCompletion needs of a model (a ModelRuntime has it all). */
export interface SimulatedModel {
  profile: ModelProfile;
  fixedTextTokens: readonly string[] | undefined;
  scriptedReplies?: readonly CompiledScriptedReply[];
}

export interface CompletionPlan {
  reasoning: string[];
  /** May be shared between answers (a fixed text): never mutate. */
  content: readonly string[];
  /** False when the answer is tool calls only (OpenAI then sends `content: null`). */
  hasContent: boolean;
  toolCalls: PlannedToolCall[];
  finishReason: SimulatedFinishReason;
  /** The stop sequence that ended the answer (finishReason is then `stop`), if one did. */
  stopSequence: string | undefined;
  usage: SimulatedUsage;
}

const reasoningEffortScale: Readonly<Record<string, number>> = { none: 0, minimal: 0, low: 0.5, medium: 1, high: 2 };
const jsonFragmentSize = 6;
const idAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Decides the answer. Deterministic for (seed, model, messages): the PRNG is seeded from a hash
 * of all three, so the same request gets the same answer and a different seed a different one.
 */
export function planCompletion(
  request: SimulatedChatRequest,
  model: SimulatedModel,
  seed: number,
  promptTokens: number,
): CompletionPlan {
  const { profile } = model;
  // Hashing a long conversation is the costliest step, and a fixed-text answer needs no PRNG.
  let random: SeededRandom | undefined;
  const draw: SeededRandom = () => (random ??= createSeededRandom(hashConversation(request, seed)))();
  let budget = request.maxOutputTokens ?? Infinity;

  const reasoningWanted = profile.reasoning
    ? Math.min(
        Math.round(profile.reasoningTokens * (reasoningEffortScale[request.reasoningEffort ?? 'medium'] ?? 1)),
        request.reasoningBudgetTokens ?? Infinity,
      )
    : 0;
  const reasoning = reasoningWanted > 0 ? generateWords(draw, Math.min(reasoningWanted, budget)) : [];
  budget -= reasoning.length;
  let truncated = reasoning.length < reasoningWanted;

  const toolsToCall = truncated ? [] : chooseToolsToCall(request, draw, profile.autoToolCallRate);
  const toolCalls: PlannedToolCall[] = [];
  for (const tool of toolsToCall) {
    const fullArguments = JSON.stringify(generateJsonFromSchema(tool.parameters, draw) ?? {});
    const size = Math.min(12, Math.max(2, Math.ceil(fullArguments.length / 4)));
    let fragments = splitIntoFragments(fullArguments, size);
    if (fragments.length > budget) {
      fragments = fragments.slice(0, Math.max(0, budget));
      truncated = true;
    }
    budget -= fragments.length;
    toolCalls.push({ id: `call_${randomId(draw, 24)}`, name: tool.name, arguments: fragments.join(''), argumentFragments: fragments });
    if (truncated) break;
  }

  let content: readonly string[] = [];
  let stopSequence: string | undefined;
  if (toolCalls.length === 0 && !truncated) {
    let wanted = planContent(request, model, draw);
    const stopped = request.stopSequences?.length ? cutAtStopSequence(wanted, request.stopSequences) : undefined;
    if (stopped) wanted = stopped.content;
    content = wanted.length > budget ? wanted.slice(0, Math.max(0, budget)) : wanted;
    truncated = content.length < wanted.length;
    // The cap can run out before the stop sequence is reached.
    if (stopped && !truncated) stopSequence = stopped.matched;
  }

  let completionTokens = reasoning.length + content.length;
  for (const call of toolCalls) completionTokens += call.argumentFragments.length;
  return {
    reasoning,
    content,
    hasContent: toolCalls.length === 0,
    toolCalls,
    finishReason: truncated ? 'length' : toolCalls.length > 0 ? 'tool_calls' : 'stop',
    stopSequence,
    usage: {
      promptTokens,
      completionTokens,
      reasoningTokens: reasoning.length,
      // OpenAI caches prompts of 1024+ tokens, in 128-token increments.
      cachedTokens: promptTokens >= 1024 ? Math.floor((promptTokens * profile.cachedPromptFraction) / 128) * 128 : 0,
    },
  };
}

function planContent(
  request: SimulatedChatRequest,
  model: SimulatedModel,
  draw: SeededRandom,
): readonly string[] {
  const { profile } = model;
  const format = request.responseFormat;
  if (format.kind === 'json_schema') {
    return splitIntoFragments(JSON.stringify(generateJsonFromSchema(format.schema, draw)), jsonFragmentSize);
  }
  if (format.kind === 'json_object') {
    const answer = { answer: generateWords(draw, 8).join(''), confidence: Math.round(draw() * 100) / 100 };
    return splitIntoFragments(JSON.stringify(answer), jsonFragmentSize);
  }
  const toolResultSummary = summarizeToolResults(request);
  if (toolResultSummary !== undefined) {
    const opening = splitIntoWordTokens(toolResultSummary);
    const rest = Math.max(0, profile.outputTokens - opening.length);
    return rest > 0 ? [...opening, ...generateWords(draw, rest).map((token, index) => (index === 0 ? ` ${token}` : token))] : opening;
  }
  const scripted = model.scriptedReplies === undefined || model.scriptedReplies.length === 0 ? undefined : scriptedReply(request, model.scriptedReplies);
  if (scripted !== undefined) return scripted;
  if (model.fixedTextTokens !== undefined) return model.fixedTextTokens;
  return generateWords(draw, profile.outputTokens);
}

/** The tokens of the first scripted reply whose pattern finds itself in the last user message. */
function scriptedReply(request: SimulatedChatRequest, replies: readonly CompiledScriptedReply[]): readonly string[] | undefined {
  let text: string | undefined;
  for (let index = request.messages.length - 1; index >= 0; index--) {
    const message = request.messages[index]!;
    if (message.role === 'user') {
      text = message.text;
      break;
    }
  }
  if (text === undefined) return undefined;
  for (const reply of replies) if (reply.pattern.test(text)) return reply.tokens;
  return undefined;
}

/** When the conversation ends with tool results, the answer opens by quoting them. */
function summarizeToolResults(request: SimulatedChatRequest): string | undefined {
  const results: string[] = [];
  for (let index = request.messages.length - 1; index >= 0; index--) {
    const message = request.messages[index];
    if (message?.role !== 'tool') break;
    const name = findToolName(request, message.toolCallId) ?? 'tool';
    const snippet = message.text.replace(/\s+/g, ' ').trim().slice(0, 120);
    results.unshift(`the ${name} tool returned ${snippet}`);
  }
  if (results.length === 0) return undefined;
  const sentence = results.join('; and ');
  return `Based on the tool result, ${sentence}.`;
}

function findToolName(request: SimulatedChatRequest, toolCallId: string | undefined): string | undefined {
  if (toolCallId === undefined) return undefined;
  for (const message of request.messages) {
    const call = message.toolCalls?.find((candidate) => candidate.id === toolCallId);
    if (call) return call.name;
  }
  return undefined;
}

/**
 * Cuts tokens where the earliest stop sequence starts (a token it starts inside keeps its head),
 * as providers end an answer before the sequence; undefined when none occurs.
 */
function cutAtStopSequence(tokens: readonly string[], stopSequences: readonly string[]): { content: string[]; matched: string } | undefined {
  const text = tokens.join('');
  let at = -1;
  let matched = '';
  for (const stop of stopSequences) {
    if (stop === '') continue;
    const found = text.indexOf(stop);
    if (found >= 0 && (at < 0 || found < at)) {
      at = found;
      matched = stop;
    }
  }
  if (at < 0) return undefined;
  const content: string[] = [];
  let length = 0;
  for (const token of tokens) {
    if (length + token.length > at) {
      if (at > length) content.push(token.slice(0, at - length));
      break;
    }
    content.push(token);
    length += token.length;
  }
  return { content, matched };
}

/** One token per word, the space kept in front of the word as byte-pair tokens have it. */
export function splitIntoWordTokens(text: string): string[] {
  return text.split(/(?= )/);
}

function hashConversation(request: SimulatedChatRequest, seed: number): number {
  let hash = hashString(request.model, hashString(String(seed)));
  for (const message of request.messages) hash = hashString(message.text, hashString(message.role, hash));
  return hash;
}

function randomId(random: SeededRandom, length: number): string {
  let id = '';
  for (let index = 0; index < length; index++) id += idAlphabet[Math.floor(random() * idAlphabet.length)];
  return id;
}
