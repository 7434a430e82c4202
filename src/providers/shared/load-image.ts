import { GatewayError } from '../../spec/gateway-error.js';
import type { Cancellation } from '../../upstream/cancellation.js';
import type { FetchedImage, ImageFetcher } from '../../upstream/fetch-image.js';
import { parseDataUrl } from './parse-data-url.js';

/**
 * The bytes of an `image_url` for a provider that needs them: a base64 data URL is read in place, an
 * http(s) URL is fetched through the SSRF-checked fetcher, anything else is refused with a 400.
 */
export async function loadImage(url: string, fetchImage: ImageFetcher, cancellation: Cancellation): Promise<FetchedImage> {
  const inline = parseDataUrl(url);
  if (inline !== undefined) return { mediaType: inline.mediaType, base64: inline.base64 };
  if (/^https?:\/\//i.test(url)) return fetchImage(url, cancellation);
  throw new GatewayError('GW_ERR_REQUEST_IMAGE_FETCH', `image_url must be a base64 data URL or an http(s) URL; got ${JSON.stringify(url.slice(0, 60))}`, {
    param: 'messages',
  });
}
