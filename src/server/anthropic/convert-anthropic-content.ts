import type { CacheControl, ContentPart } from '../../spec/chat-request.js';
import type { AnthropicContentBlock } from './anthropic-request-schema.js';
import { refuseAnthropicField } from './refuse-anthropic-field.js';

/**
 * Anthropic content blocks that carry what the user (or a tool) said — text, images, plain-text
 * documents — as canonical content parts. Blocks are already checked by anthropic-request-schema.ts.
 */
export function contentBlockToParts(block: AnthropicContentBlock, path: string): ContentPart[] {
  switch (block.type) {
    case 'text':
      return [textPart(block, path)];
    case 'image':
      return [imagePart(block, path)];
    case 'document':
      return documentParts(block, path);
    default:
      throw refuseAnthropicField(
        `${path}.type`,
        `a ${JSON.stringify(block.type)} block is not supported here by the gateway's Anthropic-compatible endpoint (it takes text, image and plain-text document blocks in user content)`,
        'GW_ERR_REQUEST_UNSUPPORTED_CONTENT',
      );
  }
}

/** One text block: a string when it is all there is and carries no cache breakpoint, else parts (lossless). */
export function partsOrText(parts: ContentPart[]): string | ContentPart[] {
  if (parts.length === 0) return '';
  const only = parts[0]!;
  if (parts.length === 1 && only.type === 'text' && only.cache_control === undefined) return only.text as string;
  return parts;
}

export function textPart(block: AnthropicContentBlock, path: string): ContentPart {
  const citations = block.citations;
  if (Array.isArray(citations) && citations.length > 0) {
    throw refuseAnthropicField(`${path}.citations`, 'citations on input text are not supported by the gateway (no model behind it but Claude reads them)', 'GW_ERR_REQUEST_UNSUPPORTED_CONTENT');
  }
  return withCacheControl({ type: 'text', text: block.text as string }, block);
}

function imagePart(block: AnthropicContentBlock, path: string): ContentPart {
  const source = block.source as { type: string; media_type?: string; data?: string; url?: string };
  let url: string;
  if (source.type === 'base64') url = `data:${source.media_type};base64,${source.data}`;
  else if (source.type === 'url') url = source.url!;
  else {
    throw refuseAnthropicField(
      `${path}.source.type`,
      `image source ${JSON.stringify(source.type)} is not supported: send the image as base64 or as a URL (Files API ids can be read only by Anthropic)`,
      'GW_ERR_REQUEST_UNSUPPORTED_CONTENT',
    );
  }
  return withCacheControl({ type: 'image_url', image_url: { url } }, block);
}

/**
 * Documents become text: a plain-text source (or a `content` source of text and image blocks) is
 * sent as parts, with the title and context as a heading; PDFs are refused, since most models
 * behind the gateway cannot read them and extracting text here would change what the model sees.
 */
function documentParts(block: AnthropicContentBlock, path: string): ContentPart[] {
  const source = block.source as { type: string; data?: unknown; content?: unknown };
  const citations = block.citations as { enabled?: boolean } | null | undefined;
  if (citations?.enabled === true) {
    throw refuseAnthropicField(`${path}.citations`, 'document citations are not supported by the gateway (only Claude produces them)', 'GW_ERR_REQUEST_UNSUPPORTED_CONTENT');
  }
  let parts: ContentPart[];
  if (source.type === 'text' && typeof source.data === 'string') {
    parts = [{ type: 'text', text: source.data }];
  } else if (source.type === 'content' && typeof source.content === 'string') {
    parts = [{ type: 'text', text: source.content }];
  } else if (source.type === 'content' && Array.isArray(source.content)) {
    // The schema allows only text and image blocks here.
    parts = (source.content as AnthropicContentBlock[]).flatMap((inner, index) => contentBlockToParts(inner, `${path}.source.content[${index}]`));
  } else {
    throw refuseAnthropicField(
      `${path}.source`,
      `a document with a ${JSON.stringify(source.type)} source is not supported: the gateway takes plain-text documents (source type "text" or "content") only; extract the PDF's text and send it as text`,
      'GW_ERR_REQUEST_UNSUPPORTED_CONTENT',
    );
  }
  if (parts.length === 0) parts.push({ type: 'text', text: '' });
  const heading = [block.title, block.context].filter((line): line is string => typeof line === 'string' && line !== '');
  if (heading.length > 0) parts.unshift({ type: 'text', text: `${heading.join('\n')}\n\n` });
  if (block.cache_control !== undefined && block.cache_control !== null) parts[parts.length - 1] = withCacheControl({ ...parts[parts.length - 1]! }, block);
  return parts;
}

/** Keeps the block's prompt-cache breakpoint on the part (canonical `cache_control`). */
export function withCacheControl(part: ContentPart, block: Record<string, unknown>): ContentPart {
  if (block.cache_control !== undefined && block.cache_control !== null) part.cache_control = block.cache_control as CacheControl;
  return part;
}
