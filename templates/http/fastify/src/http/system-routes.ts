import type { FastifyPluginAsync } from 'fastify';
import { openApiDocumentJson } from '../api.js';
import { HttpError } from '../core/errors.js';
import { healthSchema } from '../core/operations.js';
import { noQuerySchema } from '../core/pagination.js';
import { parseInput } from '../core/validation.js';
import type { HttpContext } from './context.js';
import { responseSchema } from './serializers.js';

/** Public routes: GET /health and GET /openapi.json. */
export const systemRoutes: FastifyPluginAsync<HttpContext> = async (app, { db, logger }) => {
  app.get('/health', { schema: { response: { 200: responseSchema(healthSchema) } } }, async (request) => {
    parseInput(noQuerySchema, request.query, 'query');
    try {
      await db.get('SELECT 1');
    } catch (error) {
      logger.error({ err: error }, 'health check: database unavailable');
      throw new HttpError('service_unavailable', { detail: 'The database is not available' });
    }
    return { status: 'ok' as const };
  });

  app.get('/openapi.json', async (request, reply) => {
    parseInput(noQuerySchema, request.query, 'query');
    return reply.type('application/json').send(openApiDocumentJson());
  });
};
