import type { ServerResponse } from 'node:http';
import type { ProfileViolation } from './check-request-against-profile.js';
import type { SimulatedFault } from './decide-request-fate.js';
import { sendSimJson, type SimWireError } from './send-sim-json.js';

// Bedrock Runtime errors (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html):
// a `{"message"}` body, the exception name in `x-amzn-ErrorType` (with the service suffix AWS
// appends, which clients strip at the colon) and the HTTP status AWS documents for it.

const errorTypeSuffix = ':http://internal.amazon.com/coral/com.amazon.bedrock/';

function awsError(status: number, type: string, message: string): SimWireError {
  return { status, body: { message }, headers: { 'x-amzn-ErrorType': `${type}${errorTypeSuffix}` } };
}

const validation = (message: string): SimWireError => awsError(400, 'ValidationException', message);
const unavailable = (): SimWireError => awsError(503, 'ServiceUnavailableException', 'Bedrock is unable to process your request.');
const internal = (): SimWireError =>
  awsError(500, 'InternalServerException', 'The system encountered an unexpected error during processing. Try your request again.');
const throttled = (): SimWireError => awsError(429, 'ThrottlingException', 'Too many requests, please wait before trying again.');

export const bedrockSimErrors = {
  validation,
  /** A model-side rule Bedrock relays from the model provider (Anthropic's thinking rules). */
  modelError: (message: string): SimWireError => validation(`The model returned the following errors: ${message}`),
  /** AWS's constraint-violation wording for a field that breaks the API's schema. */
  constraint: (value: unknown, at: string, constraint: string): SimWireError =>
    validation(`1 validation error detected: Value '${typeof value === 'string' ? value : JSON.stringify(value)}' at '${at}' failed to satisfy constraint: ${constraint}`),
  invalidJson: (): SimWireError => awsError(400, 'SerializationException', 'Unable to parse the request body as JSON.'),
  missingAuthentication: (): SimWireError => awsError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token'),
  unknownAccessKey: (): SimWireError => awsError(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.'),
  badSignature: (): SimWireError =>
    awsError(
      403,
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    ),
  malformedAuthorization: (): SimWireError =>
    awsError(403, 'IncompleteSignatureException', 'Authorization header requires Credential, SignedHeaders and Signature parameters, and an X-Amz-Date header.'),
  /** Bedrock API keys that are wrong get this body (capital `Message`), as reported by users of AWS_BEARER_TOKEN_BEDROCK. */
  invalidApiKey: (): SimWireError => ({
    status: 403,
    body: { Message: 'Authentication failed: Please make sure your API Key is valid.' },
    headers: { 'x-amzn-ErrorType': `AccessDeniedException${errorTypeSuffix}` },
  }),
  invalidModel: (): SimWireError => validation('The provided model identifier is invalid.'),
  notAChatModel: (): SimWireError => validation("This action doesn't support the model that you provided. Try again with a supported text or chat model."),
  unknownOperation: (): SimWireError => awsError(404, 'ResourceNotFoundException', 'The requested operation is not supported by the simulator.'),

  fromViolation(violation: ProfileViolation): SimWireError {
    switch (violation.kind) {
      case 'image-not-supported':
        return validation("This model doesn't support the image content block that you provided. Try again with a model that supports images.");
      case 'tools-not-supported':
        return validation("This model doesn't support tool use.");
      case 'legacy-max-tokens':
        return validation('maxTokens is not accepted by this model.');
      case 'max-tokens-too-large':
        return validation(
          `The maximum tokens you requested exceeds the model limit of ${violation.limit}. Try again with a maximum tokens value that is lower than ${violation.limit}.`,
        );
      case 'context-exceeded':
        return validation('Input is too long for requested model.');
    }
  },

  fromFault(fault: SimulatedFault): SimWireError {
    switch (fault.kind) {
      case 'outage':
        return unavailable();
      case 'burst':
        if (fault.status === 503) return unavailable();
        if (fault.status === 429) return throttled();
        return fault.status === 500 ? internal() : awsError(fault.status, 'InternalServerException', `Simulated failure (${fault.status}).`);
      case 'server-error':
        return internal();
      case 'rate-limit':
        return throttled();
    }
  },

  /** The exception frame of a ConverseStream that breaks after the 200: lowerCamel name, JSON message. */
  streamException: (): { type: string; message: string } => ({ type: 'throttlingException', message: 'Too many requests, please wait before trying again.' }),

  send(response: ServerResponse, failure: SimWireError, requestId: string): void {
    sendSimJson(response, failure.status, failure.body, { 'x-amzn-RequestId': requestId, ...failure.headers });
  },
};
