import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatorState } from './create-simulator-state.js';
import { sendSimJson } from './send-sim-json.js';
import { simAccessToken } from './sim-access-token.js';

const jwtBearer = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
// Google's tokens last an hour; it reports 3599 seconds.
const lifetimeSeconds = 3599;

/**
 * `POST /token`, Google's OAuth token endpoint (https://oauth2.googleapis.com/token) as a
 * service-account client uses it: a form (or JSON) body with the JWT-bearer grant and an
 * assertion. The JWT must be well formed, name an issuer, a scope or target audience and an
 * audience, and be short-lived (exp − iat ≤ 1 hour, not expired); its RS256 signature is NOT
 * checked, since the simulator does not know the private key's public half. The refresh-token
 * grant of user credentials is accepted too. The answer is `{access_token, expires_in,
 * token_type}`; the token is accepted by the Vertex routes (see routeGeminiSimRequest).
 */
export function handleSimOAuthToken(state: SimulatorState, request: IncomingMessage, response: ServerResponse, rawBody: string, body: unknown): void {
  state.stats.completed++;
  const fail = (error: string, description: string): void => sendSimJson(response, 400, { error, error_description: description });
  if (request.method !== 'POST') return sendSimJson(response, 405, { error: 'invalid_request', error_description: 'Use POST' });
  const fields = readFields(request, rawBody, body);
  const grantType = fields.get('grant_type');
  let subject: string;
  if (grantType === jwtBearer) {
    const assertion = fields.get('assertion');
    if (!assertion) return fail('invalid_request', 'Missing required parameter: assertion');
    const claims = decodeJwtClaims(assertion);
    if (!claims) return fail('invalid_grant', 'Invalid JWT Signature.');
    const { iss, aud, iat, exp, scope, target_audience: targetAudience } = claims;
    if (typeof iss !== 'string' || typeof aud !== 'string') return fail('invalid_grant', 'Invalid JWT: iss and aud claims are required.');
    if (typeof scope !== 'string' && typeof targetAudience !== 'string') return fail('invalid_scope', 'Invalid OAuth scope or ID token audience provided.');
    const now = Date.now() / 1000;
    if (typeof iat !== 'number' || typeof exp !== 'number' || exp - iat > 3600 || exp < now - 60 || iat > now + 300) {
      return fail(
        'invalid_grant',
        'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
      );
    }
    subject = iss;
  } else if (grantType === 'refresh_token') {
    if (!fields.get('refresh_token') || !fields.get('client_id')) return fail('invalid_request', 'Missing required parameter: refresh_token');
    subject = String(fields.get('client_id'));
  } else {
    return fail('unsupported_grant_type', `Invalid grant_type: ${grantType ?? ''}`);
  }
  const token = simAccessToken.issue(state, subject, Date.now() + lifetimeSeconds * 1000);
  sendSimJson(response, 200, { access_token: token, expires_in: lifetimeSeconds, token_type: 'Bearer' });
}

function readFields(request: IncomingMessage, rawBody: string, body: unknown): Map<string, string> {
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    return new Map(Object.entries(body as Record<string, unknown>).map(([key, value]) => [key, String(value)]));
  }
  const type = request.headers['content-type'] ?? '';
  return type.includes('application/x-www-form-urlencoded') || rawBody.includes('=') ? new Map(new URLSearchParams(rawBody)) : new Map();
}

function decodeJwtClaims(jwt: string): Record<string, unknown> | undefined {
  const segments = jwt.split('.');
  if (segments.length !== 3 || segments.some((segment) => segment === '')) return undefined;
  try {
    const header = JSON.parse(Buffer.from(segments[0] as string, 'base64url').toString('utf8')) as Record<string, unknown>;
    const claims = JSON.parse(Buffer.from(segments[1] as string, 'base64url').toString('utf8')) as unknown;
    if (header.alg === undefined || claims === null || typeof claims !== 'object') return undefined;
    return claims as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
