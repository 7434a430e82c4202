import { GatewayError } from '../../spec/gateway-error.js';
import { CREDENTIAL_SECRET_FIELDS, PutCredentialBody } from './admin-input-schemas.js';
import { credentialJson } from './admin-json.js';
import { CredentialJson, CredentialListJson, DeletedCredentialJson } from './admin-output-schemas.js';
import { adminRoute, type AdminRoute } from './admin-route.js';

const CREDENTIAL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * /admin/credentials: provider secrets kept in the database, sealed with SKYROUTE_ENCRYPTION_KEY
 * (AES-256-GCM, bound to the credential's name). Nothing here ever answers a secret: only its hint.
 */
export const credentialRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'PUT',
    path: '/admin/credentials/{name}',
    operationId: 'putCredential',
    tag: 'credentials',
    summary: 'Store a provider credential (create or replace)',
    description: 'The secret fields are encrypted with SKYROUTE_ENCRYPTION_KEY before they reach the database; without that variable the request is refused.',
    body: PutCredentialBody,
    response: { status: 200, description: 'The credential, without its secret.', schema: CredentialJson },
    async handle({ params, body, admin, now }) {
      const name = checkName(params.name!);
      if (admin.secretBox === undefined) {
        throw new GatewayError(
          'GW_ERR_ADMIN_INVALID',
          'Credentials cannot be stored: SKYROUTE_ENCRYPTION_KEY is not set, and secrets are only kept encrypted. Set it to 32 random bytes (make one with: openssl rand -base64 32) and restart the gateway.',
        );
      }
      const secrets: Record<string, string> = {};
      for (const field of CREDENTIAL_SECRET_FIELDS) {
        const value = body[field];
        if (value !== undefined) secrets[field] = value;
      }
      const existing = await admin.store.getCredential(name);
      const credential = {
        name,
        provider: body.provider,
        ciphertext: admin.secretBox.seal(JSON.stringify(secrets), name),
        hint: hintOf(secrets),
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      };
      await admin.store.putCredential(credential);
      admin.credentialsChanged();
      return credentialJson(credential);
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/admin/credentials',
    operationId: 'listCredentials',
    tag: 'credentials',
    summary: 'List provider credentials (never their secrets)',
    response: { status: 200, description: 'Every credential.', schema: CredentialListJson },
    async handle({ admin }) {
      return { data: (await admin.store.listCredentials()).map(credentialJson) };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/admin/credentials/{name}',
    operationId: 'getCredential',
    tag: 'credentials',
    summary: 'Get a provider credential (never its secret)',
    response: { status: 200, description: 'The credential.', schema: CredentialJson },
    failures: [404],
    async handle({ params, admin }) {
      const credential = await admin.store.getCredential(params.name!);
      if (credential === undefined) throw notFound(params.name!);
      return credentialJson(credential);
    },
  }),
  adminRoute({
    method: 'DELETE',
    path: '/admin/credentials/{name}',
    operationId: 'deleteCredential',
    tag: 'credentials',
    summary: 'Delete a provider credential',
    response: { status: 200, description: 'The credential is gone.', schema: DeletedCredentialJson },
    failures: [404],
    async handle({ params, admin }) {
      if (!(await admin.store.deleteCredential(params.name!))) throw notFound(params.name!);
      admin.credentialsChanged();
      return { name: params.name!, deleted: true as const };
    },
  }),
];

function checkName(name: string): string {
  if (!CREDENTIAL_NAME.test(name)) {
    throw new GatewayError(
      'GW_ERR_ADMIN_INVALID',
      `name: "${name}" is not a usable credential name; use 1–128 letters, digits, ".", "_" or "-", starting with a letter or digit (e.g. openai-prod).`,
      { param: 'name' },
    );
  }
  return name;
}

function notFound(name: string): GatewayError {
  return new GatewayError('GW_ERR_ADMIN_NOT_FOUND', `No credential is named "${name}"; GET /admin/credentials lists them.`);
}

/**
 * The last four characters of the secret people recognise: the API key, else the AWS access key id
 * (not itself secret). A short secret gets no hint (four characters would give away too much of it),
 * nor does a service-account JSON (its tail is always "}").
 */
function hintOf(secrets: Record<string, string>): string {
  const main = secrets.api_key ?? secrets.aws_access_key_id ?? secrets.aws_secret_access_key;
  return main !== undefined && main.length >= 12 ? main.slice(-4) : '';
}
