import type { Dispatcher } from 'undici';
import { GatewayError } from '../../spec/gateway-error.js';
import { callUpstream } from '../../upstream/call-upstream.js';
import { Cancellation } from '../../upstream/cancellation.js';
import type { UpstreamTimeouts } from '../../upstream/upstream-timeouts.js';
import type { VertexCredentials } from './read-vertex-credentials.js';
import { signServiceAccountJwt } from './sign-service-account-jwt.js';

/** The scope Vertex AI's generateContent needs (googleapis/js-genai `src/node/_node_auth.ts`). */
export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

/** A token is renewed this long before it expires (at most half its life), so none expires in flight. */
const REFRESH_MARGIN_SECONDS = 300;

export interface VertexTokenSourceSettings {
  provider: string;
  credentials: VertexCredentials;
  /** The provider's pool; the token endpoint is simply another origin on it. */
  dispatcher: Dispatcher;
  timeouts: UpstreamTimeouts;
  /** Milliseconds since the epoch; tests move time. */
  now?: () => number;
}

/**
 * OAuth 2.0 access tokens for Vertex AI, without google-auth-library: a service account signs a JWT
 * (node:crypto, RS256) and trades it at its key's `token_uri` (grant type
 * `urn:ietf:params:oauth:grant-type:jwt-bearer`); gcloud's authorized_user credentials trade their
 * refresh token. The token is kept until shortly before it expires, and concurrent requests share
 * one refresh. A refused exchange is GW_ERR_UPSTREAM_AUTH naming the provider (retryable only when
 * the endpoint failed or throttled, not when it said no).
 */
export class VertexTokenSource {
  private cached: { value: string; refreshAt: number } | undefined;
  private pending: Promise<string> | undefined;
  private readonly now: () => number;

  constructor(private readonly settings: VertexTokenSourceSettings) {
    this.now = settings.now ?? Date.now;
  }

  accessToken(): Promise<string> {
    if (this.cached !== undefined && this.now() < this.cached.refreshAt) return Promise.resolve(this.cached.value);
    this.pending ??= this.exchange().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Vertex answered 401: the cached token was revoked or is otherwise stale. */
  invalidate(): void {
    this.cached = undefined;
  }

  private async exchange(): Promise<string> {
    const { credentials, provider } = this.settings;
    const startedAt = this.now();
    const form = new URLSearchParams(
      credentials.type === 'service_account'
        ? {
            grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
            assertion: signServiceAccountJwt({ ...credentials, scope: CLOUD_PLATFORM_SCOPE, now: Math.floor(startedAt / 1000) }),
          }
        : { grant_type: 'refresh_token', client_id: credentials.clientId, client_secret: credentials.clientSecret, refresh_token: credentials.refreshToken },
    );
    const url = new URL(credentials.tokenUri);
    let status: number;
    let text: string;
    try {
      const response = await callUpstream(this.settings.dispatcher, {
        provider,
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        // Shared by every request waiting for it, so no single client's disconnect may cancel it.
        cancellation: new Cancellation(),
        timeouts: this.settings.timeouts,
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      throw this.failure(`cannot reach the token endpoint ${credentials.tokenUri} (${(error as Error).message})`, { retryable: true, cause: error });
    }
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // described below
    }
    if (status >= 400) {
      const code = typeof json.error === 'string' ? json.error : undefined;
      const description = typeof json.error_description === 'string' ? json.error_description : text.trim().slice(0, 200);
      throw this.failure(`the token endpoint refused the gateway's credentials (HTTP ${status}${code === undefined ? '' : ` ${code}`}: ${description})`, {
        retryable: status === 429 || status >= 500,
        upstreamStatus: status,
        upstreamCode: code ?? null,
      });
    }
    const token = json.access_token;
    if (typeof token !== 'string' || token === '') throw this.failure(`the token endpoint answered without an access_token: ${text.slice(0, 200)}`, { retryable: true });
    const lifetime = typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in : 3600;
    this.cached = { value: token, refreshAt: startedAt + (lifetime - Math.min(REFRESH_MARGIN_SECONDS, lifetime / 2)) * 1000 };
    return token;
  }

  private failure(what: string, options: { retryable: boolean; upstreamStatus?: number; upstreamCode?: string | null; cause?: unknown }): GatewayError {
    const { provider } = this.settings;
    return new GatewayError('GW_ERR_UPSTREAM_AUTH', `${provider}: ${what}`, { provider, ...options });
  }
}
