import { checkGeminiSimSchema } from './check-gemini-sim-schema.js';
import { decodeGeminiSimContents } from './decode-gemini-sim-contents.js';
import { geminiSimErrors } from './gemini-sim-errors.js';
import { protoJson } from './read-proto-json-field.js';
import type { SimWireError } from './send-sim-json.js';
import type { SimulatedChatRequest, SimulatedMessage, SimulatedResponseFormat, SimulatedTool, SimulatedToolChoice } from './simulated-chat-request.js';

type Json = Record<string, unknown>;

export interface DecodedGeminiRequest {
  request: SimulatedChatRequest;
  /** `thinkingConfig.includeThoughts`: thought summaries are sent as `thought: true` parts. */
  includeThoughts: boolean;
}

const requestFields: ReadonlySet<string> = new Set([
  'contents', 'tools', 'toolConfig', 'safetySettings', 'systemInstruction', 'generationConfig', 'cachedContent', 'model', 'labels', 'serviceTier', 'store',
]);
const generationConfigFields: ReadonlySet<string> = new Set([
  'stopSequences', 'responseMimeType', 'responseSchema', 'responseJsonSchema', '_responseJsonSchema', 'responseModalities', 'candidateCount',
  'maxOutputTokens', 'temperature', 'topP', 'topK', 'seed', 'presencePenalty', 'frequencyPenalty', 'responseLogprobs', 'logprobs',
  'enableEnhancedCivicAnswers', 'speechConfig', 'thinkingConfig', 'imageConfig', 'mediaResolution', 'audioTimestamp', 'routingConfig',
  'modelSelectionConfig',
]);
const thinkingConfigFields: ReadonlySet<string> = new Set(['includeThoughts', 'thinkingBudget', 'thinkingLevel']);
const functionDeclarationFields: ReadonlySet<string> = new Set(['name', 'description', 'parameters', 'parametersJsonSchema', 'response', 'responseJsonSchema', 'behavior']);
const toolFields: ReadonlySet<string> = new Set([
  'functionDeclarations', 'googleSearch', 'googleSearchRetrieval', 'codeExecution', 'urlContext', 'computerUse', 'fileSearch', 'googleMaps', 'retrieval', 'enterpriseWebSearch',
]);
const mimeTypes = ['text/plain', 'application/json', 'application/xml', 'application/yaml', 'text/x.enum'];
const functionNamePattern = /^[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}$/;
const thinkingLevels = new Map([['minimal', 'minimal'], ['low', 'low'], ['medium', 'medium'], ['high', 'high']]);
const config = 'GenerateContentRequest.generation_config';

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const invalid = geminiSimErrors.invalidArgument;

/**
 * Validates a generateContent body as Gemini parses it (proto JSON: camelCase or snake_case,
 * unknown fields rejected; Gemini's own rules for turns, tools and generationConfig) and turns
 * it into the engine's request. Thinking is on by default for a reasoning model, as on Gemini
 * 2.5+; `thinkingBudget: 0` turns it off, a positive budget caps it.
 */
