import { routeChat } from '../../routing/route-chat.js';
import type { ChatRequest } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { resultToParts } from '../../spec/result-to-parts.js';
import type { PartStream } from '../../spec/stream-part.js';
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
    await writeStream(context, parts, chat);
  });
}

async function writeStream(context: RequestContext, parts: PartStream, chat: ChatRequest): Promise<void> {
  const { response } = context;
  response.writeHead(200, {
    ...context.headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
  });
  const writer = new OpenAIStreamWriter(response, chat.stream_options?.include_usage === true, chat.model);
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
