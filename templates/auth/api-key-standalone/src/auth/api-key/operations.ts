import { callerOf, NO_BODY, operationsOf, signedIn, type Operation, type OperationContext } from '../../core/operation.js';
import { noQuerySchema } from '../../core/pagination.js';
import { API_KEY_SCHEME } from './scheme.js';
import { keyMetadataSchema } from './schemas.js';
import type { ApiKeyService } from './service.js';

export interface ApiKeyServices {
  readonly apiKey: ApiKeyService;
}

/**
 * Keys are this API's only credential, so an admin's key reaches the admin routes (the role
 * is read on every request: a demotion applies at once). Other keys get 403 there.
 */
export const keysActAsAdmins = true;

/** The owner and id of the key making the request (only a key reaches these operations). */
function callingKey(context: OperationContext<unknown>): { ownerId: string; id: string } {
  const caller = callerOf(context);
  if (caller.credentialId === undefined) throw new Error('an API-key operation ran without a key');
  return { ownerId: caller.userId, id: caller.credentialId };
}

const define = operationsOf<ApiKeyServices>();
const common = { tag: 'api-keys', query: noQuerySchema, body: NO_BODY, access: signedIn({ schemes: [API_KEY_SCHEME] }) } as const;

/** The calling key can read its own metadata and revoke itself; keys are issued with `npm run keys`. */
export const apiKeyOperations = [
  define({
    ...common,
    method: 'GET',
    path: '/v1/api-keys/current',
    operationId: 'apiKeysCurrent',
    summary: 'The API key making this request (never its secret)',
    success: { status: 200, description: 'The calling key', schema: keyMetadataSchema },
    handle: (_input, context) => {
      const key = callingKey(context);
      return context.services.apiKey.get(key.ownerId, key.id);
    },
  }),
  define({
    ...common,
    method: 'DELETE',
    path: '/v1/api-keys/current',
    operationId: 'apiKeysRevokeCurrent',
    summary: 'Revoke the API key making this request',
    success: { status: 204, description: 'Revoked: the key gets 401 from its next request on' },
    async handle(_input, context) {
      const key = callingKey(context);
      await context.services.apiKey.revoke(key.ownerId, key.id);
      return undefined;
    },
  }),
] satisfies readonly Operation<ApiKeyServices>[];
