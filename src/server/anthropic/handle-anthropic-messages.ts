import { collectChatResult } from '../../providers/collect-chat-result.js';
import { expandPartStream } from '../../providers/expand-part-stream.js';
import { resultToParts } from '../../spec/result-to-parts.js';
import { parseRequestBody } from '../openai/parse-request-body.js';
import { countInputTokensLocally } from '../../routing/count-input-tokens-locally.js';
import { requestedOutputTokens } from '../../routing/prompt-size.js';
import { emptyUsage } from '../../spec/usage.js';
import { pumpParts } from '../pump-parts.js';
import { readJsonBody } from '../read-json-body.js';
import type { RequestContext } from '../request-context.js';
import { routeAndRespond } from '../route-and-respond.js';
import { wantsTrace } from '../route-headers.js';
import { sendJson } from '../send-json.js';
import { AnthropicRequestSchema } from './anthropic-request-schema.js';
import { AnthropicStreamWriter } from './anthropic-stream-writer.js';
import { convertAnthropicRequest } from './convert-anthropic-request.js';
import { encodeAnthropicMessage } from './encode-anthropic-message.js';

/**
 * POST /v1/messages: an Anthropic Messages request served by any model behind the gateway. The
 * request becomes canonical, is routed like a chat completion, and the answer is encoded back into
 * Anthropic's message or event stream. The `anthropic-version` and `anthropic-beta` headers are not
 * read: every version the SDKs send gets the same answer.
 */
export async function handleAnthropicMessages(context: RequestContext): Promise<void> {
  const { runtime, response } = context;
  context.headers['request-id'] = context.requestId;
  const body = await readJsonBody(context.request, runtime.config.server.body_limit_bytes);
  const request = parseRequestBody(AnthropicRequestSchema, body, 'messages request');
  const chat = convertAnthropicRequest(request);
  await routeAndRespond(context, {
    endpoint: 'messages',
    model: chat.model,
    bodyHints: undefined,
    stream: chat.stream === true,
    promptTokens: () => countInputTokensLocally(chat, runtime.router.parts.countText),
    maxOutputTokens: requestedOutputTokens(chat),
    body,
    route: (group, call) => runtime.router.routeChat(group, chat, call),
    // A non-streaming answer that arrived as a stream is collected in respond: its usage is observed there.
    usageOf: (answer) => (answer.kind === 'result' ? (answer.result.usage ?? emptyUsage()) : undefined),
    respond: async (answer, trace) => {
    if (chat.stream !== true) {
      // The upstream's OpenAI body (`raw`) is of no use here: the parsed result is encoded instead.
      const result = answer.kind === 'result' ? answer.result : await collectChatResult(answer.parts, chat.model);
      const message = encodeAnthropicMessage(result, request.model);
      sendJson(response, 200, wantsTrace(context) ? { ...message, skyroute: { trace } } : message, context.headers);
      return;
    }
    const parts = answer.kind === 'stream' ? expandPartStream(answer.parts) : resultToParts(answer.result);
    await pumpParts(context, parts, new AnthropicStreamWriter(context.response, request.model, context.requestId));
    },
  });
}
