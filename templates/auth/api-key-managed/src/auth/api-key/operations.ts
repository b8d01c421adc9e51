import { HttpError } from '../../core/errors.js';
import { callerOf, NO_BODY, operationsOf, signedIn, type Operation, type OperationContext } from '../../core/operation.js';
import { noQuerySchema } from '../../core/pagination.js';
import type { Principal } from '../../core/principal.js';
import { API_KEY_SCHEME } from './scheme.js';
import {
  createdKeySchema,
  createKeyBodySchema,
  keyIdParamsSchema,
  keyListSchema,
  keyMetadataSchema,
  rotateKeyBodySchema,
} from './schemas.js';
import type { ApiKeyService } from './service.js';

export interface ApiKeyServices {
  readonly apiKey: ApiKeyService;
}

/** Keys are managed with an access token only: a key can never mint, see or revoke keys. */
function sessionOf(context: OperationContext<unknown>): Principal {
  const caller = callerOf(context);
  if (caller.scheme === API_KEY_SCHEME)
    throw new HttpError('forbidden', { detail: 'API keys are managed with an access token, not with a key' });
  return caller;
}

/** Admins use their access token: a key never reaches an admin route, whatever its owner's role. */
export const keysActAsAdmins = false;

const define = operationsOf<ApiKeyServices>();
const common = { tag: 'api-keys', query: noQuerySchema, access: signedIn(), errors: [403] } as const;

/** A signed-in user creates, lists, reads, rotates and revokes their own API keys. */
export const apiKeyOperations = [
  define({
    ...common,
    method: 'POST',
    path: '/v1/api-keys',
    operationId: 'apiKeysCreate',
    summary: 'Create an API key (the key is in this response only)',
    body: { kind: 'json', schema: createKeyBodySchema },
    success: { status: 201, description: 'The new key; it is never shown again', schema: createdKeySchema },
    handle: ({ body }, context) =>
      context.services.apiKey.issue(sessionOf(context).userId, {
        name: body.name,
        scopes: body.scopes,
        expiresInMs: body.expiresIn === undefined ? undefined : body.expiresIn * 1_000,
      }),
  }),
  define({
    ...common,
    method: 'GET',
    path: '/v1/api-keys',
    operationId: 'apiKeysList',
    summary: 'List your API keys (never the keys themselves), newest first',
    body: NO_BODY,
    success: { status: 200, description: 'Your keys', schema: keyListSchema },
    handle: (_input, context) => context.services.apiKey.list(sessionOf(context).userId),
  }),
  define({
    ...common,
    method: 'GET',
    path: '/v1/api-keys/{id}',
    operationId: 'apiKeysGet',
    summary: 'Read one of your API keys (never the key itself)',
    params: keyIdParamsSchema,
    body: NO_BODY,
    success: { status: 200, description: 'The key', schema: keyMetadataSchema },
    errors: [403, 404],
    handle: ({ params }, context) => context.services.apiKey.get(sessionOf(context).userId, params.id),
  }),
  define({
    ...common,
    method: 'POST',
    path: '/v1/api-keys/{id}/rotate',
    operationId: 'apiKeysRotate',
    summary: 'Replace one of your API keys; the old one works until the grace period ends',
    params: keyIdParamsSchema,
    body: { kind: 'json', schema: rotateKeyBodySchema },
    success: { status: 201, description: 'The new key (same name, scopes and expiry); it is never shown again', schema: createdKeySchema },
    errors: [403, 404, 409],
    handle: ({ params, body }, context) =>
      context.services.apiKey.rotate(
        sessionOf(context).userId,
        params.id,
        body.graceSeconds === undefined ? undefined : body.graceSeconds * 1_000,
      ),
  }),
  define({
    ...common,
    method: 'DELETE',
    path: '/v1/api-keys/{id}',
    operationId: 'apiKeysRevoke',
    summary: 'Revoke one of your API keys at once',
    params: keyIdParamsSchema,
    body: NO_BODY,
    success: { status: 204, description: 'Revoked: the key gets 401 from its next request on' },
    errors: [403, 404],
    async handle({ params }, context) {
      await context.services.apiKey.revoke(sessionOf(context).userId, params.id);
      return undefined;
    },
  }),
] satisfies readonly Operation<ApiKeyServices>[];
