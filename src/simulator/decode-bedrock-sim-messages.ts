import { bedrockSimErrors } from './bedrock-sim-errors.js';
import type { SimWireError } from './send-sim-json.js';
import type { SimulatedMessage } from './simulated-chat-request.js';
import { simThinkingSignature } from './sim-thinking-signature.js';

type Json = Record<string, unknown>;

export interface DecodedBedrockMessages {
  messages: SimulatedMessage[];
  /** Decoded messages up to and including the last one holding a cachePoint; undefined when none does. */
  cachedMessageCount: number | undefined;
}

const blockKinds = ['text', 'image', 'document', 'video', 'toolUse', 'toolResult', 'guardContent', 'cachePoint', 'reasoningContent', 'citationsContent', 'searchResult'];
const imageFormats = ['gif', 'jpeg', 'png', 'webp'];
const toolUseIdPattern = /^[a-zA-Z0-9_-]{1,64}$/;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const { validation, constraint, modelError } = bedrockSimErrors;

/**
 * Checks Converse `messages` as Bedrock does (first turn from the user, roles alternating, no
 * empty or blank content, toolUse ids in AWS's pattern, each turn after tool calls answering
 * exactly those calls) and, with Claude-style thinking on, the thinking rules Bedrock relays
 * from the model (intact signatures; a tool loop's last assistant turn opening with its
 * reasoning). Tool results become `tool` messages for the engine.
 */
