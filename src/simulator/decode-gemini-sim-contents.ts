import { geminiSimErrors } from './gemini-sim-errors.js';
import { protoJson } from './read-proto-json-field.js';
import type { SimWireError } from './send-sim-json.js';
import type { SimulatedMessage } from './simulated-chat-request.js';
import { simThinkingSignature } from './sim-thinking-signature.js';

type Json = Record<string, unknown>;

const partFields: ReadonlySet<string> = new Set([
  'text', 'inlineData', 'fileData', 'functionCall', 'functionResponse', 'executableCode', 'codeExecutionResult', 'toolCall',
  'toolResponse', 'thought', 'thoughtSignature', 'videoMetadata', 'partMetadata', 'mediaResolution',
]);
const dataFields = ['text', 'inlineData', 'fileData', 'functionCall', 'functionResponse', 'executableCode', 'codeExecutionResult', 'toolCall', 'toolResponse'];
const contentFields: ReadonlySet<string> = new Set(['role', 'parts']);
const signatureDocs = 'https://ai.google.dev/gemini-api/docs/thought-signatures';

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const invalid = geminiSimErrors.invalidArgument;

interface PendingCall {
  id: string;
  name: string;
  answered: boolean;
}

/**
 * Checks `contents` the way generateContent does and decodes them for the engine. Gemini has no
 * call ids, so calls get synthetic ones and each functionResponse answers the first unanswered
 * call of the same name in the turn just before it (which must be a function-call turn with as
 * many calls as there are responses). With `checkSignatures` (a reasoning model) every
 * thoughtSignature must be one the simulator issued, and the function calls of the current turn
 * must carry theirs on the first call of each model message, as Gemini 3 requires.
 */
