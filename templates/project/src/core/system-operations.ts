import { z } from 'zod';
import type { Db } from './db/database.js';
import { HttpError } from './errors.js';
import type { Logger } from './logger.js';
import { NO_BODY, operationsOf, PUBLIC, signedIn, type JsonText, type Operation } from './operation.js';
import { listQuerySchema, noQuerySchema, pageSchema } from './pagination.js';
import { listUsers, userSummarySchema } from './users.js';

/** What the system operations need from the composition root. */
export interface SystemServices {
  readonly db: Db;
  readonly logger: Logger;
  /** The OpenAPI document of the whole API, as JSON text. */
  openApiJson(): JsonText;
}

export const healthSchema = z.strictObject({ status: z.literal('ok') });

const define = operationsOf<SystemServices>();

/** GET /health, GET /openapi.json and the admin listing of users. */
export const systemOperations = [
  define({
    method: 'GET',
    path: '/health',
    operationId: 'getHealth',
    summary: 'Liveness and database check',
    tag: 'system',
    access: PUBLIC,
    query: noQuerySchema,
    body: NO_BODY,
    success: { status: 200, description: 'The server is up and its database answers', schema: healthSchema },
    errors: [503],
    async handle(_input, { services, requestId }) {
      try {
        await services.db.get('SELECT 1');
      } catch (error) {
        services.logger.error({ err: error, requestId }, 'health check: database unavailable');
        throw new HttpError('service_unavailable', { detail: 'The database is not available' });
      }
      return { status: 'ok' as const };
    },
  }),
  define({
    method: 'GET',
    path: '/openapi.json',
    operationId: 'getOpenApi',
    summary: 'This OpenAPI 3.1 document',
    tag: 'system',
    access: PUBLIC,
    query: noQuerySchema,
    body: NO_BODY,
    success: { status: 200, description: 'The OpenAPI document' },
    handle: async (_input, { services }) => services.openApiJson(),
  }),
  define({
    method: 'GET',
    path: '/v1/admin/users',
    operationId: 'adminListUsers',
    summary: 'List every user (admins only)',
    tag: 'admin',
    access: signedIn({ role: 'admin' }),
    query: listQuerySchema,
    body: NO_BODY,
    success: { status: 200, description: 'A page of users, oldest first', schema: pageSchema(userSummarySchema) },
    handle: ({ query }, { services }) => listUsers(services.db, query),
  }),
] satisfies readonly Operation<SystemServices>[];
