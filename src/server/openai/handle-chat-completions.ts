import type { Deployment } from '../../routing/deployment.js';
import { RouteTrace } from '../../routing/explain.js';
import { readRoutingHints } from '../../routing/routing-hints.js';
import type { ChatRequest } from '../../spec/chat-request.js';
import { resultToParts } from '../../spec/result-to-parts.js';
import { pumpParts } from '../pump-parts.js';
import { readJsonBody } from '../read-json-body.js';
import type { RequestContext } from '../request-context.js';
import { setRouteHeaders, wantsTrace, withTraceText } from '../route-headers.js';
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
  const hints = readRoutingHints(context.request.headers, chat['skyroute'], runtime.config.routing.allow_request_strategy);
  const trace = new RouteTrace(chat.model, Date.now);
  await withDeadline(context, async (cancellation, deadlineAt) => {
    let served: Deployment | undefined;
    try {
      const routed = await runtime.router.routeChat(group, chat, { requestId: context.requestId, cancellation, deadlineAt, headers: context.request.headers, hints, trace });
      served = routed.deployment;
      setRouteHeaders(context, trace, served);
      const answer = routed.value;
      if (answer.kind === 'result' && chat.stream !== true) {
        const result = answer.result;
        const debug = wantsTrace(context);
        if (result.raw !== undefined) sendJsonText(response, 200, debug ? withTraceText(result.raw, trace) : result.raw, context.headers);
        else sendJson(response, 200, debug ? { ...encodeOpenAIResult(result), skyroute: { trace } } : encodeOpenAIResult(result), context.headers);
        return;
      }
      const parts = answer.kind === 'stream' ? answer.parts : resultToParts(answer.result);
      await pumpParts(context, parts, new OpenAIStreamWriter(context.response, chat.stream_options?.include_usage === true, chat.model));
    } finally {
      if (served === undefined) setRouteHeaders(context, trace, undefined);
    }
  });
}
