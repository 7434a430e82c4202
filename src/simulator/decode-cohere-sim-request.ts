import { cohereSimErrors } from './cohere-sim-errors.js';
import type { SimWireError } from './send-sim-json.js';
import type { SimulatedChatRequest, SimulatedMessage, SimulatedResponseFormat, SimulatedTool, SimulatedToolChoice } from './simulated-chat-request.js';

type Json = Record<string, unknown>;

export interface DecodedCohereRequest {
  request: SimulatedChatRequest;
  stream: boolean;
}

const roles = ['system', 'user', 'assistant', 'tool'];
const userContentTypes = ['text', 'image_url', 'document'];

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const { invalid } = cohereSimErrors;

/**
 * Validates a `/v2/chat` body as Cohere does and turns it into the engine's request. System
 * messages stay inline; assistant tool calls carry their arguments as a JSON string (an object
 * is a translation bug and refused); every tool message must answer a call of an earlier
 * assistant message. Reasoning models think unless `thinking.type` is `disabled`.
 */
export function decodeCohereSimRequest(body: Json, model: string, options: { profileReasons: boolean }): DecodedCohereRequest | SimWireError {
  const raw = body.messages;
  if (!Array.isArray(raw) || raw.length === 0) return invalid('messages must be a non-empty array');
  const messages: SimulatedMessage[] = [];
  const calls = new Map<string, string>();
  for (let index = 0; index < raw.length; index++) {
    const message = decodeMessage(raw[index], `messages[${index}]`, calls);
    if ('status' in message) return message;
    messages.push(message);
  }

  const tools = decodeTools(body.tools);
  if (!Array.isArray(tools)) return tools;
  const toolChoice = decodeToolChoice(body.tool_choice, tools);
  if ('status' in toolChoice) return toolChoice;
  const responseFormat = decodeResponseFormat(body.response_format);
  if ('status' in responseFormat) return responseFormat;
  const problem = checkSampling(body);
  if (problem) return problem;
  const thinking = body.thinking;
  if (thinking !== undefined && (!isObject(thinking) || (thinking.type !== 'enabled' && thinking.type !== 'disabled'))) {
    return invalid("thinking.type must be one of 'enabled', 'disabled'");
  }
  const thinkingOn = options.profileReasons && !(isObject(thinking) && thinking.type === 'disabled');
  const budget = isObject(thinking) ? thinking.token_budget : undefined;
  if (budget !== undefined && (typeof budget !== 'number' || !Number.isInteger(budget) || budget < 1)) return invalid('thinking.token_budget must be a positive integer');

  return {
    request: {
      model,
      messages,
      tools,
      toolChoice,
      parallelToolCalls: true,
      responseFormat,
      maxOutputTokens: body.max_tokens as number | undefined,
      maxOutputTokensField: 'max_tokens',
      reasoningEffort: thinkingOn ? undefined : 'none',
      ...(typeof budget === 'number' ? { reasoningBudgetTokens: budget } : {}),
      ...(Array.isArray(body.stop_sequences) ? { stopSequences: body.stop_sequences as string[] } : {}),
    },
    stream: body.stream === true,
  };
}

