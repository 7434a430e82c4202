import { bedrockSimErrors } from './bedrock-sim-errors.js';
import { decodeBedrockSimMessages } from './decode-bedrock-sim-messages.js';
import type { SimWireError } from './send-sim-json.js';
import type { SimulatedChatRequest, SimulatedMessage, SimulatedTool, SimulatedToolChoice } from './simulated-chat-request.js';

type Json = Record<string, unknown>;

export interface DecodedBedrockRequest {
  request: SimulatedChatRequest;
  /** Reasoning was asked for in additionalModelRequestFields (Claude `thinking` or Nova `reasoningConfig`). */
  reasoning: boolean;
  /** Decoded messages covered by the last cachePoint; undefined when the request has none. */
  cachedMessageCount: number | undefined;
}

const toolNamePattern = /^[a-zA-Z0-9_-]{1,64}$/;
const efforts = new Set(['low', 'medium', 'high']);

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const { validation, constraint, modelError } = bedrockSimErrors;

/**
 * Validates a Converse / ConverseStream body as Bedrock does and turns it into the engine's
 * request. Structured output comes from `outputConfig.textFormat` (type `json_schema`, the schema as
 * a JSON string); JSON without a schema has no Converse field (gateways force a tool instead).
 * Reasoning is off unless additionalModelRequestFields asks for it.
 */
export function decodeBedrockSimRequest(body: Json, model: string, options: { profileReasons: boolean; seed: number }): DecodedBedrockRequest | SimWireError {
  const inference = body.inferenceConfig ?? {};
  if (!isObject(inference)) return validation('inferenceConfig must be an object.');
  const { maxTokens, temperature, topP, stopSequences } = inference;
  if (maxTokens !== undefined && (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1)) {
    return constraint(maxTokens, 'inferenceConfig.maxTokens', 'Member must have value greater than or equal to 1');
  }
  if (temperature !== undefined && (typeof temperature !== 'number' || temperature < 0 || temperature > 1)) {
    return constraint(temperature, 'inferenceConfig.temperature', 'Member must have value less than or equal to 1');
  }
  if (topP !== undefined && (typeof topP !== 'number' || topP < 0 || topP > 1)) return constraint(topP, 'inferenceConfig.topP', 'Member must have value less than or equal to 1');
  if (stopSequences !== undefined && (!Array.isArray(stopSequences) || !stopSequences.every((stop) => typeof stop === 'string' && stop !== ''))) {
    return constraint(stopSequences, 'inferenceConfig.stopSequences', 'Member must be a list of non-empty strings');
  }

  const responseFormat = decodeOutputConfig(body.outputConfig);
  if ('status' in responseFormat) return responseFormat;
  const reasoning = decodeReasoning(body.additionalModelRequestFields, maxTokens as number | undefined);
  if ('status' in reasoning) return reasoning;
  const reasoningOn = reasoning.on && options.profileReasons;

  if (body.toolConfig === undefined && mentionsTools(body.messages)) {
    return validation('The toolConfig field must be defined when using toolUse and toolResult content blocks.');
  }
  const decoded = decodeBedrockSimMessages(body.messages, { thinking: reasoningOn, seed: options.seed });
  if ('status' in decoded) return decoded;
  const system = decodeSystem(body.system);
  if ('status' in system) return system;
  const tools = decodeToolConfig(body.toolConfig);
  if ('status' in tools) return tools;
  if (reasoning.on && (tools.toolChoice.kind === 'required' || tools.toolChoice.kind === 'named')) {
    return modelError('Thinking may not be enabled when tool_choice forces tool use.');
  }

  const messages: SimulatedMessage[] = system.message ? [system.message, ...decoded.messages] : decoded.messages;
  const offset = system.message ? 1 : 0;
  let cachedMessageCount: number | undefined;
  if (decoded.cachedMessageCount !== undefined) cachedMessageCount = decoded.cachedMessageCount + offset;
  else if (system.cachePoint) cachedMessageCount = offset;
  else if (tools.cachePoint) cachedMessageCount = 0;
  return {
    request: {
      model,
      messages,
      tools: tools.tools,
      toolChoice: tools.toolChoice,
      parallelToolCalls: true,
      responseFormat,
      maxOutputTokens: maxTokens as number | undefined,
      maxOutputTokensField: 'inferenceConfig.maxTokens',
      reasoningEffort: reasoningOn ? reasoning.effort : 'none',
      ...(reasoning.budget === undefined ? {} : { reasoningBudgetTokens: reasoning.budget }),
      ...(Array.isArray(stopSequences) ? { stopSequences: stopSequences as string[] } : {}),
    },
    reasoning: reasoningOn,
    cachedMessageCount,
  };
}

/** `outputConfig: {textFormat: {type: 'json_schema', structure: {jsonSchema: {schema: '<JSON text>', name?}}}}`. */
function decodeOutputConfig(raw: unknown): SimulatedChatRequest['responseFormat'] | SimWireError {
  if (raw === undefined) return { kind: 'text' };
  if (!isObject(raw)) return validation('outputConfig must be an object.');
  const format = raw.textFormat;
  if (format === undefined) return { kind: 'text' };
  if (!isObject(format) || format.type !== 'json_schema') return validation('outputConfig.textFormat.type must be json_schema.');
  const jsonSchema = isObject(format.structure) ? format.structure.jsonSchema : undefined;
  if (!isObject(jsonSchema) || typeof jsonSchema.schema !== 'string') {
    return validation('outputConfig.textFormat.structure.jsonSchema.schema must be the JSON schema as a string.');
  }
  try {
    const schema: unknown = JSON.parse(jsonSchema.schema);
    if (!isObject(schema)) return validation('outputConfig.textFormat.structure.jsonSchema.schema must be a JSON object.');
    return { kind: 'json_schema', schema };
  } catch {
    return validation('outputConfig.textFormat.structure.jsonSchema.schema is not valid JSON.');
  }
}

