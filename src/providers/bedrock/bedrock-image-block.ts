import { GatewayError } from '../../spec/gateway-error.js';
import type { Cancellation } from '../../upstream/cancellation.js';
import type { ImageFetcher } from '../../upstream/fetch-image.js';
import { loadImage } from '../shared/load-image.js';

/** Media types Bedrock's ImageBlock takes, by the `format` it names them with. */
const FORMATS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/**
 * An `image_url` as a Bedrock image block. Bedrock takes bytes only (or S3 locations), so http(s)
 * URLs are fetched through the SSRF-checked fetcher; data URLs are read in place. In JSON the bytes
 * travel base64-encoded, which is how data URLs and the fetcher already hold them.
 */
export async function bedrockImageBlock(
  url: string,
  provider: string,
  fetchImage: ImageFetcher,
  cancellation: Cancellation,
): Promise<{ image: { format: string; source: { bytes: string } } }> {
  const image = await loadImage(url, fetchImage, cancellation);
  const format = FORMATS[image.mediaType.split(';')[0]!.trim().toLowerCase()];
  if (format === undefined) {
    throw new GatewayError(
      'GW_ERR_REQUEST_UNSUPPORTED_CONTENT',
      `${provider} (Bedrock) takes PNG, JPEG, GIF or WebP images; this image is ${image.mediaType}`,
      { param: 'messages', provider },
    );
  }
  return { image: { format, source: { bytes: image.base64 } } };
}
