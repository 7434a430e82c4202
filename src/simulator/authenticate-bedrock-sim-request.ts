import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { bedrockSimErrors } from './bedrock-sim-errors.js';
import type { SimulatorState } from './create-simulator-state.js';
import type { SimWireError } from './send-sim-json.js';

const sigV4Header =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;

/**
 * Bedrock auth, when the simulator has an API key or AWS test credentials: either
 * `Authorization: Bearer <apiKey>` (a Bedrock API key) or a SigV4 `AWS4-HMAC-SHA256` header for
 * service `bedrock`. With `awsCredentials` the signature is recomputed with @smithy/signature-v4
 * over the headers the client signed and the exact body, and must match; without them a
 * well-formed SigV4 header with an X-Amz-Date is accepted unchecked. Clock skew is not checked.
 */
export async function authenticateBedrockSimRequest(state: SimulatorState, request: IncomingMessage, rawBody: string): Promise<SimWireError | undefined> {
  const authorization = request.headers.authorization;
  if (authorization === undefined || authorization === '') return bedrockSimErrors.missingAuthentication();
  if (/^Bearer\s/i.test(authorization)) {
    return state.apiKey !== undefined && authorization.slice(7).trim() === state.apiKey ? undefined : bedrockSimErrors.invalidApiKey();
  }
  const parsed = sigV4Header.exec(authorization);
  const amzDate = request.headers['x-amz-date'];
  if (!parsed || typeof amzDate !== 'string' || !/^\d{8}T\d{6}Z$/.test(amzDate)) return bedrockSimErrors.malformedAuthorization();
  const [, accessKeyId, , region, service, signedHeaderList, signature] = parsed as unknown as string[];
  if (service !== 'bedrock') return bedrockSimErrors.badSignature();
  const credentials = state.awsCredentials;
  if (!credentials) return undefined;
  if (accessKeyId !== credentials.accessKeyId) return bedrockSimErrors.unknownAccessKey();

  // A signed content hash must be the body's: the signature covers the header, not the bytes.
  const contentHash = request.headers['x-amz-content-sha256'];
  if (typeof contentHash === 'string' && contentHash !== 'UNSIGNED-PAYLOAD' && contentHash !== createHash('sha256').update(rawBody).digest('hex')) {
    return bedrockSimErrors.badSignature();
  }
  const signedHeaders = (signedHeaderList as string).split(';');
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) return bedrockSimErrors.badSignature();
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const url = request.url ?? '/';
  const queryStart = url.indexOf('?');
  const query: Record<string, string> = {};
  if (queryStart !== -1) for (const [key, value] of new URLSearchParams(url.slice(queryStart + 1))) query[key] = value;
  const signer = new SignatureV4({
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
    region: region as string,
    service: 'bedrock',
    sha256: Sha256,
    applyChecksum: false,
  });
  const signingDate = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  const signed = await signer.sign(
    {
      method: request.method ?? 'POST',
      protocol: 'http:',
      hostname: headers.host ?? 'localhost',
      path: queryStart === -1 ? url : url.slice(0, queryStart),
      query,
      headers,
      body: rawBody,
    },
    { signingDate, signableHeaders: new Set(signedHeaders) },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization ?? ''))?.[1];
  return expected === signature ? undefined : bedrockSimErrors.badSignature();
}
