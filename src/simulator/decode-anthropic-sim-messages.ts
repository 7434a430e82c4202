import { anthropicSimErrors } from './anthropic-sim-errors.js';
import type { SimWireError } from './send-sim-json.js';
import type { SimulatedMessage } from './simulated-chat-request.js';
import { simThinkingSignature } from './sim-thinking-signature.js';

type Json = Record<string, unknown>;

export interface DecodedAnthropicMessages {
  messages: SimulatedMessage[];
  /** For each decoded message, the index of the client's message it came from (for error paths). */
  wireIndexes: number[];
  /** Decoded messages up to and including the last block with `cache_control`; undefined when none has one. */
  cachedMessageCount: number | undefined;
  /** How many blocks carry `cache_control`. */
  cacheBreakpoints: number;
}

interface Turn {
  role: 'user' | 'assistant';
  /** Index of the client message that opened the turn. */
  wireIndex: number;
  blocks: { block: Json; path: string }[];
}

const imageMediaTypes = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];
// Server-side tool blocks and other newer types: accepted and left out of the simulation.
const passiveBlockTypes = new Set([
  'document',
  'search_result',
  'server_tool_use',
  'web_search_tool_result',
  'web_fetch_tool_result',
  'code_execution_tool_result',
  'bash_code_execution_tool_result',
  'text_editor_code_execution_tool_result',
  'mcp_tool_use',
  'mcp_tool_result',
  'container_upload',
]);
const blockTypes = ['text', 'image', 'tool_use', 'tool_result', 'thinking', 'redacted_thinking', ...passiveBlockTypes];
const thinkingDocs = 'https://docs.claude.com/en/docs/build-with-claude/extended-thinking';

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const invalid = anthropicSimErrors.invalidRequest;

/**
 * Checks `messages` the way the Messages API does (consecutive turns of one role are merged, as
 * Anthropic documents; every `tool_use` must be answered by a `tool_result` in the next turn and
 * every `tool_result` must answer one; with thinking on, signatures must be intact and a tool
 * loop's last assistant turn must start with its thinking) and decodes them for the engine:
 * tool results become `tool` messages, the rest of a turn one message.
 */
