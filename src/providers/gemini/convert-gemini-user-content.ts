import type { ChatMessage, ContentPart } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/gateway-error.js';
import type { Cancellation } from '../../upstream/cancellation.js';
import type { ImageFetcher } from '../../upstream/fetch-image.js';
import { loadImage } from '../shared/load-image.js';
import { parseDataUrl } from '../shared/parse-data-url.js';
import type { GeminiPart } from './gemini-wire.js';

export interface UserContentOptions {
  provider: string;
  fetchImage: ImageFetcher;
  cancellation: Cancellation;
}

/**
 * A user message's content → Gemini parts. Gemini takes media as bytes (`inlineData`; `fileData`
 * is only for its own Files API and Cloud Storage), so http(s) image URLs are fetched through the
 * SSRF-checked fetcher, all of a message's images at once. `input_audio` and `file` parts with a
 * base64 data URL become `inlineData` too; `image_url.detail` has no Gemini equivalent and is
 * dropped (PROVIDER-MAPPING §7). Empty text parts are left out: Vertex refuses them.
 */
export async function convertGeminiUserContent(message: ChatMessage, options: UserContentOptions): Promise<GeminiPart[]> {
  const { content } = message;
  if (content === undefined || content === null) return [];
  if (typeof content === 'string') return content === '' ? [] : [{ text: content }];
  const parts = content.map((part) => convertPart(part, options));
  return (await Promise.all(parts)).filter((part): part is GeminiPart => part !== undefined);
}

async function convertPart(part: ContentPart, options: UserContentOptions): Promise<GeminiPart | undefined> {
  switch (part.type) {
    case 'text': {
      const text = typeof part.text === 'string' ? part.text : '';
      return text === '' ? undefined : { text };
    }
    case 'image_url': {
      const url = (part.image_url as { url?: unknown } | undefined)?.url;
      if (typeof url !== 'string') throw unsupportedContent(options.provider, 'an image_url part without a url');
      const image = await loadImage(url, options.fetchImage, options.cancellation);
      return { inlineData: { mimeType: image.mediaType, data: image.base64 } };
    }
    case 'input_audio': {
      const audio = part.input_audio as { data?: unknown; format?: unknown } | undefined;
      if (typeof audio?.data !== 'string' || typeof audio.format !== 'string') throw unsupportedContent(options.provider, 'an input_audio part without data and format');
      return { inlineData: { mimeType: `audio/${audio.format}`, data: audio.data } };
    }
    case 'file': {
      const file = part.file as { file_data?: unknown; file_id?: unknown } | undefined;
      const inline = typeof file?.file_data === 'string' ? parseDataUrl(file.file_data) : undefined;
      if (inline === undefined) throw unsupportedContent(options.provider, 'a file part without a base64 data URL in file_data (file ids belong to another provider)');
      return { inlineData: { mimeType: inline.mediaType, data: inline.base64 } };
    }
    default:
      throw unsupportedContent(options.provider, `a ${JSON.stringify(part.type)} content part`);
  }
}

function unsupportedContent(provider: string, what: string): GatewayError {
  return new GatewayError('GW_ERR_REQUEST_UNSUPPORTED_CONTENT', `${provider} cannot take ${what} in a user message`, { param: 'messages', provider });
}
