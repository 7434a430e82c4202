import type { ChatRequest, FunctionTool } from '../../spec/chat-request.js';
import type { AnthropicRequest, AnthropicTool } from './anthropic-request-schema.js';
import { refuseAnthropicField } from './refuse-anthropic-field.js';

/** Tool fields the conversion maps; `eager_input_streaming` only changes how arguments are streamed, so it is left out. */
const TOOL_FIELDS = new Set(['name', 'type', 'description', 'input_schema', 'cache_control', 'strict', 'eager_input_streaming']);

/**
 * Anthropic custom tools → function tools (`input_schema` → `parameters`, `strict` kept, `cache_control`
 * kept as an extra field for providers with explicit caching). Server and Anthropic-defined tools
 * (web_search, code_execution, bash, text_editor, computer, memory…) run on Anthropic's side or need
 * Anthropic's own schema, so no other model can serve them: refused by name.
 */
export function convertAnthropicTools(tools: AnthropicTool[]): FunctionTool[] {
  return tools.map((tool, index) => {
    const path = `tools[${index}]`;
    if (tool.type !== undefined && tool.type !== null && tool.type !== 'custom') {
      throw refuseAnthropicField(
        `${path}.type`,
        `the ${JSON.stringify(tool.type)} tool runs on Anthropic's side (or needs Anthropic's own schema) and is not supported by the gateway; define a custom tool with an input_schema instead`,
      );
    }
    for (const key in tool) {
      if (!TOOL_FIELDS.has(key) && tool[key] !== undefined && tool[key] !== null) {
        throw refuseAnthropicField(`${path}.${key}`, 'this tool field is not supported by the gateway (it has no equivalent for the other models it serves)');
      }
    }
    if (tool.input_schema === undefined) throw refuseAnthropicField(`${path}.input_schema`, 'is required for a custom tool', 'GW_ERR_REQUEST_INVALID');
    const converted: FunctionTool = {
      type: 'function',
      function: {
        name: tool.name,
        ...(typeof tool.description === 'string' ? { description: tool.description } : {}),
        parameters: tool.input_schema,
        ...(typeof tool.strict === 'boolean' ? { strict: tool.strict } : {}),
      },
    };
    if (tool.cache_control !== undefined && tool.cache_control !== null) converted.cache_control = tool.cache_control;
    return converted;
  });
}

/** `tool_choice` auto/any/tool/none → auto/required/named function/none; `disable_parallel_tool_use` → `parallel_tool_calls: false`. */
export function convertAnthropicToolChoice(choice: NonNullable<AnthropicRequest['tool_choice']>): Pick<ChatRequest, 'tool_choice' | 'parallel_tool_calls'> {
  const parallel = choice.disable_parallel_tool_use === true ? { parallel_tool_calls: false } : {};
  switch (choice.type) {
    case 'auto':
      return { tool_choice: 'auto', ...parallel };
    case 'any':
      return { tool_choice: 'required', ...parallel };
    case 'none':
      return { tool_choice: 'none' };
    case 'tool':
      return { tool_choice: { type: 'function', function: { name: choice.name! } }, ...parallel };
  }
}
