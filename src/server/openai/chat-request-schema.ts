import { z } from 'zod';

/**
 * Validation of the fields the gateway reads; every other field passes through untouched (loose
 * objects). Errors name the field path, so a client learns which part of its body is wrong.
 */
const nonNegativeInteger = z.number().int().nonnegative();

const ContentPartSchema = z
  .looseObject({
    type: z.string(),
    text: z.string().optional(),
    image_url: z.union([z.looseObject({ url: z.string() }), z.string()]).optional(),
  })
  .superRefine((part, context) => {
    if (part.type === 'text' && typeof part.text !== 'string') {
      context.addIssue({ code: 'custom', path: ['text'], message: 'a text part needs a "text" string' });
    }
    if (part.type === 'image_url' && part.image_url === undefined) {
      context.addIssue({ code: 'custom', path: ['image_url'], message: 'an image_url part needs "image_url": {"url": "..."}' });
    }
  });

const ToolCallSchema = z.looseObject({
  id: z.string(),
  type: z.literal('function').optional(),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

const MessageSchema = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: z.union([z.string(), z.array(ContentPartSchema), z.null()]).optional(),
  name: z.string().optional(),
  tool_calls: z.array(ToolCallSchema).nullish(),
  tool_call_id: z.string().optional(),
  thinking_blocks: z
    .array(
      z.union([
        z.looseObject({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().optional() }),
        z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() }),
      ]),
    )
    .optional(),
  is_error: z.boolean().optional(),
});

const ToolSchema = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string().min(1),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullish(),
  }),
});

const ToolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string() }) }),
]);

const ResponseFormatSchema = z.union([
  z.looseObject({ type: z.enum(['text', 'json_object']) }),
  z.looseObject({
    type: z.literal('json_schema'),
    json_schema: z.looseObject({ name: z.string(), schema: z.record(z.string(), z.unknown()).optional(), strict: z.boolean().nullish() }),
  }),
]);

export const ChatRequestSchema = z.looseObject({
  model: z.string({ error: (issue) => (issue.input === undefined ? 'is required: the model (or model group) to use; GET /v1/models lists them' : 'must be a string naming a model') }).min(1),
  messages: z
    .array(MessageSchema, { error: (issue) => (issue.input === undefined ? 'is required: an array of messages' : 'must be an array of messages') })
    .min(1, { message: 'needs at least one message' }),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  max_tokens: nonNegativeInteger.nullish(),
  max_completion_tokens: nonNegativeInteger.nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  top_k: z.number().int().positive().nullish(),
  reasoning_effort: z.string().nullish(),
  n: z.number().int().positive().nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  seed: z.number().int().nullish(),
  presence_penalty: z.number().nullish(),
  frequency_penalty: z.number().nullish(),
  logprobs: z.boolean().nullish(),
  top_logprobs: nonNegativeInteger.nullish(),
  user: z.string().optional(),
  tools: z.array(ToolSchema).optional(),
  tool_choice: ToolChoiceSchema.optional(),
  parallel_tool_calls: z.boolean().optional(),
  response_format: ResponseFormatSchema.optional(),
  providerOptions: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  skyroute: z.looseObject({}).optional(),
});

export const EmbeddingRequestSchema = z.looseObject({
  model: z.string({ error: (issue) => (issue.input === undefined ? 'is required: the embedding model to use; GET /v1/models lists them' : 'must be a string naming a model') }).min(1),
  input: z.union([z.string(), z.array(z.string()).min(1), z.array(z.number().int()).min(1), z.array(z.array(z.number().int())).min(1)], {
    error: 'must be a string, an array of strings, or token arrays',
  }),
  encoding_format: z.enum(['float', 'base64']).optional(),
  dimensions: z.number().int().positive().optional(),
  user: z.string().optional(),
});