export function decodeGeminiSimRequest(body: Json, model: string, options: { profileReasons: boolean; seed: number }): DecodedGeminiRequest | SimWireError {
  const unknown = protoJson.unknownKey(body, requestFields);
  if (unknown !== undefined) return geminiSimErrors.unknownField(unknown, undefined);
  const contents = decodeGeminiSimContents(body.contents, { checkSignatures: options.profileReasons, seed: options.seed });
  if (!Array.isArray(contents)) return contents;
  const system = decodeSystemInstruction(protoJson.field(body, 'systemInstruction'));
  if (system !== undefined && 'status' in system) return system;

  const tools = decodeTools(body.tools);
  if (!Array.isArray(tools)) return tools;
  const choice = decodeToolConfig(protoJson.field(body, 'toolConfig'), tools);
  if ('status' in choice) return choice;

  const generation = protoJson.field(body, 'generationConfig') ?? {};
  if (!isObject(generation)) return invalid(`Invalid value at 'generation_config' (type.googleapis.com/google.ai.generativelanguage.v1beta.GenerationConfig)`);
  const unknownConfig = protoJson.unknownKey(generation, generationConfigFields);
  if (unknownConfig !== undefined) return geminiSimErrors.unknownField(unknownConfig, 'generation_config');
  const sampling = checkSampling(generation, model);
  if (sampling) return sampling;
  const responseFormat = decodeResponseFormat(generation);
  if ('status' in responseFormat) return responseFormat;
  const thinking = decodeThinking(protoJson.field(generation, 'thinkingConfig'), options.profileReasons);
  if ('status' in thinking) return thinking;

  const maxOutputTokens = protoJson.field(generation, 'maxOutputTokens');
  const stopSequences = protoJson.field(generation, 'stopSequences');
  const messages: SimulatedMessage[] = system ? [system, ...contents] : contents;
  return {
    request: {
      model,
      messages,
      tools: choice.tools,
      toolChoice: choice.toolChoice,
      parallelToolCalls: true,
      responseFormat,
      maxOutputTokens: maxOutputTokens as number | undefined,
      maxOutputTokensField: 'generationConfig.maxOutputTokens',
      reasoningEffort: thinking.effort,
      ...(thinking.budget === undefined ? {} : { reasoningBudgetTokens: thinking.budget }),
      ...(Array.isArray(stopSequences) ? { stopSequences: stopSequences as string[] } : {}),
    },
    includeThoughts: thinking.includeThoughts,
  };
}

function decodeSystemInstruction(raw: unknown): SimulatedMessage | undefined | SimWireError {
  if (raw === undefined || raw === null) return undefined;
  if (!isObject(raw) || !Array.isArray(raw.parts)) return invalid("Invalid value at 'system_instruction' (type.googleapis.com/google.ai.generativelanguage.v1beta.Content)");
  const texts: string[] = [];
  for (let index = 0; index < raw.parts.length; index++) {
    const part: unknown = raw.parts[index];
    if (!isObject(part) || typeof part.text !== 'string') return invalid(`* GenerateContentRequest.system_instruction.parts[${index}]: system instructions must be text\n`);
    texts.push(part.text);
  }
  return { role: 'system', text: texts.join('\n'), imageCount: 0, firstImagePartIndex: -1 };
}

function decodeTools(raw: unknown): SimulatedTool[] | SimWireError {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) return invalid("Invalid value at 'tools' (type.googleapis.com/google.ai.generativelanguage.v1beta.Tool)");
  const tools: SimulatedTool[] = [];
  for (let toolIndex = 0; toolIndex < raw.length; toolIndex++) {
    const tool: unknown = raw[toolIndex];
    if (!isObject(tool)) return invalid(`Invalid value at 'tools[${toolIndex}]' (type.googleapis.com/google.ai.generativelanguage.v1beta.Tool)`);
    const unknownTool = protoJson.unknownKey(tool, toolFields);
    if (unknownTool !== undefined) return geminiSimErrors.unknownField(unknownTool, `tools[${toolIndex}]`);
    const declarations = protoJson.field(tool, 'functionDeclarations');
    if (declarations === undefined) continue;
    if (!Array.isArray(declarations)) return invalid(`Invalid value at 'tools[${toolIndex}].function_declarations'`);
    for (let index = 0; index < declarations.length; index++) {
      const declaration: unknown = declarations[index];
      const at = `tools[${toolIndex}].function_declarations[${index}]`;
      if (!isObject(declaration)) return invalid(`Invalid value at '${at}' (type.googleapis.com/google.ai.generativelanguage.v1beta.FunctionDeclaration)`);
      const unknownField = protoJson.unknownKey(declaration, functionDeclarationFields);
      if (unknownField !== undefined) return geminiSimErrors.unknownField(unknownField, at);
      if (typeof declaration.name !== 'string' || !functionNamePattern.test(declaration.name)) {
        return invalid(
          `* GenerateContentRequest.${at}.name: Invalid function name. Must start with a letter or an underscore. Must be alphameric (a-z, A-Z, 0-9), underscores (_), dots (.), colons (:), or dashes (-), with a maximum length of 64.\n`,
        );
      }
      const openApi = declaration.parameters;
      const jsonSchema = protoJson.field(declaration, 'parametersJsonSchema');
      if (openApi !== undefined && jsonSchema !== undefined) {
        return invalid(`* GenerateContentRequest.${at}: parameters and parameters_json_schema cannot both be set\n`);
      }
      let parameters: unknown = isObject(jsonSchema) ? jsonSchema : { type: 'object', properties: {} };
      if (openApi !== undefined) {
        const checked = checkGeminiSimSchema(openApi, `${at}.parameters`);
        if ('status' in checked) return checked;
        parameters = checked.schema;
      }
      tools.push({ name: declaration.name, parameters, definitionSize: JSON.stringify(declaration).length });
    }
  }
  return tools;
}