function decodeMessage(raw: unknown, at: string, calls: Map<string, string>): SimulatedMessage | SimWireError {
  if (!isObject(raw)) return invalid(`${at} must be an object`);
  const role = raw.role;
  if (typeof role !== 'string' || !roles.includes(role)) return invalid(`${at}.role must be one of ${roles.map((name) => `'${name}'`).join(', ')}`);
  const message: SimulatedMessage = { role, text: '', imageCount: 0, firstImagePartIndex: -1 };
  const content = raw.content;
  const texts: string[] = [];
  if (typeof content === 'string') texts.push(content);
  else if (Array.isArray(content)) {
    for (let index = 0; index < content.length; index++) {
      const part: unknown = content[index];
      if (!isObject(part) || typeof part.type !== 'string') return invalid(`${at}.content[${index}].type is required`);
      if (part.type === 'text') {
        if (typeof part.text !== 'string') return invalid(`${at}.content[${index}].text must be a string`);
        texts.push(part.text);
      } else if (part.type === 'image_url') {
        if (role !== 'user') return invalid(`${at}.content[${index}]: images are only allowed in user messages`);
        if (!isObject(part.image_url) || typeof part.image_url.url !== 'string') return invalid(`${at}.content[${index}].image_url.url must be a string`);
        if (message.firstImagePartIndex < 0) message.firstImagePartIndex = index;
        message.imageCount++;
      } else if (part.type === 'thinking') {
        if (role !== 'assistant') return invalid(`${at}.content[${index}]: thinking content is only allowed in assistant messages`);
      } else if (!(role === 'user' || role === 'tool') || !userContentTypes.includes(part.type)) {
        return invalid(`${at}.content[${index}].type '${part.type}' is not supported for ${role} messages`);
      }
    }
  } else if (content !== undefined && content !== null) return invalid(`${at}.content must be a string or an array`);

  if (role === 'assistant' && raw.tool_calls !== undefined && raw.tool_calls !== null) {
    if (!Array.isArray(raw.tool_calls)) return invalid(`${at}.tool_calls must be an array`);
    message.toolCalls = [];
    for (let index = 0; index < raw.tool_calls.length; index++) {
      const call: unknown = raw.tool_calls[index];
      const callAt = `${at}.tool_calls[${index}]`;
      if (!isObject(call) || typeof call.id !== 'string' || !isObject(call.function) || typeof call.function.name !== 'string') {
        return invalid(`${callAt} must have an id and a function name`);
      }
      if (typeof call.function.arguments !== 'string') return invalid(`${callAt}.function.arguments must be a JSON string`);
      calls.set(call.id, call.function.name);
      message.toolCalls.push({ id: call.id, name: call.function.name });
      texts.push(`${call.function.name}${call.function.arguments}`);
    }
  } else if (role === 'assistant' && texts.length === 0 && content === undefined) {
    return invalid(`${at}: an assistant message needs content or tool_calls`);
  }
  if (role === 'tool') {
    if (typeof raw.tool_call_id !== 'string') return invalid(`${at}.tool_call_id is required`);
    if (!calls.has(raw.tool_call_id)) return invalid(`${at}.tool_call_id '${raw.tool_call_id}' does not match any tool call of a previous assistant message`);
    message.toolCallId = raw.tool_call_id;
  } else if (role !== 'assistant' && texts.length === 0 && message.imageCount === 0) {
    return invalid(`${at}.content must not be empty`);
  }
  message.text = texts.join('\n');
  return message;
}

function decodeTools(raw: unknown): SimulatedTool[] | SimWireError {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) return invalid('tools must be an array');
  const tools: SimulatedTool[] = [];
  for (let index = 0; index < raw.length; index++) {
    const tool: unknown = raw[index];
    if (!isObject(tool) || tool.type !== 'function' || !isObject(tool.function) || typeof tool.function.name !== 'string') {
      return invalid(`tools[${index}] must be {type: 'function', function: {name, parameters}}`);
    }
    tools.push({ name: tool.function.name, parameters: tool.function.parameters, definitionSize: JSON.stringify(tool).length });
  }
  return tools;
}

function decodeToolChoice(raw: unknown, tools: SimulatedTool[]): SimulatedToolChoice | SimWireError {
  if (raw === undefined || raw === null) return { kind: 'auto' };
  if (raw !== 'REQUIRED' && raw !== 'NONE') return invalid("tool_choice must be one of 'REQUIRED', 'NONE'");
  if (tools.length === 0) return invalid('tool_choice can only be set when tools are provided');
  return { kind: raw === 'REQUIRED' ? 'required' : 'none' };
}

function decodeResponseFormat(raw: unknown): SimulatedResponseFormat | SimWireError {
  if (raw === undefined || raw === null) return { kind: 'text' };
  if (!isObject(raw) || (raw.type !== 'text' && raw.type !== 'json_object')) return invalid("response_format.type must be one of 'text', 'json_object'");
  if (raw.type === 'text') {
    if (raw.json_schema !== undefined) return invalid("response_format.json_schema must not be set when type is 'text'");
    return { kind: 'text' };
  }
  if (raw.json_schema === undefined || raw.json_schema === null) return { kind: 'json_object' };
  if (!isObject(raw.json_schema)) return invalid('response_format.json_schema must be an object');
  return { kind: 'json_schema', schema: raw.json_schema };
}

function checkSampling(body: Json): SimWireError | undefined {
  const { max_tokens: maxTokens, temperature, p, k, stop_sequences: stops } = body;
  if (maxTokens !== undefined && (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1)) return invalid('max_tokens must be a positive integer');
  if (temperature !== undefined && (typeof temperature !== 'number' || temperature < 0)) return invalid('temperature must be a non-negative number');
  if (p !== undefined && (typeof p !== 'number' || p < 0.01 || p > 0.99)) return invalid('p must be between 0.01 and 0.99');
  if (k !== undefined && (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k > 500)) return invalid('k must be an integer between 0 and 500');
  if (stops !== undefined && (!Array.isArray(stops) || stops.length > 5 || !stops.every((stop) => typeof stop === 'string'))) {
    return invalid('stop_sequences must be an array of at most 5 strings');
  }
  if (body.stream !== undefined && typeof body.stream !== 'boolean') return invalid('stream must be a boolean');
  return undefined;
}
