import { openAiSimErrors } from './openai-sim-errors.js';
import type { OpenAiSimError } from './send-openai-sim-error.js';
import type {
  SimulatedChatRequest,
  SimulatedMessage,
  SimulatedResponseFormat,
  SimulatedTool,
  SimulatedToolChoice,
} from './simulated-chat-request.js';

export interface DecodedOpenAiChatRequest {
  request: SimulatedChatRequest;
  stream: boolean;
  includeUsage: boolean;
}

type Json = Record<string, unknown>;

const roles = ['system', 'assistant', 'user', 'function', 'tool', 'developer'] as const;
const toolChoices = ['none', 'auto', 'required'] as const;
const responseFormats = ['text', 'json_object', 'json_schema'] as const;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Validates an OpenAI chat body the way api.openai.com does (first problem wins) and turns it
 * into the engine's wire-neutral request. `model` has been checked by the caller.
 */
export function decodeOpenAiSimChatRequest(body: Json, model: string): DecodedOpenAiChatRequest | OpenAiSimError {
  const rawMessages = body.messages;
  if (rawMessages === undefined) return openAiSimErrors.missingParameter('messages');
  if (!Array.isArray(rawMessages)) return openAiSimErrors.invalidType('messages', 'an array', rawMessages);
  if (rawMessages.length === 0) return openAiSimErrors.emptyArray('messages');

  const messages: SimulatedMessage[] = [];
  for (let index = 0; index < rawMessages.length; index++) {
    const decoded = decodeMessage(rawMessages[index], index, messages);
    if ('status' in decoded) return decoded;
    messages.push(decoded);
  }

  const tools = decodeTools(body.tools);
  if (!Array.isArray(tools)) return tools;
  const toolChoice = decodeToolChoice(body.tool_choice, tools);
  if ('status' in toolChoice) return toolChoice;
  const responseFormat = decodeResponseFormat(body.response_format);
  if ('status' in responseFormat) return responseFormat;

  const maxOutputTokensField =
    body.max_completion_tokens !== undefined && body.max_completion_tokens !== null
      ? 'max_completion_tokens'
      : body.max_tokens !== undefined && body.max_tokens !== null
        ? 'max_tokens'
        : undefined;
  const maxOutputTokens = maxOutputTokensField === undefined ? undefined : body[maxOutputTokensField];
  if (maxOutputTokensField !== undefined) {
    if (typeof maxOutputTokens !== 'number' || !Number.isInteger(maxOutputTokens)) {
      return openAiSimErrors.invalidType(maxOutputTokensField, 'an integer', maxOutputTokens);
    }
    if (maxOutputTokens < 1) return openAiSimErrors.belowMinimum(maxOutputTokensField, 1, maxOutputTokens);
  }

  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') {
    return openAiSimErrors.invalidType('stream', 'a boolean', body.stream);
  }
  const stream = body.stream === true;
  const streamOptions = body.stream_options;
  if (streamOptions !== undefined && streamOptions !== null && !stream) {
    return openAiSimErrors.custom("The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options');
  }
  if (body.parallel_tool_calls !== undefined && body.parallel_tool_calls !== null && typeof body.parallel_tool_calls !== 'boolean') {
    return openAiSimErrors.invalidType('parallel_tool_calls', 'a boolean', body.parallel_tool_calls);
  }
  const reasoningEffort = typeof body.reasoning_effort === 'string' ? body.reasoning_effort : undefined;

  return {
    request: {
      model,
      messages,
      tools,
      toolChoice,
      parallelToolCalls: body.parallel_tool_calls !== false,
      responseFormat,
      maxOutputTokens: maxOutputTokens as number | undefined,
      maxOutputTokensField,
      reasoningEffort,
      legacyMaxTokens: maxOutputTokensField === 'max_tokens',
    },
    stream,
    includeUsage: isObject(streamOptions) && streamOptions.include_usage === true,
  };
}

