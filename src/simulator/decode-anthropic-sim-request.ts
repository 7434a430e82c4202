import { anthropicSimErrors } from './anthropic-sim-errors.js';
import { decodeAnthropicSimMessages } from './decode-anthropic-sim-messages.js';
import type { SimWireError } from './send-sim-json.js';
import type {
  SimulatedChatRequest,
  SimulatedMessage,
  SimulatedResponseFormat,
  SimulatedTool,
  SimulatedToolChoice,
} from './simulated-chat-request.js';

type Json = Record<string, unknown>;

export interface DecodedAnthropicRequest {
  request: SimulatedChatRequest;
  stream: boolean;
  /** Thinking was asked for (`enabled` or `adaptive`): the answer opens with signed thinking blocks. */
  thinking: boolean;
  /** For each decoded message, the client's `messages` index (-1 for the system prompt). */
  wireIndexes: number[];
  /** Decoded messages covered by the last `cache_control` breakpoint; undefined without breakpoints. */
  cachedMessageCount: number | undefined;
}

// Top-level fields of POST /v1/messages; anything else is "Extra inputs are not permitted".
const messageFields = new Set([
  'model', 'messages', 'max_tokens', 'system', 'metadata', 'stop_sequences', 'stream', 'temperature', 'top_p', 'top_k',
  'tools', 'tool_choice', 'thinking', 'service_tier', 'output_config', 'output_format', 'container', 'mcp_servers',
  'context_management', 'inference_geo',
]);
const countTokensFields = new Set(['model', 'messages', 'system', 'tools', 'tool_choice', 'thinking', 'output_config', 'output_format', 'mcp_servers', 'context_management']);
const toolNamePattern = /^[a-zA-Z0-9_-]{1,128}$/;
const efforts = new Map([['low', 'low'], ['medium', 'medium'], ['high', 'high'], ['max', 'high']]);
const maxCacheBreakpoints = 4;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const invalid = anthropicSimErrors.invalidRequest;

/**
 * Validates a Messages API body as Anthropic does (first problem wins, in Anthropic's wording)
 * and turns it into the engine's request. `countTokens` checks a count_tokens body instead (no
 * `max_tokens`). `model` has been checked by the caller.
 */
export function decodeAnthropicSimRequest(
  body: Json,
  model: string,
  options: { countTokens: boolean; profileReasons: boolean; seed: number },
): DecodedAnthropicRequest | SimWireError {
  const allowed = options.countTokens ? countTokensFields : messageFields;
  for (const key of Object.keys(body)) if (!allowed.has(key)) return invalid(`${key}: Extra inputs are not permitted`);

  let maxTokens: number | undefined;
  if (!options.countTokens) {
    if (body.max_tokens === undefined) return invalid('max_tokens: Field required');
    if (typeof body.max_tokens !== 'number' || !Number.isInteger(body.max_tokens)) return invalid('max_tokens: Input should be a valid integer');
    if (body.max_tokens < 1) return invalid('max_tokens: Input should be greater than or equal to 1');
    maxTokens = body.max_tokens;
  }

  const thinking = decodeThinking(body, maxTokens);
  if ('status' in thinking) return thinking;
  const thinkingOn = thinking.on && options.profileReasons;

  const decoded = decodeAnthropicSimMessages(body.messages, { thinking: thinkingOn, seed: options.seed });
  if ('status' in decoded) return decoded;
  const system = decodeSystem(body.system);
  if ('status' in system) return system;

  const tools = decodeTools(body.tools);
  if ('status' in tools) return tools;
  const choice = decodeToolChoice(body.tool_choice, tools.tools);
  if ('status' in choice) return choice;
  if (thinking.on && (choice.toolChoice.kind === 'required' || choice.toolChoice.kind === 'named')) {
    return invalid('Thinking may not be enabled when tool_choice forces tool use.');
  }
  const breakpoints = decoded.cacheBreakpoints + system.breakpoints + tools.breakpoints;
  if (breakpoints > maxCacheBreakpoints) return invalid(`A maximum of ${maxCacheBreakpoints} blocks with cache_control may be provided. Found ${breakpoints}.`);

  const responseFormat = decodeOutputFormat(body);
  if ('status' in responseFormat) return responseFormat;
  const sampling = checkSampling(body, thinking.on);
  if (sampling) return sampling;
  if (body.stream !== undefined && typeof body.stream !== 'boolean') return invalid('stream: Input should be a valid boolean');

  const messages: SimulatedMessage[] = system.message ? [system.message, ...decoded.messages] : decoded.messages;
  const wireIndexes = system.message ? [-1, ...decoded.wireIndexes] : decoded.wireIndexes;
  const offset = system.message ? 1 : 0;
  let cachedMessageCount: number | undefined;
  if (decoded.cachedMessageCount !== undefined) cachedMessageCount = decoded.cachedMessageCount + offset;
  else if (system.breakpoints > 0) cachedMessageCount = 1;
  else if (tools.breakpoints > 0) cachedMessageCount = 0;

  return {
    request: {
      model,
      messages,
      tools: tools.tools,
      toolChoice: choice.toolChoice,
      parallelToolCalls: !choice.disableParallel,
      responseFormat,
      maxOutputTokens: maxTokens,
      maxOutputTokensField: 'max_tokens',
      reasoningEffort: thinkingOn ? thinking.effort : 'none',
      ...(thinking.budget === undefined ? {} : { reasoningBudgetTokens: thinking.budget }),
      ...(Array.isArray(body.stop_sequences) ? { stopSequences: body.stop_sequences as string[] } : {}),
    },
    stream: body.stream === true,
    thinking: thinkingOn,
    wireIndexes,
    cachedMessageCount,
  };
}

