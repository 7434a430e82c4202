import { sign, type KeyObject } from 'node:crypto';

export interface ServiceAccountAssertion {
  clientEmail: string;
  privateKey: KeyObject;
  privateKeyId: string | undefined;
  /** The token endpoint, which is also the assertion's audience. */
  tokenUri: string;
  scope: string;
  /** Unix seconds. */
  now: number;
}

/** Google accepts assertions valid for at most an hour. */
const LIFETIME_SECONDS = 3600;

/**
 * The signed JWT a service account trades for an access token (OAuth 2.0 JWT bearer grant,
 * RFC 7523; https://developers.google.com/identity/protocols/oauth2/service-account#httprest):
 * RS256 over `header.claims`, base64url without padding, `kid` naming the key so Google need not
 * try each of the account's keys.
 */
export function signServiceAccountJwt(assertion: ServiceAccountAssertion): string {
  const header = { alg: 'RS256', typ: 'JWT', ...(assertion.privateKeyId === undefined ? {} : { kid: assertion.privateKeyId }) };
  const claims = {
    iss: assertion.clientEmail,
    scope: assertion.scope,
    aud: assertion.tokenUri,
    iat: assertion.now,
    exp: assertion.now + LIFETIME_SECONDS,
  };
  const signingInput = `${base64url(header)}.${base64url(claims)}`;
  const signature = sign('sha256', Buffer.from(signingInput), assertion.privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
