import { Readable } from 'node:stream';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { operations } from '../api.js';
import { createExecute } from '../core/execute.js';
import type { HttpApp, ServedRoute } from '../core/http-app.js';
import { createNodeServer } from '../core/node-server.js';
import type { Operation } from '../core/operation.js';
import { readRawBody, streamBody } from '../core/request-body.js';
import type { Services } from '../services.js';
import { acceptJsonBodies } from './body.js';
import { ClientAddresses } from './client-address.js';
import { createRequestListener } from './listener.js';
import { createErrorHandler, createNotFoundHandler } from './problem.js';
import { queryOf } from './query.js';
import { createRequestLogHook } from './request-log.js';
import { respond } from './response-headers.js';
import { addRateLimit, createSecurityHook } from './security.js';
import type { AppEnv } from './types.js';

const JSON_TYPE = 'application/json; charset=utf-8';

const toHonoPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');
const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/** The routes of `app.routes`, each once: app-wide middleware (`ALL /*`) is not a route. */
function routesOf(app: Hono<AppEnv>): ServedRoute[] {
  const served = new Map<string, ServedRoute>();
  for (const { method, path } of app.routes) {
    if (method === 'ALL' && path === '/*') continue;
    const route = { method, path: toOpenApiPath(path) };
    served.set(`${route.method} ${route.path}`, route);
  }
  return [...served.values()];
}

/** A BytesResponse body in the form Hono sends. */
function webBody(body: Buffer | string | Readable): string | Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array> {
  if (typeof body === 'string') return body;
  if (body instanceof Readable) return Readable.toWeb(body) as ReadableStream<Uint8Array>;
  // The same bytes, viewed without a copy; Node's Buffers never sit on a SharedArrayBuffer.
  return new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength);
}

/** One declared operation as a Hono route: the neutral pipeline runs it, Hono reads and writes HTTP. */
function mount(app: Hono<AppEnv>, operation: Operation<Services>, services: Services, readBody: MiddlewareHandler<AppEnv>): void {
  const execute = createExecute(operation, services);
  const handler = async (c: Context<AppEnv>): Promise<Response> => {
    const outcome = await execute({
      headers: c.env.incoming.headers,
      clientAddress: c.get('clientAddress'),
      requestId: c.get('requestId'),
      params: c.req.param(),
      query: queryOf(c),
      body: c.get('body'),
      addRateLimit: (policy, value) => addRateLimit(c, policy, value),
      setPrincipal: (principal) => c.set('principal', principal),
    });
    if (outcome.bytes !== undefined) {
      const { contentType, body, headers } = outcome.bytes;
      return respond(c, outcome.status, webBody(body), contentType, headers);
    }
    if (outcome.json === undefined) return respond(c, outcome.status, null);
    return respond(c, outcome.status, outcome.json, JSON_TYPE);
  };
  const path = toHonoPath(operation.path);
  // The body is read only for an operation that takes one.
  const { body } = operation;
  if (body.kind === 'json') app.on(operation.method, path, readBody, handler);
  else if (body.kind === 'raw') {
    const readRaw: MiddlewareHandler<AppEnv> = async (c, next) => {
      c.set('body', await readRawBody(c.env.incoming, body.mediaTypes, body.maxBytes(services)));
      await next();
    };
    app.on(operation.method, path, readRaw, handler);
  } else if (body.kind === 'stream') {
    const leaveUnread: MiddlewareHandler<AppEnv> = async (c, next) => {
      c.set('body', streamBody(c.env.incoming, body.mediaTypes));
      await next();
    };
    app.on(operation.method, path, leaveUnread, handler);
  } else app.on(operation.method, path, handler);
}

/** Mounts every declared operation on Hono, behind the security middleware; nothing else registers routes. */
export async function createHttpApp(services: Services): Promise<HttpApp> {
  const { config, logger } = services;
  const app = new Hono<AppEnv>();
  app.use(createRequestLogHook(logger));
  app.use(createSecurityHook(services, new ClientAddresses(config.trustProxy)));
  app.onError(createErrorHandler(logger));
  app.notFound(createNotFoundHandler(services.routes));

  const readBody = acceptJsonBodies(config.bodyLimit);
  for (const operation of operations) mount(app, operation, services, readBody);
  const server = createNodeServer(config.server, createRequestListener(app, logger));
  return { server, servedRoutes: () => routesOf(app), close: async () => {} };
}