function decodeThinking(body: Json, maxTokens: number | undefined): { on: boolean; effort: string | undefined; budget: number | undefined } | SimWireError {
  const effortField = isObject(body.output_config) ? body.output_config.effort : undefined;
  if (effortField !== undefined && !efforts.has(String(effortField))) return invalid("output_config.effort: Input should be 'low', 'medium', 'high' or 'max'");
  const effort = effortField === undefined ? undefined : efforts.get(String(effortField));
  const thinking = body.thinking;
  if (thinking === undefined || thinking === null) return { on: false, effort, budget: undefined };
  if (!isObject(thinking)) return invalid('thinking: Input should be a valid dictionary');
  if (thinking.type === 'disabled') return { on: false, effort, budget: undefined };
  if (thinking.type === 'adaptive') return { on: true, effort, budget: undefined };
  if (thinking.type !== 'enabled') return invalid(`thinking: Input tag '${String(thinking.type)}' found using 'type' does not match any of the expected tags: 'enabled', 'disabled', 'adaptive'`);
  const budget = thinking.budget_tokens;
  if (typeof budget !== 'number' || !Number.isInteger(budget)) return invalid('thinking.enabled.budget_tokens: Field required');
  if (budget < 1024) return invalid('thinking.enabled.budget_tokens: Input should be greater than or equal to 1024');
  if (maxTokens !== undefined && maxTokens <= budget) {
    return invalid(
      '`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size',
    );
  }
  return { on: true, effort, budget };
}

function decodeSystem(system: unknown): { message: SimulatedMessage | undefined; breakpoints: number } | SimWireError {
  if (system === undefined || system === null) return { message: undefined, breakpoints: 0 };
  if (typeof system === 'string') return { message: system === '' ? undefined : { role: 'system', text: system, imageCount: 0, firstImagePartIndex: -1 }, breakpoints: 0 };
  if (!Array.isArray(system)) return invalid('system: Input should be a valid string or list');
  const texts: string[] = [];
  let breakpoints = 0;
  for (let index = 0; index < system.length; index++) {
    const block: unknown = system[index];
    if (!isObject(block) || block.type !== 'text') return invalid(`system.${index}.type: Input should be 'text'`);
    if (typeof block.text !== 'string' || block.text === '') return invalid(`system.${index}.text: text content blocks must be non-empty`);
    if (isObject(block.cache_control)) breakpoints++;
    texts.push(block.text);
  }
  return { message: texts.length > 0 ? { role: 'system', text: texts.join('\n'), imageCount: 0, firstImagePartIndex: -1 } : undefined, breakpoints };
}

