import { countInputTokensLocally } from '../../routing/count-input-tokens-locally.js';
import { requestedOutputTokens } from '../../routing/prompt-size.js';
import type { ChatRequest } from '../../spec/chat-request.js';
import { emptyUsage } from '../../spec/usage.js';
import { resultToParts } from '../../spec/result-to-parts.js';
import { pumpParts } from '../pump-parts.js';
import { readJsonBody } from '../read-json-body.js';
import type { RequestContext } from '../request-context.js';
import { routeAndRespond } from '../route-and-respond.js';
import { wantsTrace, withTraceText } from '../route-headers.js';
import { sendJson, sendJsonText } from '../send-json.js';
import { ChatRequestSchema } from './chat-request-schema.js';
import { encodeOpenAIResult } from './encode-openai-result.js';
import { OpenAIStreamWriter } from './openai-stream-writer.js';
import { parseRequestBody } from './parse-request-body.js';

/** POST /v1/chat/completions */
export async function handleChatCompletions(context: RequestContext): Promise<void> {
  const { runtime, response } = context;
  const body = await readJsonBody(context.request, runtime.config.server.body_limit_bytes);
  const chat = parseRequestBody(ChatRequestSchema, body, 'chat completion request') as ChatRequest;
  await routeAndRespond(context, {
    endpoint: 'chat',
    model: chat.model,
    bodyHints: chat['skyroute'],
    stream: chat.stream === true,
    promptTokens: () => countInputTokensLocally(chat, runtime.router.parts.countText),
    maxOutputTokens: requestedOutputTokens(chat),
    body,
    route: (group, call) => runtime.router.routeChat(group, chat, call),
    usageOf: (answer) => (answer.kind === 'result' ? (answer.result.usage ?? emptyUsage()) : undefined),
    respond: async (answer, trace) => {
    if (answer.kind === 'result' && chat.stream !== true) {
      const result = answer.result;
      const debug = wantsTrace(context);
      if (result.raw !== undefined) sendJsonText(response, 200, debug ? withTraceText(result.raw, trace) : result.raw, context.headers);
      else sendJson(response, 200, debug ? { ...encodeOpenAIResult(result), skyroute: { trace } } : encodeOpenAIResult(result), context.headers);
      return;
    }
    const parts = answer.kind === 'stream' ? answer.parts : resultToParts(answer.result);
    await pumpParts(context, parts, new OpenAIStreamWriter(context.response, chat.stream_options?.include_usage === true, chat.model));
    },
  });
}