function decodeToolConfig(raw: unknown, tools: SimulatedTool[]): { tools: SimulatedTool[]; toolChoice: SimulatedToolChoice } | SimWireError {
  if (raw === undefined || raw === null) return { tools, toolChoice: { kind: 'auto' } };
  const calling = isObject(raw) ? protoJson.field(raw, 'functionCallingConfig') : undefined;
  if (calling === undefined) return { tools, toolChoice: { kind: 'auto' } };
  if (!isObject(calling)) return invalid("Invalid value at 'tool_config.function_calling_config'");
  const mode = calling.mode ?? 'AUTO';
  const allowed = protoJson.field(calling, 'allowedFunctionNames');
  const at = '* GenerateContentRequest.tool_config.function_calling_config';
  if (!['MODE_UNSPECIFIED', 'AUTO', 'ANY', 'NONE', 'VALIDATED'].includes(String(mode))) {
    return invalid(`Invalid value at 'tool_config.function_calling_config.mode' (type.googleapis.com/google.ai.generativelanguage.v1beta.FunctionCallingConfig.Mode), ${JSON.stringify(mode)}`);
  }
  if (mode === 'NONE') return { tools, toolChoice: { kind: 'none' } };
  if (allowed === undefined) return { tools, toolChoice: { kind: mode === 'ANY' ? 'required' : 'auto' } };
  if (mode !== 'ANY' && mode !== 'VALIDATED') return invalid(`${at}.allowed_function_names: only allowed when mode is ANY or VALIDATED\n`);
  if (!Array.isArray(allowed) || allowed.length === 0) return invalid(`${at}.allowed_function_names: must not be empty\n`);
  const missing = allowed.find((name) => !tools.some((tool) => tool.name === name));
  if (missing !== undefined) return invalid(`${at}.allowed_function_names: function ${String(missing)} is not declared in tools\n`);
  if (allowed.length === 1) return { tools, toolChoice: { kind: 'named', name: String(allowed[0]) } };
  return { tools: tools.filter((tool) => allowed.includes(tool.name)), toolChoice: { kind: mode === 'ANY' ? 'required' : 'auto' } };
}

function checkSampling(generation: Json, model: string): SimWireError | undefined {
  const maxOutputTokens = protoJson.field(generation, 'maxOutputTokens');
  if (maxOutputTokens !== undefined && (typeof maxOutputTokens !== 'number' || !Number.isInteger(maxOutputTokens) || maxOutputTokens < 1)) {
    return invalid(`* ${config}.max_output_tokens: max_output_tokens must be a positive integer\n`);
  }
  const temperature = protoJson.field(generation, 'temperature');
  if (temperature !== undefined && (typeof temperature !== 'number' || temperature < 0 || temperature > 2)) {
    return invalid(`* ${config}.temperature: temperature must be between 0 and 2\n`);
  }
  const topP = protoJson.field(generation, 'topP');
  if (topP !== undefined && (typeof topP !== 'number' || topP < 0 || topP > 1)) return invalid(`* ${config}.top_p: top_p must be between 0 and 1\n`);
  const candidateCount = protoJson.field(generation, 'candidateCount');
  if (candidateCount !== undefined && candidateCount !== 1) return invalid(`Multiple candidates is not enabled for models/${model}`);
  const stops = protoJson.field(generation, 'stopSequences');
  if (stops !== undefined) {
    if (!Array.isArray(stops) || !stops.every((stop) => typeof stop === 'string')) return invalid(`Invalid value at 'generation_config.stop_sequences' (TYPE_STRING)`);
    if (stops.length > 5) return invalid(`* ${config}.stop_sequences: the maximum number of stop sequences is 5\n`);
  }
  return undefined;
}

