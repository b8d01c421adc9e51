import { z } from 'zod';
import { listQuerySchema, noQuerySchema, pageSchema } from './pagination.js';
import { userSummarySchema } from './users.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call an operation: anyone; anyone holding a refresh token (sent in the body);
 * any signed-in user; or an admin.
 */
export type Access = 'public' | 'refresh-token' | 'user' | 'admin';

/**
 * One HTTP operation of the API. The list of operations drives /openapi.json, the
 * 405 `Allow` answers and the CORS preflight methods, and tests check that the served
 * routes match it.
 */
export interface Operation {
  readonly method: HttpMethod;
  /** OpenAPI-style path: /v1/notes/{id}. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  readonly access: Access;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  readonly success: {
    readonly status: number;
    readonly description: string;
    readonly schema?: z.ZodType;
  };
  /** Error statuses this operation answers beyond those every operation of its kind has. */
  readonly errors?: readonly number[];
}

export const healthSchema = z.strictObject({ status: z.literal('ok') });

export const coreOperations: readonly Operation[] = [
  {
    method: 'GET',
    path: '/health',
    operationId: 'getHealth',
    summary: 'Liveness and database check',
    tag: 'system',
    access: 'public',
    query: noQuerySchema,
    success: { status: 200, description: 'The server is up and its database answers', schema: healthSchema },
    errors: [503],
  },
  {
    method: 'GET',
    path: '/openapi.json',
    operationId: 'getOpenApi',
    summary: 'This OpenAPI 3.1 document',
    tag: 'system',
    access: 'public',
    query: noQuerySchema,
    success: { status: 200, description: 'The OpenAPI document' },
  },
  {
    method: 'GET',
    path: '/v1/admin/users',
    operationId: 'adminListUsers',
    summary: 'List every user (admins only)',
    tag: 'admin',
    access: 'admin',
    query: listQuerySchema,
    success: { status: 200, description: 'A page of users, oldest first', schema: pageSchema(userSummarySchema) },
  },
];
