import { Hono, type MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { HttpError } from '../core/errors.js';
import { logSecurityEvent } from '../core/logger.js';
import { listQuerySchema, pageSchema } from '../core/pagination.js';
import { findUserRole, listUsers, userSummarySchema } from '../core/users.js';
import { parseInput } from '../core/validation.js';
import { principalOf } from './authenticate.js';
import type { HttpContext } from './context.js';
import { queryOf } from './query.js';
import { jsonSender } from './serializers.js';
import type { AppEnv } from './types.js';

/** Admin-only routes. The role is read from the database on every request, never from the token. */
export function adminRoutes({ db, logger, authenticate }: HttpContext): Hono<AppEnv> {
  const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
    const { userId } = principalOf(c);
    if ((await findUserRole(db, userId)) !== 'admin') {
      logSecurityEvent(logger, 'access_denied', { userId, route: routePath(c) });
      throw new HttpError('forbidden', { detail: 'Only admins may use this route' });
    }
    await next();
  };
  const sendUsers = jsonSender(pageSchema(userSummarySchema));

  return new Hono<AppEnv>().get('/users', authenticate, requireAdmin, async (c) => {
    const query = parseInput(listQuerySchema, queryOf(c), 'query');
    return sendUsers(c, await listUsers(db, query));
  });
}