function decodeMessage(raw: unknown, index: number, previous: SimulatedMessage[]): SimulatedMessage | OpenAiSimError {
  const param = `messages[${index}]`;
  if (!isObject(raw)) return openAiSimErrors.invalidType(param, 'an object', raw);
  if (raw.role === undefined) return openAiSimErrors.missingParameter(`${param}.role`);
  if (typeof raw.role !== 'string' || !(roles as readonly string[]).includes(raw.role)) {
    return openAiSimErrors.invalidValue(`${param}.role`, raw.role, roles);
  }
  const message: SimulatedMessage = { role: raw.role, text: '', imageCount: 0, firstImagePartIndex: -1 };
  const content = raw.content;
  if (typeof content === 'string') {
    message.text = content;
  } else if (Array.isArray(content)) {
    const texts: string[] = [];
    for (let partIndex = 0; partIndex < content.length; partIndex++) {
      const part = content[partIndex];
      if (!isObject(part) || typeof part.type !== 'string') return openAiSimErrors.missingParameter(`${param}.content[${partIndex}].type`);
      if (part.type === 'text' || part.type === 'refusal') texts.push(String(part.text ?? part.refusal ?? ''));
      else if (part.type === 'image_url') {
        if (message.firstImagePartIndex < 0) message.firstImagePartIndex = partIndex;
        message.imageCount++;
      }
    }
    message.text = texts.join('\n');
  } else if (content !== undefined && content !== null) {
    return openAiSimErrors.invalidType(`${param}.content`, 'one of a string or array of objects', content);
  } else if (raw.role !== 'assistant') {
    return openAiSimErrors.missingParameter(`${param}.content`);
  }

  if (raw.role === 'assistant' && Array.isArray(raw.tool_calls)) {
    message.toolCalls = [];
    for (const call of raw.tool_calls) {
      if (!isObject(call) || !isObject(call.function)) continue;
      const name = String(call.function.name ?? '');
      message.toolCalls.push({ id: String(call.id ?? ''), name });
      message.text += `${name}${String(call.function.arguments ?? '')}`;
    }
  }
  if (raw.role === 'tool') {
    if (typeof raw.tool_call_id !== 'string') return openAiSimErrors.missingParameter(`${param}.tool_call_id`);
    // A tool result must answer a call: the nearest earlier non-tool message has to be an assistant with tool_calls.
    let answering: SimulatedMessage | undefined;
    for (let back = previous.length - 1; back >= 0; back--) {
      if (previous[back]?.role !== 'tool') {
        answering = previous[back];
        break;
      }
    }
    if (answering?.role !== 'assistant' || !answering.toolCalls?.length) return openAiSimErrors.toolMessageWithoutCall(index);
    message.toolCallId = raw.tool_call_id;
  }
  return message;
}

function decodeTools(raw: unknown): SimulatedTool[] | OpenAiSimError {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) return openAiSimErrors.invalidType('tools', 'an array', raw);
  const tools: SimulatedTool[] = [];
  for (let index = 0; index < raw.length; index++) {
    const tool = raw[index];
    if (!isObject(tool) || !isObject(tool.function)) return openAiSimErrors.missingParameter(`tools[${index}].function`);
    const name = tool.function.name;
    if (typeof name !== 'string' || name === '') return openAiSimErrors.missingParameter(`tools[${index}].function.name`);
    tools.push({ name, parameters: tool.function.parameters, definitionSize: JSON.stringify(tool).length });
  }
  return tools;
}

function decodeToolChoice(raw: unknown, tools: SimulatedTool[]): SimulatedToolChoice | OpenAiSimError {
  if (raw === undefined || raw === null) return { kind: 'auto' };
  if (tools.length === 0) {
    return openAiSimErrors.custom(
      "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
      'tool_choice',
    );
  }
  if (typeof raw === 'string') {
    if (!(toolChoices as readonly string[]).includes(raw)) return openAiSimErrors.invalidValue('tool_choice', raw, toolChoices);
    return { kind: raw as 'none' | 'auto' | 'required' };
  }
  if (isObject(raw) && isObject(raw.function) && typeof raw.function.name === 'string') {
    const name = raw.function.name;
    if (!tools.some((tool) => tool.name === name)) {
      return openAiSimErrors.custom(`Invalid value for 'tool_choice': function '${name}' is not in 'tools'.`, 'tool_choice', 'invalid_value');
    }
    return { kind: 'named', name };
  }
  return openAiSimErrors.invalidType('tool_choice', 'one of a string or object', raw);
}

function decodeResponseFormat(raw: unknown): SimulatedResponseFormat | OpenAiSimError {
  if (raw === undefined || raw === null) return { kind: 'text' };
  if (!isObject(raw)) return openAiSimErrors.invalidType('response_format', 'an object', raw);
  if (!(responseFormats as readonly unknown[]).includes(raw.type)) {
    return openAiSimErrors.invalidValue('response_format.type', raw.type, responseFormats);
  }
  if (raw.type === 'json_schema') {
    if (!isObject(raw.json_schema)) return openAiSimErrors.missingParameter('response_format.json_schema');
    return { kind: 'json_schema', schema: raw.json_schema.schema ?? {} };
  }
  return { kind: raw.type as 'text' | 'json_object' };
}