function decodeTools(raw: unknown): { tools: SimulatedTool[]; breakpoints: number } | SimWireError {
  if (raw === undefined || raw === null) return { tools: [], breakpoints: 0 };
  if (!Array.isArray(raw)) return invalid('tools: Input should be a valid list');
  const tools: SimulatedTool[] = [];
  let breakpoints = 0;
  const names = new Set<string>();
  for (let index = 0; index < raw.length; index++) {
    const tool: unknown = raw[index];
    if (!isObject(tool)) return invalid(`tools.${index}: Input should be a valid dictionary`);
    if (isObject(tool.cache_control)) breakpoints++;
    if (typeof tool.name !== 'string' || !toolNamePattern.test(tool.name)) {
      return invalid(`tools.${index}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`);
    }
    if (names.has(tool.name)) return invalid('tools: Tool names must be unique.');
    names.add(tool.name);
    // Server tools (web search, code execution…) run at Anthropic; the simulated model never calls them.
    if (tool.type !== undefined && tool.type !== 'custom') continue;
    if (!isObject(tool.input_schema)) return invalid(`tools.${index}.custom.input_schema: Field required`);
    if (tool.input_schema.type !== 'object') return invalid(`tools.${index}.custom.input_schema.type: Input should be 'object'`);
    tools.push({ name: tool.name, parameters: tool.input_schema, definitionSize: JSON.stringify(tool).length });
  }
  return { tools, breakpoints };
}

function decodeToolChoice(raw: unknown, tools: SimulatedTool[]): { toolChoice: SimulatedToolChoice; disableParallel: boolean } | SimWireError {
  if (raw === undefined || raw === null) return { toolChoice: { kind: 'auto' }, disableParallel: false };
  if (!isObject(raw)) return invalid('tool_choice: Input should be a valid dictionary');
  if (raw.disable_parallel_tool_use !== undefined && typeof raw.disable_parallel_tool_use !== 'boolean') {
    return invalid(`tool_choice.${String(raw.type)}.disable_parallel_tool_use: Input should be a valid boolean`);
  }
  const disableParallel = raw.disable_parallel_tool_use === true;
  switch (raw.type) {
    case 'auto':
      return { toolChoice: { kind: 'auto' }, disableParallel };
    case 'none':
      return { toolChoice: { kind: 'none' }, disableParallel };
    case 'any':
      if (tools.length === 0) return invalid('tool_choice.any: tool_choice may only be specified while providing tools.');
      return { toolChoice: { kind: 'required' }, disableParallel };
    case 'tool': {
      if (typeof raw.name !== 'string') return invalid('tool_choice.tool.name: Field required');
      const name = raw.name;
      if (!tools.some((tool) => tool.name === name)) return invalid(`tool_choice.tool.name: Tool '${name}' not found in the provided tools`);
      return { toolChoice: { kind: 'named', name }, disableParallel };
    }
    default:
      return invalid(`tool_choice: Input tag '${String(raw.type)}' found using 'type' does not match any of the expected tags: 'auto', 'any', 'tool', 'none'`);
  }
}

/** Structured outputs: `output_config.format` (GA) or the earlier beta `output_format`. */
function decodeOutputFormat(body: Json): SimulatedResponseFormat | SimWireError {
  const config = isObject(body.output_config) ? body.output_config.format : undefined;
  const format = config ?? body.output_format;
  const path = config !== undefined ? 'output_config.format' : 'output_format';
  if (format === undefined || format === null) return { kind: 'text' };
  if (!isObject(format) || format.type !== 'json_schema') return invalid(`${path}.type: Input should be 'json_schema'`);
  if (!isObject(format.schema)) return invalid(`${path}.schema: Field required`);
  return { kind: 'json_schema', schema: format.schema };
}

function checkSampling(body: Json, thinking: boolean): SimWireError | undefined {
  const { temperature, top_p: topP, top_k: topK, stop_sequences: stops } = body;
  if (temperature !== undefined) {
    if (typeof temperature !== 'number') return invalid('temperature: Input should be a valid number');
    if (temperature < 0) return invalid('temperature: Input should be greater than or equal to 0');
    if (temperature > 1) return invalid('temperature: Input should be less than or equal to 1');
    if (thinking && temperature !== 1) {
      return invalid(
        '`temperature` may only be set to 1 when thinking is enabled or in adaptive mode. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#feature-compatibility',
      );
    }
  }
  if (topP !== undefined && (typeof topP !== 'number' || topP < 0 || topP > 1)) return invalid('top_p: Input should be a number between 0 and 1');
  if (topK !== undefined && (typeof topK !== 'number' || !Number.isInteger(topK) || topK < 0)) return invalid('top_k: Input should be a non-negative integer');
  if (stops !== undefined && (!Array.isArray(stops) || !stops.every((stop) => typeof stop === 'string'))) {
    return invalid('stop_sequences: Input should be a valid list of strings');
  }
  return undefined;
}
