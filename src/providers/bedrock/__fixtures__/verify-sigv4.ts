import { createHash, createHmac } from 'node:crypto';
import type { RecordedBedrockRequest } from './start-bedrock-fixture-server.js';

/**
 * Test support: recomputes a recorded request's AWS SigV4 signature from scratch (the algorithm in
 * the AWS SigV4 documentation, with Node's crypto, independent of the Smithy signer) and returns
 * what the test compares. The canonical path is the path as received, URI-encoded once more (every
 * AWS service but S3), so a mismatch between the path sent and the path signed shows up here.
 */
export function verifySigV4(request: RecordedBedrockRequest, secretAccessKey: string): {
  expected: string;
  actual: string;
  signedHeaders: string[];
  scope: string;
  amzDate: string;
} {
  const authorization = String(request.headers.authorization ?? '');
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(authorization);
  if (match === null) throw new Error(`not a SigV4 authorization header: ${authorization}`);
  const [, , date, region, service, signedList, actual] = match as unknown as [string, string, string, string, string, string, string];
  const signedHeaders = signedList.split(';');
  const amzDate = String(request.headers['x-amz-date']);
  const [path, query = ''] = request.url.split('?') as [string, string?];
  const canonicalPath = path.split('/').map(encodeRfc3986).join('/');
  const canonicalHeaders = signedHeaders.map((name) => `${name}:${String(request.headers[name]).trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonicalRequest = [request.method, canonicalPath, query, canonicalHeaders, signedList, sha256(request.rawBody)].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  let key: Buffer = hmac(`AWS4${secretAccessKey}`, date);
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part);
  return { expected: hmac(key, stringToSign).toString('hex'), actual, signedHeaders, scope, amzDate };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** RFC 3986 encoding: everything but A-Z a-z 0-9 - _ . ~ */
function encodeRfc3986(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}
