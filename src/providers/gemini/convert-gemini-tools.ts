import type { ChatRequest } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { unsupportedParameter } from '../shared/unsupported-parameter.js';
import type { GeminiFunctionDeclaration, GeminiRequestBody, GeminiToolConfig } from './gemini-wire.js';

/**
 * `tools` → one `functionDeclarations` tool, and `tool_choice` → `toolConfig.functionCallingConfig`
 * (https://ai.google.dev/gemini-api/docs/function-calling): auto → AUTO, none → NONE,
 * required → ANY, a named function → ANY limited to that name.
 *
 * Parameters go as full JSON Schema (`parametersJsonSchema`), so `$schema`, `additionalProperties`,
 * `title`, `$ref` and friends reach Gemini as the client wrote them instead of being cut down to the
 * OpenAPI subset of `parameters`. OpenAI's `strict` has no Gemini switch (Gemini always constrains
 * calls to the declared schema as well as it can). `parallel_tool_calls: false` cannot be enforced
 * and is accepted as is; `cache_control` on a tool is ignored (Gemini caches implicitly).
 */
export function convertGeminiTools(request: ChatRequest, provider: string): Pick<GeminiRequestBody, 'tools' | 'toolConfig'> {
  const declarations: GeminiFunctionDeclaration[] = [];
  for (const tool of request.tools ?? []) {
    if (tool.type !== 'function' || typeof tool.function?.name !== 'string') {
      throw unsupportedParameter(provider, 'tools', `only function tools translate to Gemini; got a ${JSON.stringify(tool.type)} tool`);
    }
    const declaration: GeminiFunctionDeclaration = { name: tool.function.name };
    if (tool.function.description !== undefined && tool.function.description !== '') declaration.description = tool.function.description;
    const parameters = tool.function.parameters;
    // `{}` constrains nothing; sent as a schema it is not the object schema Gemini requires, so it goes as "no parameters".
    if (parameters !== undefined && parameters !== null && Object.keys(parameters).length > 0) declaration.parametersJsonSchema = parameters;
    declarations.push(declaration);
  }
  const choice = request.tool_choice;
  if (declarations.length === 0) {
    if (choice === 'required' || (typeof choice === 'object' && choice !== null)) {
      throw new GatewayError('GW_ERR_REQUEST_INVALID', 'tool_choice asks for a tool call but the request declares no tools', { param: 'tool_choice' });
    }
    // Nothing to call: `none` and `auto` change nothing, and Gemini refuses a calling config without declarations.
    return {};
  }
  const body: Pick<GeminiRequestBody, 'tools' | 'toolConfig'> = { tools: [{ functionDeclarations: declarations }] };
  const toolConfig = toolConfigOf(choice, declarations);
  if (toolConfig !== undefined) body.toolConfig = toolConfig;
  return body;
}

function toolConfigOf(choice: ChatRequest['tool_choice'], declarations: GeminiFunctionDeclaration[]): GeminiToolConfig | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (choice === 'auto') return { functionCallingConfig: { mode: 'AUTO' } };
  if (choice === 'none') return { functionCallingConfig: { mode: 'NONE' } };
  if (choice === 'required') return { functionCallingConfig: { mode: 'ANY' } };
  if (typeof choice === 'object' && choice.type === 'function' && typeof choice.function?.name === 'string') {
    const name = choice.function.name;
    if (!declarations.some((declaration) => declaration.name === name)) {
      throw new GatewayError('GW_ERR_REQUEST_INVALID', `tool_choice names the function ${JSON.stringify(name)}, which is not in tools`, { param: 'tool_choice' });
    }
    return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [name] } };
  }
  throw new GatewayError('GW_ERR_REQUEST_INVALID', `tool_choice must be "auto", "none", "required" or {type: "function", function: {name}}; got ${JSON.stringify(choice)}`, {
    param: 'tool_choice',
  });
}
