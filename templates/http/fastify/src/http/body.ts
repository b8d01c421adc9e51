import type { FastifyInstance } from 'fastify';
import { parseJsonBody } from '../core/json.js';

/**
 * application/json is the only accepted body type: any other gets 415. Bodies over
 * `bodyLimit` get 413 before any parsing.
 */
export function acceptJsonBodies(app: FastifyInstance, bodyLimit: number): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