function decodeResponseFormat(generation: Json): SimulatedResponseFormat | SimWireError {
  const mimeType = protoJson.field(generation, 'responseMimeType') ?? 'text/plain';
  if (!mimeTypes.includes(String(mimeType))) {
    return invalid(`* ${config}.response_mime_type: allowed mimetypes are \`text/plain\`, \`application/json\`, \`application/xml\`, \`application/yaml\` and \`text/x.enum\`.\n`);
  }
  const openApi = protoJson.field(generation, 'responseSchema');
  const jsonSchema = protoJson.field(generation, 'responseJsonSchema') ?? generation._responseJsonSchema;
  if (openApi !== undefined && jsonSchema !== undefined) return invalid(`* ${config}: response_schema and response_json_schema cannot both be set\n`);
  const schemaSet = openApi !== undefined || jsonSchema !== undefined;
  if (schemaSet && mimeType !== 'application/json' && mimeType !== 'text/x.enum') {
    return invalid(`* ${config}.response_mime_type: response_mime_type must be application/json or text/x.enum when a response schema is set\n`);
  }
  if (mimeType !== 'application/json') return { kind: 'text' };
  if (openApi !== undefined) {
    const checked = checkGeminiSimSchema(openApi, 'generation_config.response_schema');
    if ('status' in checked) return checked;
    return { kind: 'json_schema', schema: checked.schema };
  }
  if (jsonSchema !== undefined) {
    if (!isObject(jsonSchema)) return invalid("Invalid value at 'generation_config.response_json_schema' (type.googleapis.com/google.protobuf.Value)");
    return { kind: 'json_schema', schema: jsonSchema };
  }
  return { kind: 'json_object' };
}

function decodeThinking(raw: unknown, profileReasons: boolean): { effort: string | undefined; budget: number | undefined; includeThoughts: boolean } | SimWireError {
  if (raw === undefined || raw === null) return { effort: profileReasons ? undefined : 'none', budget: undefined, includeThoughts: false };
  if (!isObject(raw)) return invalid("Invalid value at 'generation_config.thinking_config'");
  const unknown = protoJson.unknownKey(raw, thinkingConfigFields);
  if (unknown !== undefined) return geminiSimErrors.unknownField(unknown, 'generation_config.thinking_config');
  const budget = protoJson.field(raw, 'thinkingBudget');
  const level = protoJson.field(raw, 'thinkingLevel');
  const includeThoughts = protoJson.field(raw, 'includeThoughts') === true;
  if (budget !== undefined && level !== undefined) return invalid(`* ${config}.thinking_config: thinking_budget and thinking_level cannot both be set\n`);
  if (budget !== undefined && (typeof budget !== 'number' || !Number.isInteger(budget) || budget < -1)) {
    return invalid(`* ${config}.thinking_config.thinking_budget: must be -1 (dynamic), 0 (off) or a positive integer\n`);
  }
  if (level !== undefined && !thinkingLevels.has(String(level).toLowerCase())) {
    return invalid(`Invalid value at 'generation_config.thinking_config.thinking_level' (type.googleapis.com/google.ai.generativelanguage.v1beta.ThinkingConfig.ThinkingLevel), ${JSON.stringify(level)}`);
  }
  if (!profileReasons || budget === 0) return { effort: 'none', budget: undefined, includeThoughts: false };
  const effort = level === undefined ? undefined : thinkingLevels.get(String(level).toLowerCase());
  return { effort, budget: typeof budget === 'number' && budget > 0 ? budget : undefined, includeThoughts };
}
