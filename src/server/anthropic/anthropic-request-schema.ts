import { z } from 'zod';

/**
 * Lenient validation of an Anthropic Messages request (POST /v1/messages and /v1/messages/count_tokens),
 * as the official SDKs send it: objects are loose (a field the gateway does not read is judged by
 * convertAnthropicRequest, which maps it or refuses it by name), and each known block type is checked
 * for the fields the conversion reads, so a 400 names the path of the bad field.
 * Reference: the `MessageCreateParams` types of @anthropic-ai/sdk (src/resources/messages/messages.ts).
 */
const CacheControlSchema = z.looseObject({ type: z.literal('ephemeral'), ttl: z.enum(['5m', '1h']).optional() });

const TextBlockSchema = z.looseObject({ type: z.literal('text'), text: z.string(), cache_control: CacheControlSchema.nullish() });

/**
 * Checks an object against the schema for its `type` (zod unions report "invalid input" for a near
 * miss; this reports the missing field). Types without a schema pass, for the conversion to judge.
 */
function checkByType<Shape extends { type: z.ZodType<string> }>(shape: Shape, schemas: Partial<Record<string, z.ZodType>>) {
  return z.looseObject(shape).superRefine((value, context) => {
    const schema = schemas[value.type as string];
    if (schema === undefined) return;
    const checked = schema.safeParse(value);
    if (checked.success) return;
    for (const issue of checked.error.issues) {
      const missing = issue.code === 'invalid_type' && issue.message.endsWith('received undefined');
      context.addIssue({ code: 'custom', path: issue.path, message: missing ? 'is required' : issue.message });
    }
  });
}

const ImageSourceSchema = checkByType({ type: z.string() }, {
  base64: z.looseObject({ media_type: z.string().min(1), data: z.string().min(1) }),
  url: z.looseObject({ url: z.string().min(1) }),
});

const ImageBlockSchema = z.looseObject({ source: ImageSourceSchema, cache_control: CacheControlSchema.nullish() });

/** What a document's `content` source may hold. */
const DocumentInnerBlockSchema = checkByType({ type: z.enum(['text', 'image']) }, { text: TextBlockSchema, image: ImageBlockSchema });

const DocumentBlockSchema = z.looseObject({
  source: checkByType(
    { type: z.string() },
    {
      text: z.looseObject({ data: z.string() }),
      content: z.looseObject({ content: z.union([z.string(), z.array(DocumentInnerBlockSchema)]) }),
    },
  ),
  title: z.string().nullish(),
  context: z.string().nullish(),
  cache_control: CacheControlSchema.nullish(),
});

/** What a tool result's content may hold (other types are refused by the conversion). */
const ToolResultInnerBlockSchema = checkByType({ type: z.string() }, { text: TextBlockSchema, image: ImageBlockSchema, document: DocumentBlockSchema });

const ContentBlockSchema = checkByType({ type: z.string() }, {
  text: TextBlockSchema,
  image: ImageBlockSchema,
  document: DocumentBlockSchema,
  tool_use: z.looseObject({ id: z.string().min(1), name: z.string().min(1), input: z.unknown(), cache_control: CacheControlSchema.nullish() }),
  tool_result: z.looseObject({
    tool_use_id: z.string().min(1),
    content: z.union([z.string(), z.array(ToolResultInnerBlockSchema)]).nullish(),
    is_error: z.boolean().nullish(),
    cache_control: CacheControlSchema.nullish(),
  }),
  thinking: z.looseObject({ thinking: z.string(), signature: z.string().nullish() }),
  redacted_thinking: z.looseObject({ data: z.string() }),
});

const MessageSchema = z.looseObject({
  role: z.enum(['user', 'assistant', 'system']),
  content: z.union([z.string(), z.array(ContentBlockSchema)], { error: 'must be a string or an array of content blocks' }),
});

const ToolSchema = z.looseObject({
  name: z.string().min(1),
  type: z.string().nullish(),
  description: z.string().nullish(),
  input_schema: z.record(z.string(), z.unknown()).optional(),
  cache_control: CacheControlSchema.nullish(),
  strict: z.boolean().nullish(),
});

const ToolChoiceSchema = checkByType(
  { type: z.enum(['auto', 'any', 'tool', 'none']), name: z.string().optional(), disable_parallel_tool_use: z.boolean().nullish() },
  { tool: z.looseObject({ name: z.string().min(1) }) },
);

const ThinkingSchema = checkByType(
  { type: z.enum(['enabled', 'disabled', 'adaptive', 'between_tools']), budget_tokens: z.number().int().nonnegative().optional() },
  { enabled: z.looseObject({ budget_tokens: z.number().int().nonnegative() }) },
);

const JsonOutputFormatSchema = z.looseObject({ type: z.literal('json_schema'), schema: z.record(z.string(), z.unknown()) });

export const AnthropicRequestSchema = z.looseObject({
  model: z.string({ error: (issue) => (issue.input === undefined ? 'is required: the model (or model group) to use; GET /v1/models lists them' : 'must be a string naming a model') }).min(1),
  messages: z
    .array(MessageSchema, { error: (issue) => (issue.input === undefined ? 'is required: an array of messages' : 'must be an array of messages') })
    .min(1, { message: 'needs at least one message' }),
  max_tokens: z.number().int().nonnegative().nullish(),
  system: z.union([z.string(), z.array(TextBlockSchema)], { error: 'must be a string or an array of text blocks ({"type": "text", "text": "..."})' }).nullish(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).nullish(),
  stop_sequences: z.array(z.string()).nullish(),
  stream: z.boolean().nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  top_k: z.number().int().nonnegative().nullish(),
  tools: z.array(ToolSchema).nullish(),
  tool_choice: ToolChoiceSchema.nullish(),
  thinking: ThinkingSchema.nullish(),
  output_config: z.looseObject({ effort: z.enum(['low', 'medium', 'high', 'xhigh', 'max']).nullish(), format: JsonOutputFormatSchema.nullish() }).nullish(),
  output_format: JsonOutputFormatSchema.nullish(),
  cache_control: CacheControlSchema.nullish(),
});

export type AnthropicRequest = z.infer<typeof AnthropicRequestSchema>;
export type AnthropicMessage = z.infer<typeof MessageSchema>;
export type AnthropicContentBlock = z.infer<typeof ContentBlockSchema>;
export type AnthropicTool = z.infer<typeof ToolSchema>;
