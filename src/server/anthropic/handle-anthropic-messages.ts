import { collectChatResult } from '../../providers/collect-chat-result.js';
import { expandPartStream } from '../../providers/expand-part-stream.js';
import { routeChat } from '../../routing/route-chat.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { resultToParts } from '../../spec/result-to-parts.js';
import type { PartStream } from '../../spec/stream-part.js';
import { parseRequestBody } from '../openai/parse-request-body.js';
import { resolveModelGroup } from '../openai/resolve-model-group.js';
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
    await writeStream(context, parts, request.model);
  });
}

async function writeStream(context: RequestContext, parts: PartStream, model: string): Promise<void> {
  const { response } = context;
  response.writeHead(200, {
    ...context.headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
  });
  const writer = new AnthropicStreamWriter(response, model, context.requestId);
  try {
    for await (const batch of parts) {
      if (response.destroyed) return;
      let writable = true;
      for (const part of batch) {
        if (part.type === 'error') {
          context.logger.warn({ requestId: context.requestId, code: part.error.code, err: part.error.message }, 'upstream failed mid-stream');
          writer.error(part.error);
          return;
        }
        writable = writer.write(part);
      }
      writer.endBatch();
      if (!writable) await writer.drained();
    }
  } catch (error) {
    if (response.destroyed) return;
    const failure =
      error instanceof GatewayError
        ? error
        : new GatewayError('GW_ERR_UPSTREAM_STREAM_INTERRUPTED', `The stream from ${context.headers['x-skyroute-provider']} failed: ${(error as Error).message}`);
    context.logger.warn({ requestId: context.requestId, code: failure.code, err: failure.message }, 'stream failed');
    writer.error(failure);
    return;
  }
  if (!response.destroyed) writer.end();
}