export function decodeAnthropicSimMessages(raw: unknown, options: { thinking: boolean; seed: number }): DecodedAnthropicMessages | SimWireError {
  if (raw === undefined) return invalid('messages: Field required');
  if (!Array.isArray(raw)) return invalid('messages: Input should be a valid list');
  if (raw.length === 0) return invalid('messages: at least one message is required');

  const turns: Turn[] = [];
  for (let index = 0; index < raw.length; index++) {
    const message: unknown = raw[index];
    if (!isObject(message)) return invalid(`messages.${index}: Input should be a valid dictionary`);
    if (message.role !== 'user' && message.role !== 'assistant') {
      return invalid(`messages.${index}.role: Input should be 'user' or 'assistant'`);
    }
    const content = message.content;
    let blocks: Json[];
    if (typeof content === 'string') blocks = content === '' ? [] : [{ type: 'text', text: content }];
    else if (Array.isArray(content)) blocks = content as Json[];
    else if (content === undefined) return invalid(`messages.${index}.content: Field required`);
    else return invalid(`messages.${index}.content: Input should be a valid string or list`);
    if (blocks.length === 0 && !(message.role === 'assistant' && index === raw.length - 1)) {
      return invalid(`messages.${index}: all messages must have non-empty content except for the optional final assistant message`);
    }
    const paths = blocks.map((block, blockIndex) => ({ block, path: `messages.${index}.content.${blockIndex}` }));
    const previous = turns.at(-1);
    if (previous?.role === message.role) previous.blocks.push(...paths);
    else turns.push({ role: message.role, wireIndex: index, blocks: paths });
  }

  const messages: SimulatedMessage[] = [];
  const wireIndexes: number[] = [];
  let cachedMessageCount: number | undefined;
  let cacheBreakpoints = 0;
  let openToolUses: { ids: string[]; wireIndex: number } | undefined;
  const push = (message: SimulatedMessage, wireIndex: number): void => {
    messages.push(message);
    wireIndexes.push(wireIndex);
  };

  for (let turnIndex = 0; turnIndex < turns.length; turnIndex++) {
    const turn = turns[turnIndex] as Turn;
    const texts: string[] = [];
    const toolCalls: { id: string; name: string }[] = [];
    let imageCount = 0;
    let firstImagePartIndex = -1;
    let turnHasBreakpoint = false;
    const answered = new Set<string>();
    let seenOtherBlock = false;

    for (let position = 0; position < turn.blocks.length; position++) {
      const { block, path } = turn.blocks[position] as { block: Json; path: string };
      if (!isObject(block)) return invalid(`${path}: Input should be a valid dictionary`);
      const type = block.type;
      if (typeof type !== 'string' || !blockTypes.includes(type)) {
        return invalid(`${path}: Input tag '${String(type)}' found using 'type' does not match any of the expected tags: ${blockTypes.map((tag) => `'${tag}'`).join(', ')}`);
      }
      if (block.cache_control !== undefined && block.cache_control !== null) {
        if (!isObject(block.cache_control) || block.cache_control.type !== 'ephemeral') {
          return invalid(`${path}.${type}.cache_control.type: Input should be 'ephemeral'`);
        }
        cacheBreakpoints++;
        turnHasBreakpoint = true;
      }
      const onlyIn = (role: Turn['role']): SimWireError | undefined =>
        turn.role === role ? undefined : invalid(`${path}: \`${type}\` blocks can only be in \`${role}\` messages`);

      if (type === 'tool_result') {
        const wrongRole = onlyIn('user');
        if (wrongRole) return wrongRole;
        if (seenOtherBlock) return invalid(`${path}: \`tool_result\` blocks must come before any other content in a \`user\` message`);
        const id = block.tool_use_id;
        if (typeof id !== 'string') return invalid(`${path}.tool_result.tool_use_id: Field required`);
        if (!openToolUses?.ids.includes(id)) {
          return invalid(
            `${path}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
          );
        }
        if (block.is_error !== undefined && typeof block.is_error !== 'boolean') return invalid(`${path}.tool_result.is_error: Input should be a valid boolean`);
        const resultText = toolResultText(block.content);
        if (resultText === undefined) return invalid(`${path}.tool_result.content: Input should be a valid string or list`);
        answered.add(id);
        push({ role: 'tool', text: resultText, imageCount: 0, firstImagePartIndex: -1, toolCallId: id }, turn.wireIndex);
        continue;
      }
      seenOtherBlock = true;
      if (type === 'text') {
        if (typeof block.text !== 'string') return invalid(`${path}.text.text: Field required`);
        if (block.text.trim() === '') return invalid('messages: text content blocks must contain non-whitespace text');
        texts.push(block.text);
      } else if (type === 'image') {
        const problem = checkImageSource(block.source, `${path}.image.source`);
        if (problem) return problem;
        if (firstImagePartIndex < 0) firstImagePartIndex = position;
        imageCount++;
      } else if (type === 'tool_use') {
        const wrongRole = onlyIn('assistant');
        if (wrongRole) return wrongRole;
        if (typeof block.id !== 'string' || block.id === '') return invalid(`${path}.tool_use.id: Field required`);
        if (typeof block.name !== 'string' || block.name === '') return invalid(`${path}.tool_use.name: Field required`);
        if (!isObject(block.input)) return invalid(`${path}.tool_use.input: Input should be a valid dictionary`);
        toolCalls.push({ id: block.id, name: block.name });
        texts.push(`${block.name}${JSON.stringify(block.input)}`);
      } else if (type === 'thinking' || type === 'redacted_thinking') {
        const wrongRole = onlyIn('assistant');
        if (wrongRole) return wrongRole;
        if (type === 'thinking') {
          if (typeof block.thinking !== 'string') return invalid(`${path}.thinking.thinking: Field required`);
          if (typeof block.signature !== 'string') return invalid(`${path}.thinking.signature: Field required`);
          if (options.thinking && !simThinkingSignature.matchesText(options.seed, block.thinking, block.signature)) {
            return invalid(`${path}: Invalid \`signature\` in \`thinking\` block`);
          }
        } else if (typeof block.data !== 'string') return invalid(`${path}.redacted_thinking.data: Field required`);
      }
    }

    if (turn.role === 'user' && openToolUses) {
      const missing = openToolUses.ids.filter((id) => !answered.has(id));
      if (missing.length > 0) {
        return invalid(
          `messages.${openToolUses.wireIndex}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
        );
      }
    }
    openToolUses = turn.role === 'assistant' && toolCalls.length > 0 ? { ids: toolCalls.map((call) => call.id), wireIndex: turn.wireIndex } : undefined;

    if (turn.role === 'assistant' || texts.length > 0 || imageCount > 0) {
      const message: SimulatedMessage = { role: turn.role, text: texts.join('\n'), imageCount, firstImagePartIndex };
      if (toolCalls.length > 0) message.toolCalls = toolCalls;
      push(message, turn.wireIndex);
    }
    if (turnHasBreakpoint) cachedMessageCount = messages.length;
  }

  if (options.thinking) {
    const problem = checkThinkingLeadsToolLoop(turns);
    if (problem) return problem;
  }
  return { messages, wireIndexes, cachedMessageCount, cacheBreakpoints };
}

/** With thinking on, the assistant turn whose tool calls the last turn answers must open with its thinking. */
function checkThinkingLeadsToolLoop(turns: Turn[]): SimWireError | undefined {
  const last = turns.at(-1);
  const before = turns.at(-2);
  if (last?.role !== 'user' || before?.role !== 'assistant') return undefined;
  if (!last.blocks.some(({ block }) => isObject(block) && block.type === 'tool_result')) return undefined;
  const first = before.blocks[0];
  const type = first && isObject(first.block) ? first.block.type : undefined;
  if (type === 'thinking' || type === 'redacted_thinking') return undefined;
  return invalid(
    `messages.${before.wireIndex}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(type)}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`. Please consult our documentation at ${thinkingDocs}`,
  );
}

function checkImageSource(source: unknown, path: string): SimWireError | undefined {
  if (!isObject(source)) return invalid(`${path}: Field required`);
  if (source.type === 'base64') {
    if (!imageMediaTypes.includes(String(source.media_type))) {
      return invalid(`${path}.base64.media_type: Input should be ${imageMediaTypes.map((type) => `'${type}'`).join(', ')}`);
    }
    if (typeof source.data !== 'string' || source.data === '') return invalid(`${path}.base64.data: Field required`);
    return undefined;
  }
  if (source.type === 'url') return typeof source.url === 'string' && /^https?:\/\//.test(source.url) ? undefined : invalid(`${path}.url.url: Input should be a valid URL`);
  if (source.type === 'file') return typeof source.file_id === 'string' ? undefined : invalid(`${path}.file.file_id: Field required`);
  return invalid(`${path}: Input tag '${String(source.type)}' found using 'type' does not match any of the expected tags: 'base64', 'url', 'file'`);
}

/** The text of a tool result (string or blocks); undefined when the content has the wrong type. */
function toolResultText(content: unknown): string | undefined {
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  return content
    .map((block: unknown) => (isObject(block) && block.type === 'text' && typeof block.text === 'string' ? block.text : ''))
    .filter((text) => text !== '')
    .join('\n');
}