export function decodeBedrockSimMessages(raw: unknown, options: { thinking: boolean; seed: number }): DecodedBedrockMessages | SimWireError {
  if (!Array.isArray(raw) || raw.length === 0) return validation('A conversation must start with a user message. Try again with a conversation that starts with a user message.');
  const messages: SimulatedMessage[] = [];
  let cachedMessageCount: number | undefined;
  let openToolUses: string[] = [];
  let lastAssistant: { index: number; firstKind: string | undefined } | undefined;

  for (let index = 0; index < raw.length; index++) {
    const message: unknown = raw[index];
    if (!isObject(message)) return validation(`The message at messages.${index} is not an object.`);
    const role = message.role;
    if (role !== 'user' && role !== 'assistant') return constraint(role, `messages.${index}.member.role`, 'Member must satisfy enum value set: [user, assistant]');
    if (index === 0 && role !== 'user') return validation('A conversation must start with a user message. Try again with a conversation that starts with a user message.');
    if (index > 0 && (raw[index - 1] as Json).role === role) {
      return validation('A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.');
    }
    const content = message.content;
    if (!Array.isArray(content) || content.length === 0) {
      return validation(`The content field in the Message object at messages.${index} is empty. Add a ContentBlock object to the content field and try again.`);
    }
    const texts: string[] = [];
    const toolCalls: { id: string; name: string }[] = [];
    const answered: string[] = [];
    let imageCount = 0;
    let firstImagePartIndex = -1;
    let cachePoint = false;
    let firstKind: string | undefined;

    for (let blockIndex = 0; blockIndex < content.length; blockIndex++) {
      const block: unknown = content[blockIndex];
      const at = `messages.${index}.content.${blockIndex}`;
      const kinds = isObject(block) ? Object.keys(block).filter((key) => blockKinds.includes(key)) : [];
      if (!isObject(block) || kinds.length !== 1) return validation(`The ContentBlock object at ${at} must set exactly one of: ${blockKinds.join(', ')}.`);
      const kind = kinds[0] as string;
      if (kind !== 'cachePoint') firstKind ??= kind;
      const value = block[kind];
      if (kind === 'text') {
        if (typeof value !== 'string' || value.trim() === '') return validation(`The text field in the ContentBlock object at ${at} is blank. Add text to the text field, and try again.`);
        texts.push(value);
      } else if (kind === 'image') {
        if (!isObject(value) || !imageFormats.includes(String(value.format))) {
          return constraint(isObject(value) ? value.format : value, `messages.${index}.member.content.${blockIndex}.member.image.format`, `Member must satisfy enum value set: [${imageFormats.join(', ')}]`);
        }
        if (!isObject(value.source) || (typeof value.source.bytes !== 'string' && !isObject(value.source.s3Location))) {
          return validation(`The image source at ${at}.image.source must set bytes or s3Location.`);
        }
        if (firstImagePartIndex < 0) firstImagePartIndex = blockIndex;
        imageCount++;
      } else if (kind === 'toolUse') {
        if (role !== 'assistant') return validation(`The toolUse block at ${at} must be in an assistant message.`);
        if (!isObject(value) || typeof value.toolUseId !== 'string' || !toolUseIdPattern.test(value.toolUseId)) {
          return constraint(isObject(value) ? value.toolUseId : undefined, `messages.${index}.member.content.${blockIndex}.member.toolUse.toolUseId`, 'Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+');
        }
        if (typeof value.name !== 'string' || value.name === '') return validation(`The toolUse block at ${at} has no name.`);
        toolCalls.push({ id: value.toolUseId, name: value.name });
        texts.push(`${value.name}${JSON.stringify(value.input ?? {})}`);
      } else if (kind === 'toolResult') {
        if (role !== 'user') return validation(`The toolResult block at ${at} must be in a user message.`);
        if (!isObject(value) || typeof value.toolUseId !== 'string') return validation(`The toolResult block at ${at} has no toolUseId.`);
        if (value.status !== undefined && value.status !== 'success' && value.status !== 'error') {
          return constraint(value.status, `messages.${index}.member.content.${blockIndex}.member.toolResult.status`, 'Member must satisfy enum value set: [success, error]');
        }
        if (!Array.isArray(value.content)) return validation(`The toolResult block at ${at} has no content.`);
        answered.push(value.toolUseId);
        if (!openToolUses.includes(value.toolUseId)) {
          return answered.length > openToolUses.length
            ? validation(`The number of toolResult blocks at messages.${index}.content exceeds the number of toolUse blocks of previous turn.`)
            : validation(`The toolUseId ${value.toolUseId} of the toolResult block at ${at} does not match any toolUse block of the previous turn.`);
        }
        messages.push({ role: 'tool', text: toolResultText(value.content), imageCount: 0, firstImagePartIndex: -1, toolCallId: value.toolUseId });
      } else if (kind === 'reasoningContent') {
        if (role !== 'assistant') return validation(`The reasoningContent block at ${at} must be in an assistant message.`);
        const text = isObject(value) && isObject(value.reasoningText) ? value.reasoningText : undefined;
        if (text && options.thinking && !simThinkingSignature.matchesText(options.seed, String(text.text ?? ''), text.signature)) {
          return modelError(`messages.${index}.content.${blockIndex}: Invalid \`signature\` in \`thinking\` block`);
        }
      } else if (kind === 'cachePoint') {
        if (!isObject(value) || value.type !== 'default') return constraint(isObject(value) ? value.type : value, `${at}.cachePoint.type`, 'Member must satisfy enum value set: [default]');
        cachePoint = true;
      }
    }

    if (role === 'user' && openToolUses.length > 0) {
      const missing = openToolUses.filter((id) => !answered.includes(id));
      if (missing.length > 0) return validation(`Expected toolResult blocks at messages.${index}.content for the following Ids: ${missing.join(', ')}`);
    }
    openToolUses = role === 'assistant' ? toolCalls.map((call) => call.id) : [];
    if (role === 'assistant') lastAssistant = { index, firstKind };
    if (role === 'assistant' || texts.length > 0 || imageCount > 0) {
      const decoded: SimulatedMessage = { role, text: texts.join('\n'), imageCount, firstImagePartIndex };
      if (toolCalls.length > 0) decoded.toolCalls = toolCalls;
      messages.push(decoded);
    }
    if (cachePoint) cachedMessageCount = messages.length;
  }

  const last = raw[raw.length - 1] as Json;
  const inToolLoop = last.role === 'user' && (last.content as unknown[]).some((block) => isObject(block) && block.toolResult !== undefined);
  if (options.thinking && inToolLoop && lastAssistant && lastAssistant.firstKind !== 'reasoningContent') {
    return modelError(
      `messages.${lastAssistant.index}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${lastAssistant.firstKind === 'toolUse' ? 'tool_use' : String(lastAssistant.firstKind)}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`.`,
    );
  }
  return { messages, cachedMessageCount };
}

function toolResultText(content: unknown[]): string {
  return content
    .map((entry) => {
      if (!isObject(entry)) return '';
      if (typeof entry.text === 'string') return entry.text;
      return entry.json === undefined ? '' : JSON.stringify(entry.json);
    })
    .filter((text) => text !== '')
    .join('\n');
}
