import { routeChat } from '../../routing/route-chat.js';
import type { ChatRequest } from '../../spec/chat-request.js';
import { resultToParts } from '../../spec/result-to-parts.js';
import { pumpParts } from '../pump-parts.js';
import { readJsonBody } from '../read-json-body.js';
import type { RequestContext } from '../request-context.js';
import { sendJson, sendJsonText } from '../send-json.js';
import { withDeadline } from '../with-deadline.js';
import { ChatRequestSchema } from './chat-request-schema.js';
import { encodeOpenAIResult } from './encode-openai-result.js';
import { OpenAIStreamWriter } from './openai-stream-writer.js';
import { parseRequestBody } from './parse-request-body.js';
import { resolveModelGroup } from './resolve-model-group.js';

/** POST /v1/chat/completions */
export async function handleChatCompletions(context: RequestContext): Promise<void> {
  const { runtime, response } = context;
  const body = await readJsonBody(context.request, runtime.config.server.body_limit_bytes);
  const chat = parseRequestBody(ChatRequestSchema, body, 'chat completion request') as ChatRequest;
  const group = resolveModelGroup(runtime, chat.model);
  await withDeadline(context, async (cancellation) => {
    const routed = await routeChat(group, chat, { requestId: context.requestId, cancellation });
    context.headers['x-skyroute-provider'] = routed.deployment.providerId;
    context.headers['x-skyroute-model'] = routed.deployment.model;
    context.headers['x-skyroute-attempts'] = String(routed.attempts.length);
    if (routed.response.kind === 'result' && chat.stream !== true) {
      const result = routed.response.result;
      if (result.raw !== undefined) sendJsonText(response, 200, result.raw, context.headers);
      else sendJson(response, 200, encodeOpenAIResult(result), context.headers);
      return;
    }
    const parts = routed.response.kind === 'stream' ? routed.response.parts : resultToParts(routed.response.result);
    await pumpParts(context, parts, new OpenAIStreamWriter(context.response, chat.stream_options?.include_usage === true, chat.model));
  });
}
