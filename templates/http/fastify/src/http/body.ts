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

/**
 * In `scope`, no body is read by Fastify: operations of the `raw` and `stream` kinds read
 * the Node request themselves (src/core/request-body.ts), with their own type and size rules.
 */
export function leaveBodiesUnread(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
}
