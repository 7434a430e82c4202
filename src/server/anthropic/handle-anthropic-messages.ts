import { collectChatResult } from '../../providers/collect-chat-result.js';
import { expandPartStream } from '../../providers/expand-part-stream.js';
import { routeChat } from '../../routing/route-chat.js';
import { resultToParts } from '../../spec/result-to-parts.js';
import { parseRequestBody } from '../openai/parse-request-body.js';
import { resolveModelGroup } from '../openai/resolve-model-group.js';
import { pumpParts } from '../pump-parts.js';
import { readJsonBody } from '../read-json-body.js';
import type { RequestContext } from '../request-context.js';
import { sendJson } from '../send-json.js';
import { withDeadline } from '../with-deadline.js';
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
  const group = resolveModelGroup(runtime, chat.model);
  await withDeadline(context, async (cancellation) => {
    const routed = await routeChat(group, chat, { requestId: context.requestId, cancellation });
    context.headers['x-skyroute-provider'] = routed.deployment.providerId;
    context.headers['x-skyroute-model'] = routed.deployment.model;
    context.headers['x-skyroute-attempts'] = String(routed.attempts.length);
    if (chat.stream !== true) {
      // The upstream's OpenAI body (`raw`) is of no use here: the parsed result is encoded instead.
      const result = routed.response.kind === 'result' ? routed.response.result : await collectChatResult(routed.response.parts, chat.model);
      sendJson(response, 200, encodeAnthropicMessage(result, request.model), context.headers);
      return;
    }
    const parts = routed.response.kind === 'stream' ? expandPartStream(routed.response.parts) : resultToParts(routed.response.result);
    await pumpParts(context, parts, new AnthropicStreamWriter(context.response, request.model, context.requestId));
  });
}
