import type { CacheControl, ChatMessage, ContentPart } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { parseDataUrl } from '../shared/parse-data-url.js';
import type { AnthropicDocumentBlock, AnthropicImageBlock, AnthropicTextBlock } from './anthropic-wire.js';

export type AnthropicContentBlock = AnthropicTextBlock | AnthropicImageBlock | AnthropicDocumentBlock;

/** The image types the Messages API accepts in a base64 source. */
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/**
 * A message's content (a string or OpenAI parts) → Anthropic content blocks, each part's
 * `cache_control` kept. Text, images (a data URL → a base64 source; an http(s) URL → a `url` source,
 * which Anthropic fetches itself) and files (a PDF or plain-text data URL → a `document` block) map;
 * `image_url.detail` has no Anthropic equivalent and is left out. Empty text is skipped: the API
 * refuses empty text blocks and they say nothing. Any other part is refused with a 400.
 */
export function convertAnthropicContent(message: ChatMessage, provider: string): AnthropicContentBlock[] {
  const { content } = message;
  if (content === undefined || content === null) return [];
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  const blocks: AnthropicContentBlock[] = [];
  for (const part of content) {
    const block = convertPart(part, message.role, provider);
    if (block !== undefined) blocks.push(block);
  }
  return blocks;
}

/** A part's `cache_control`, as the client gave it (Anthropic validates the shape). */
export function cacheControlOf(value: unknown): CacheControl | undefined {
  return value !== null && typeof value === 'object' ? (value as CacheControl) : undefined;
}

function convertPart(part: ContentPart, role: string, provider: string): AnthropicContentBlock | undefined {
  const cacheControl = cacheControlOf(part.cache_control);
  const withCache = <T extends AnthropicContentBlock>(block: T): T => (cacheControl === undefined ? block : { ...block, cache_control: cacheControl });
  switch (part.type) {
    case 'text':
      if (typeof part.text !== 'string') throw invalidPart(provider, 'a text part needs a string `text`');
      return part.text === '' ? undefined : withCache({ type: 'text', text: part.text });
    case 'refusal':
      // An assistant turn that refused (OpenAI history): its words are what the assistant said.
      if (role !== 'assistant' || typeof part.refusal !== 'string') break;
      return part.refusal === '' ? undefined : withCache({ type: 'text', text: part.refusal });
    case 'image_url':
      if (role !== 'assistant') return withCache(imageBlock(part, provider));
      break;
    case 'file':
      if (role !== 'assistant') return withCache(documentBlock(part, provider));
      break;
  }
  throw new GatewayError(
    'GW_ERR_REQUEST_UNSUPPORTED_CONTENT',
    `${provider} cannot take a ${JSON.stringify(part.type)} part in a ${role} message (Anthropic takes text, images and PDF or plain-text files from users, text from the assistant)`,
    { param: 'messages', provider },
  );
}

function imageBlock(part: ContentPart, provider: string): AnthropicImageBlock {
  // Some clients (Mistral's style) send the URL as a bare string.
  const raw = part.image_url as { url?: unknown } | string | undefined;
  const url = typeof raw === 'string' ? raw : raw?.url;
  if (typeof url !== 'string') throw invalidPart(provider, 'an image_url part needs `image_url.url`');
  const inline = parseDataUrl(url);
  if (inline !== undefined) {
    if (!IMAGE_TYPES.has(inline.mediaType)) {
      throw new GatewayError(
        'GW_ERR_REQUEST_UNSUPPORTED_CONTENT',
        `${provider} takes JPEG, PNG, GIF and WebP images; got ${inline.mediaType}`,
        { param: 'messages', provider },
      );
    }
    return { type: 'image', source: { type: 'base64', media_type: inline.mediaType, data: inline.base64 } };
  }
  if (/^https?:\/\//i.test(url)) return { type: 'image', source: { type: 'url', url } };
  throw new GatewayError('GW_ERR_REQUEST_IMAGE_FETCH', `image_url must be a base64 data URL or an http(s) URL; got ${JSON.stringify(url.slice(0, 60))}`, {
    param: 'messages',
    provider,
  });
}

/** OpenAI's `{type: "file", file: {file_data, filename}}` → an Anthropic document (PDF or plain text). */
function documentBlock(part: ContentPart, provider: string): AnthropicDocumentBlock {
  const file = (part.file ?? {}) as { file_data?: unknown; filename?: unknown; file_id?: unknown };
  const inline = typeof file.file_data === 'string' ? parseDataUrl(file.file_data) : undefined;
  const title = typeof file.filename === 'string' ? { title: file.filename } : {};
  if (inline?.mediaType === 'application/pdf') {
    return { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: inline.base64 }, ...title };
  }
  if (inline?.mediaType === 'text/plain') {
    return { type: 'document', source: { type: 'text', media_type: 'text/plain', data: Buffer.from(inline.base64, 'base64').toString('utf8') }, ...title };
  }
  throw new GatewayError(
    'GW_ERR_REQUEST_UNSUPPORTED_CONTENT',
    `${provider} takes files as base64 data URLs of application/pdf or text/plain in file.file_data${file.file_id === undefined ? '' : ' (an OpenAI file_id means nothing to Anthropic)'}`,
    { param: 'messages', provider },
  );
}

function invalidPart(provider: string, why: string): GatewayError {
  return new GatewayError('GW_ERR_REQUEST_INVALID', `${why} (${provider})`, { param: 'messages', provider });
}
