import { Router, type RequestHandler } from 'express';
import { HttpError } from '../core/errors.js';
import { logSecurityEvent } from '../core/logger.js';
import { listQuerySchema, pageSchema } from '../core/pagination.js';
import { findUserRole, listUsers, userSummarySchema } from '../core/users.js';
import { parseInput } from '../core/validation.js';
import { principalOf } from './authenticate.js';
import type { HttpContext } from './context.js';
import { routeOf } from './request-log.js';
import { routerOptions } from './router.js';
import { jsonSender } from './serializers.js';

/** Admin-only routes. The role is read from the database on every request, never from the token. */
export function adminRoutes({ db, logger, authenticate }: HttpContext): Router {
  const router = Router(routerOptions);
  const sendUserPage = jsonSender(pageSchema(userSummarySchema));

  const requireAdmin: RequestHandler = async (req, res, next) => {
    const { userId } = principalOf(res);
    if ((await findUserRole(db, userId)) !== 'admin') {
      logSecurityEvent(logger, 'access_denied', { userId, route: routeOf(req) });
      throw new HttpError('forbidden', { detail: 'Only admins may use this route' });
    }
    next();
  };

  router.get('/v1/admin/users', authenticate, requireAdmin, async (req, res) => {
    sendUserPage(res, await listUsers(db, parseInput(listQuerySchema, req.query, 'query')));
  });

  return router;
}