function mentionsTools(messages: unknown): boolean {
  if (!Array.isArray(messages)) return false;
  return messages.some(
    (message: unknown) =>
      isObject(message) && Array.isArray(message.content) && message.content.some((block: unknown) => isObject(block) && (block.toolUse !== undefined || block.toolResult !== undefined)),
  );
}

/** Claude's `thinking: {type: enabled, budget_tokens}` or Nova's `reasoningConfig: {type: enabled, maxReasoningEffort}`. */
function decodeReasoning(raw: unknown, maxTokens: number | undefined): { on: boolean; effort: string | undefined; budget: number | undefined } | SimWireError {
  if (raw === undefined) return { on: false, effort: undefined, budget: undefined };
  if (!isObject(raw)) return validation('additionalModelRequestFields must be an object.');
  const thinking = raw.thinking;
  if (isObject(thinking) && (thinking.type === 'enabled' || thinking.type === 'adaptive')) {
    const budget = thinking.budget_tokens;
    if (thinking.type === 'enabled') {
      if (typeof budget !== 'number' || !Number.isInteger(budget) || budget < 1024) {
        return modelError('thinking.enabled.budget_tokens: Input should be greater than or equal to 1024');
      }
      if (maxTokens !== undefined && maxTokens <= budget) return modelError('`max_tokens` must be greater than `thinking.budget_tokens`.');
    }
    return { on: true, effort: undefined, budget: typeof budget === 'number' ? budget : undefined };
  }
  const config = raw.reasoningConfig;
  if (isObject(config) && config.type === 'enabled') {
    const effort = config.maxReasoningEffort;
    if (effort !== undefined && !efforts.has(String(effort))) return validation('reasoningConfig.maxReasoningEffort must be low, medium or high.');
    return { on: true, effort: effort === undefined ? undefined : String(effort), budget: undefined };
  }
  return { on: false, effort: undefined, budget: undefined };
}

function decodeSystem(raw: unknown): { message: SimulatedMessage | undefined; cachePoint: boolean } | SimWireError {
  if (raw === undefined) return { message: undefined, cachePoint: false };
  if (!Array.isArray(raw)) return validation('system must be a list of SystemContentBlock objects.');
  const texts: string[] = [];
  let cachePoint = false;
  for (let index = 0; index < raw.length; index++) {
    const block: unknown = raw[index];
    if (isObject(block) && typeof block.text === 'string') {
      if (block.text.trim() === '') return validation(`The text field in the SystemContentBlock object at system.${index} is blank. Add text to the text field, and try again.`);
      texts.push(block.text);
    } else if (isObject(block) && block.cachePoint !== undefined) cachePoint = true;
    else if (!isObject(block) || block.guardContent === undefined) return validation(`The SystemContentBlock object at system.${index} must set text, cachePoint or guardContent.`);
  }
  const message = texts.length > 0 ? { role: 'system', text: texts.join('\n'), imageCount: 0, firstImagePartIndex: -1 } : undefined;
  return { message, cachePoint };
}

function decodeToolConfig(raw: unknown): { tools: SimulatedTool[]; toolChoice: SimulatedToolChoice; cachePoint: boolean } | SimWireError {
  if (raw === undefined) return { tools: [], toolChoice: { kind: 'auto' }, cachePoint: false };
  if (!isObject(raw) || !Array.isArray(raw.tools) || raw.tools.length === 0) {
    return constraint('[]', 'toolConfig.tools', 'Member must have length greater than or equal to 1');
  }
  const tools: SimulatedTool[] = [];
  let cachePoint = false;
  for (let index = 0; index < raw.tools.length; index++) {
    const tool: unknown = raw.tools[index];
    if (isObject(tool) && tool.cachePoint !== undefined) {
      cachePoint = true;
      continue;
    }
    const spec = isObject(tool) ? tool.toolSpec : undefined;
    if (!isObject(spec)) return validation(`The Tool object at toolConfig.tools.${index} must set toolSpec or cachePoint.`);
    if (typeof spec.name !== 'string' || !toolNamePattern.test(spec.name)) {
      return constraint(spec.name, `toolConfig.tools.${index + 1}.member.toolSpec.name`, 'Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+');
    }
    if (!isObject(spec.inputSchema) || !isObject(spec.inputSchema.json)) return validation(`The toolSpec at toolConfig.tools.${index} needs inputSchema.json.`);
    tools.push({ name: spec.name, parameters: spec.inputSchema.json, definitionSize: JSON.stringify(tool).length });
  }
  const choice = raw.toolChoice;
  if (choice === undefined) return { tools, toolChoice: { kind: 'auto' }, cachePoint };
  if (!isObject(choice)) return validation('toolConfig.toolChoice must be an object.');
  if (choice.auto !== undefined) return { tools, toolChoice: { kind: 'auto' }, cachePoint };
  if (choice.any !== undefined) return { tools, toolChoice: { kind: 'required' }, cachePoint };
  if (isObject(choice.tool) && typeof choice.tool.name === 'string') {
    const name = choice.tool.name;
    if (!tools.some((tool) => tool.name === name)) return validation(`The tool ${name} named in toolChoice is not in toolConfig.tools.`);
    return { tools, toolChoice: { kind: 'named', name }, cachePoint };
  }
  return validation('toolConfig.toolChoice must set one of auto, any or tool.');
}