export function decodeGeminiSimContents(raw: unknown, options: { checkSignatures: boolean; seed: number }): SimulatedMessage[] | SimWireError {
  if (raw === undefined || (Array.isArray(raw) && raw.length === 0)) return invalid('* GenerateContentRequest.contents: contents is not specified\n');
  if (!Array.isArray(raw)) return invalid("Invalid value at 'contents' (type.googleapis.com/google.ai.generativelanguage.v1beta.Content)");

  const messages: SimulatedMessage[] = [];
  let previousCalls: PendingCall[] | undefined;
  let previousRole: string | undefined;
  let currentTurnStart = 0;
  const modelCallContents: { index: number; parts: Json[] }[] = [];

  for (let index = 0; index < raw.length; index++) {
    const content: unknown = raw[index];
    const at = `contents[${index}]`;
    if (!isObject(content)) return invalid(`Invalid value at '${at}' (type.googleapis.com/google.ai.generativelanguage.v1beta.Content)`);
    const unknown = protoJson.unknownKey(content, contentFields);
    if (unknown !== undefined) return geminiSimErrors.unknownField(unknown, at);
    const role = content.role ?? 'user';
    if (role !== 'user' && role !== 'model') return invalid('Please use a valid role: user, model.');
    const parts = content.parts;
    if (!Array.isArray(parts) || parts.length === 0) return invalid(`* GenerateContentRequest.${at}.parts: contents.parts must not be empty.\n`);

    const texts: string[] = [];
    const calls: PendingCall[] = [];
    const responses: { name: string; text: string }[] = [];
    let imageCount = 0;
    let firstImagePartIndex = -1;
    for (let partIndex = 0; partIndex < parts.length; partIndex++) {
      const part: unknown = parts[partIndex];
      const partAt = `${at}.parts[${partIndex}]`;
      if (!isObject(part)) return invalid(`Invalid value at '${partAt}' (type.googleapis.com/google.ai.generativelanguage.v1beta.Part)`);
      const unknownPart = protoJson.unknownKey(part, partFields);
      if (unknownPart !== undefined) return geminiSimErrors.unknownField(unknownPart, partAt);
      const set = dataFields.filter((name) => protoJson.field(part, name) !== undefined);
      if (set.length === 0) return invalid(`* GenerateContentRequest.${partAt}.data: required oneof field 'data' must have one initialized field\n`);
      if (set.length > 1) return invalid(`Invalid JSON payload received. Oneof field 'data' is already set. Cannot set '${set[1]}'`);
      const signature = protoJson.field(part, 'thoughtSignature');
      if (signature !== undefined && options.checkSignatures && !simThinkingSignature.isOpaque(options.seed, signature)) {
        return invalid('Corrupted thought signature.');
      }
      const text = protoJson.field(part, 'text');
      const inlineData = protoJson.field(part, 'inlineData');
      const functionCall = protoJson.field(part, 'functionCall');
      const functionResponse = protoJson.field(part, 'functionResponse');
      if (text !== undefined) {
        if (typeof text !== 'string') return invalid(`Invalid value at '${partAt}.text' (TYPE_STRING), ${JSON.stringify(text)}`);
        // Thought summaries sent back are context only; they are not part of what the model answers to.
        if (protoJson.field(part, 'thought') !== true) texts.push(text);
      } else if (inlineData !== undefined) {
        if (!isObject(inlineData) || typeof protoJson.field(inlineData, 'mimeType') !== 'string' || typeof inlineData.data !== 'string') {
          return invalid(`* GenerateContentRequest.${partAt}.inline_data: mime_type and data are required\n`);
        }
        if (String(protoJson.field(inlineData, 'mimeType')).startsWith('image/')) {
          if (firstImagePartIndex < 0) firstImagePartIndex = partIndex;
          imageCount++;
        }
      } else if (functionCall !== undefined) {
        if (role !== 'model') return invalid(`* GenerateContentRequest.${partAt}.function_call: function calls must be in a model turn\n`);
        if (!isObject(functionCall) || typeof functionCall.name !== 'string' || functionCall.name === '') {
          return invalid(`* GenerateContentRequest.${partAt}.function_call.name: Name cannot be empty.\n`);
        }
        if (functionCall.args !== undefined && !isObject(functionCall.args)) return invalid(`Invalid value at '${partAt}.function_call.args' (type.googleapis.com/google.protobuf.Struct)`);
        calls.push({ id: `gemini_call_${index}_${calls.length}`, name: functionCall.name, answered: false });
        texts.push(`${functionCall.name}${JSON.stringify(functionCall.args ?? {})}`);
      } else if (functionResponse !== undefined) {
        if (!isObject(functionResponse) || typeof functionResponse.name !== 'string' || functionResponse.name === '') {
          return invalid(`* GenerateContentRequest.${partAt}.function_response.name: Name cannot be empty.\n`);
        }
        if (!isObject(functionResponse.response)) {
          return invalid(`* GenerateContentRequest.${partAt}.function_response.response: must be a JSON object (a Struct)\n`);
        }
        responses.push({ name: functionResponse.name, text: JSON.stringify(functionResponse.response) });
      }
    }

    // A function-response turn is a user turn too.
    if (calls.length > 0 && previousRole !== 'user') {
      return invalid('Please ensure that function call turn comes immediately after a user turn or after a function response turn.');
    }
    if (responses.length > 0) {
      if (!previousCalls) return invalid('Please ensure that function response turn comes immediately after a function call turn.');
      if (responses.length !== previousCalls.length) {
        return invalid('Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.');
      }
      for (const response of responses) {
        const call = previousCalls.find((candidate) => candidate.name === response.name && !candidate.answered);
        if (!call) return invalid(`Please ensure that the function response name \`${response.name}\` matches the name of a function call in the function call turn.`);
        call.answered = true;
        messages.push({ role: 'tool', text: response.text, imageCount: 0, firstImagePartIndex: -1, toolCallId: call.id });
      }
    }
    if (role === 'user' && responses.length < parts.length) currentTurnStart = index;
    if (role === 'model' && calls.length > 0) modelCallContents.push({ index, parts: parts as Json[] });
    if (role === 'model' || texts.length > 0 || imageCount > 0) {
      const message: SimulatedMessage = { role: role === 'model' ? 'assistant' : 'user', text: texts.join('\n'), imageCount, firstImagePartIndex };
      if (calls.length > 0) message.toolCalls = calls.map(({ id, name }) => ({ id, name }));
      messages.push(message);
    }
    previousCalls = calls.length > 0 ? calls : undefined;
    previousRole = role;
  }

  if (options.checkSignatures) {
    for (const { index, parts } of modelCallContents) {
      if (index < currentTurnStart) continue;
      const position = parts.findIndex((part) => protoJson.field(part, 'functionCall') !== undefined);
      const first = parts[position] as Json;
      if (protoJson.field(first, 'thoughtSignature') === undefined) {
        const name = String((protoJson.field(first, 'functionCall') as Json).name);
        return invalid(
          `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`${name}\` , position ${index + 1}. Please refer to ${signatureDocs} for more details.`,
        );
      }
    }
  }
  return messages;
}
