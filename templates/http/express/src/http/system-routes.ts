import { Router } from 'express';
import { openApiDocumentJson } from '../api.js';
import { HttpError } from '../core/errors.js';
import { healthSchema } from '../core/operations.js';
import { noQuerySchema } from '../core/pagination.js';
import { parseInput } from '../core/validation.js';
import type { HttpContext } from './context.js';
import { routerOptions } from './router.js';
import { jsonSender } from './serializers.js';

/** The paths of the system routes. */
export const SYSTEM_PATHS = ['/health', '/openapi.json'] as const;

/** Public routes: GET /health and GET /openapi.json. */
export function systemRoutes({ db, logger }: HttpContext): Router {
  const router = Router(routerOptions);
  const sendHealth = jsonSender(healthSchema);

  router.get('/health', async (req, res) => {
    parseInput(noQuerySchema, req.query, 'query');
    try {
      await db.get('SELECT 1');
    } catch (error) {
      logger.error({ err: error, requestId: res.locals.requestId }, 'health check: database unavailable');
      throw new HttpError('service_unavailable', { detail: 'The database is not available' });
    }
    sendHealth(res, { status: 'ok' });
  });

  router.get('/openapi.json', (req, res) => {
    parseInput(noQuerySchema, req.query, 'query');
    res.type('application/json').send(openApiDocumentJson());
  });

  return router;
}
