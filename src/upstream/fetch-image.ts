import type { Cancellation } from './cancellation.js';

/** Image bytes fetched for a provider that cannot take a URL. */
export interface FetchedImage {
  /** The response's content type, checked to be `image/*` (e.g. `image/png`). */
  mediaType: string;
  /** The bytes, base64-encoded. */
  base64: string;
}

/**
 * Fetches an http(s) image URL with SSRF protection (docs/config.md `images`): rejects with a
 * GatewayError (400 GW_ERR_REQUEST_IMAGE_FETCH) naming the URL and the reason.
 */
export type ImageFetcher = (url: string, cancellation: Cancellation) => Promise<FetchedImage>;

export interface ImageFetcherOptions {
  allowPrivateNetworks: boolean;
  allowedHosts: readonly string[];
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
}

// TEMPORARY during issue 3 integration: the SSRF-safe implementation replaces this.
export function createImageFetcher(_options: ImageFetcherOptions): ImageFetcher & { close(): Promise<void> } {
  return Object.assign(async (url: string): Promise<FetchedImage> => {
    throw new Error(`image fetching is not available yet (${url})`);
  }, { close: async () => {} });
}
