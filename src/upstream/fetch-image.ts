import { isIP } from 'node:net';
import { Agent, type Dispatcher } from 'undici';
import { GatewayError } from '../spec/gateway-error.js';
import { blockedAddressReason } from './blocked-address-reason.js';
import type { Cancellation } from './cancellation.js';
import { BlockedAddressError, createCheckedLookup, systemResolveHost, type ResolveHost } from './create-checked-lookup.js';

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
  /** Host names (or `host:port`) fetched whatever they resolve to. */
  allowedHosts: readonly string[];
  maxBytes: number;
  /** For the whole fetch, redirects and body included. */
  timeoutMs: number;
  maxRedirects: number;
  /** How host names are resolved (tests inject one); defaults to the system resolver. */
  resolveHost?: ResolveHost;
}

/** Host names of cloud metadata services, refused by name before any lookup. */
const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data', 'instance-data.ec2.internal']);

const HINT = 'set images.allow_private_networks or images.allowed_hosts to allow it';
const REQUEST_HEADERS = { accept: 'image/*', 'accept-encoding': 'identity', 'user-agent': 'Skyroute image fetcher' };

/**
 * The SSRF-checked image fetcher shared by every provider of one config version. Two pools: one whose
 * connections resolve host names through the checking lookup (the default), and one without checks
 * for `allowed_hosts` (or everything, with `allow_private_networks`).
 */
export function createImageFetcher(options: ImageFetcherOptions): ImageFetcher & { close(): Promise<void> } {
  const connectTimeout = Math.max(1, options.timeoutMs);
  const checked = new Agent({
    connect: { timeout: connectTimeout, lookup: createCheckedLookup(options.resolveHost ?? systemResolveHost) },
    connections: 16,
  });
  const unchecked = new Agent({ connect: { timeout: connectTimeout }, connections: 16 });
  const allowedHosts = new Set(options.allowedHosts.map(normalizeHost));

  const fetchImage = async (url: string, cancellation: Cancellation): Promise<FetchedImage> => {
    // After a redirect, every reason is about the hop: "it redirects to X, and X is a loopback address".
    let hop = '';
    const refuse = (reason: string, cause?: unknown): GatewayError =>
      new GatewayError('GW_ERR_REQUEST_IMAGE_FETCH', `image ${shorten(url)} could not be fetched: ${hop}${reason}`, { param: 'messages', cause });
    if (cancellation.aborted) throw abortReason(cancellation);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('image fetch timed out'));
    }, options.timeoutMs);
    const unsubscribe = cancellation.onAbort((reason) => controller.abort(reason));
    try {
      let target = parseTarget(url, undefined, refuse);
      for (let redirects = 0; ; redirects++) {
        const dispatcher = choosePool(target, options.allowPrivateNetworks, allowedHosts, checked, unchecked, refuse);
        const { statusCode, headers, body } = await dispatcher.request({
          origin: target.origin,
          path: `${target.pathname}${target.search}`,
          method: 'GET',
          headers: REQUEST_HEADERS,
          signal: controller.signal,
        });
        const location = headers.location;
        if (statusCode >= 300 && statusCode < 400 && typeof location === 'string') {
          discard(body);
          if (redirects >= options.maxRedirects) throw refuse(`it redirects more than ${options.maxRedirects} time(s) (images.max_redirects)`);
          target = parseTarget(location, target, refuse);
          hop = `it redirects to ${shorten(target.href)}, and `;
          continue;
        }
        if (statusCode < 200 || statusCode >= 300) {
          discard(body);
          throw refuse(`the server answered HTTP ${statusCode}`);
        }
        const mediaType = String(headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        if (!mediaType.startsWith('image/')) {
          discard(body);
          throw refuse(`it is not an image (content-type ${mediaType === '' ? 'missing' : JSON.stringify(mediaType)}; expected image/*)`);
        }
        const declared = Number(headers['content-length']);
        if (Number.isFinite(declared) && declared > options.maxBytes) {
          closeBody(body);
          throw refuse(`it is ${declared} bytes, over images.max_bytes (${options.maxBytes})`);
        }
        return { mediaType, base64: (await readAtMost(body, options.maxBytes, refuse)).toString('base64') };
      }
    } catch (error) {
      if (cancellation.aborted) throw abortReason(cancellation);
      if (timedOut) throw refuse(`it took longer than ${options.timeoutMs} ms (images.timeout_ms)`, error);
      if (error instanceof GatewayError) throw error;
      if (error instanceof BlockedAddressError) throw refuse(`${error.message}; ${HINT}`, error);
      throw refuse(describeNetworkError(error), error);
    } finally {
      clearTimeout(timer);
      unsubscribe();
    }
  };
  return Object.assign(fetchImage, {
    close: async () => {
      await Promise.all([checked.close(), unchecked.close()]);
    },
  });
}

