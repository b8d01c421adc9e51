import type { FastifyPluginAsync } from 'fastify';
import { HttpError } from '../core/errors.js';
import { logSecurityEvent } from '../core/logger.js';
import { listQuerySchema, pageSchema } from '../core/pagination.js';
import { findUserRole, listUsers, userSummarySchema } from '../core/users.js';
import { parseInput } from '../core/validation.js';
import { principalOf } from './authenticate.js';
import type { HttpContext } from './context.js';
import { responseSchema } from './serializers.js';

/** Admin-only routes. The role is read from the database on every request, never from the token. */
export const adminRoutes: FastifyPluginAsync<HttpContext> = async (app, { db, logger, authenticate }) => {
  app.addHook('onRequest', authenticate);
  app.addHook('onRequest', async (request) => {
    const { userId } = principalOf(request);
    if ((await findUserRole(db, userId)) !== 'admin') {
      logSecurityEvent(logger, 'access_denied', { userId, route: request.routeOptions.url });
      throw new HttpError('forbidden', { detail: 'Only admins may use this route' });
    }
  });

  app.get(
    '/v1/admin/users',
    { schema: { response: { 200: responseSchema(pageSchema(userSummarySchema)) } } },
    async (request) => listUsers(db, parseInput(listQuerySchema, request.query, 'query')),
  );
};