/** A URL (or a redirect's `location`, relative to `base`) that may be fetched: http or https only. */
function parseTarget(url: string, base: URL | undefined, refuse: (reason: string) => GatewayError): URL {
  let target: URL;
  try {
    target = new URL(url, base);
  } catch {
    throw refuse(base === undefined ? 'it is not a valid URL' : `it redirects to ${JSON.stringify(shorten(url))}, which is not a valid URL`);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    const what = `only http and https URLs are fetched, not ${target.protocol}`;
    throw refuse(base === undefined ? what : `it redirects to ${shorten(target.href)}; ${what}`);
  }
  return target;
}

/**
 * Allowed hosts and `allow_private_networks` skip every check. Otherwise an IP literal is checked
 * here (the connection does not resolve it, so the lookup would not see it), a metadata host name
 * is refused by name, and any other name is checked by the lookup of the connection that uses it.
 */
function choosePool(
  target: URL,
  allowPrivateNetworks: boolean,
  allowedHosts: ReadonlySet<string>,
  checked: Dispatcher,
  unchecked: Dispatcher,
  refuse: (reason: string) => GatewayError,
): Dispatcher {
  const host = normalizeHost(target.hostname);
  const port = target.port === '' ? (target.protocol === 'https:' ? '443' : '80') : target.port;
  if (allowPrivateNetworks || allowedHosts.has(host) || allowedHosts.has(`${host}:${port}`)) return unchecked;
  const literal = host.startsWith('[') ? host.slice(1, -1) : host;
  if (isIP(literal) !== 0) {
    const why = blockedAddressReason(literal);
    if (why !== undefined) throw refuse(`${literal} is ${why}; ${HINT}`);
    return checked;
  }
  if (METADATA_HOSTS.has(host)) throw refuse(`${host} is a cloud metadata service; ${HINT}`);
  return checked;
}

/** Lower case, no trailing dot (`LocalHost.` and `localhost` are the same host). */
function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.(?=$|:\d+$)/, '');
}

async function readAtMost(body: AsyncIterable<Buffer> & Parameters<typeof closeBody>[0], maxBytes: number, refuse: (reason: string) => GatewayError): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) {
      closeBody(body);
      throw refuse(`it is larger than images.max_bytes (${maxBytes} bytes)`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/** Drops the connection under a body that is not wanted; undici reports that as an error nobody needs. */
function closeBody(body: { on(event: 'error', listener: () => void): unknown; destroy(): void }): void {
  body.on('error', () => {});
  body.destroy();
}

/** Reads a little of an unwanted body so the connection can be reused, or closes it. */
function discard(body: { dump(options?: { limit: number }): Promise<void> }): void {
  body.dump({ limit: 64 * 1024 }).catch(() => {});
}

function describeNetworkError(error: unknown): string {
  const code = (error as { code?: string } | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `its host name does not resolve (${code})`;
  if (code === 'ECONNREFUSED') return 'the server refused the connection';
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return 'the server could not be reached in time';
  return `the request failed (${code ?? 'error'}: ${message})`;
}

/** The client went away (any error will do) or the request's deadline passed (its GatewayError). */
function abortReason(cancellation: Cancellation): unknown {
  const reason = cancellation.reason;
  return reason instanceof Error ? reason : new Error(String(reason));
}

/** URLs can be data-sized; messages keep the start, which is what identifies them. */
function shorten(url: string): string {
  return url.length <= 120 ? url : `${url.slice(0, 117)}…`;
}
