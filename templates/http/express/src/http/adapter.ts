import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import express, { Router, type Express, type RequestHandler, type Response } from 'express';
import { operations } from '../api.js';
import type { BaseConfig } from '../core/config.js';
import { createExecute, type Outcome } from '../core/execute.js';
import type { HttpApp, ServedRoute } from '../core/http-app.js';
import { createNodeServer } from '../core/node-server.js';
import type { HttpMethod, Operation } from '../core/operation.js';
import { readRawBody, streamBody } from '../core/request-body.js';
import { parseQueryString } from '../core/query-string.js';
import type { Services } from '../services.js';
import { acceptJsonBodies } from './body.js';
import { createErrorHandler, createNotFoundHandler, createOptionsHandler } from './problem.js';
import { createRequestLogHook } from './request-log.js';
import { addRateLimit, clientAddress, createSecurityHook } from './security.js';
import './types.js';

type Layer = Router['stack'][number];

const JSON_TYPE = 'application/json; charset=utf-8';

const ROUTER_METHODS = { GET: 'get', POST: 'post', PUT: 'put', PATCH: 'patch', DELETE: 'delete' } as const satisfies Record<
  HttpMethod,
  string
>;

/** Express's form of TRUST_PROXY. A hop count trusts that many proxies nearest to the server; never `true`. */
function trustProxySetting(trust: BaseConfig['trustProxy']): false | number | string[] {
  if (trust === false || typeof trust === 'number') return trust;
  return [...trust];
}

const toExpressPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');
const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/** The path a layer was added with (`rawPath` in Express 5's router); `/` when it has none. */
function mountPathOf(layer: Layer): string {
  const path: unknown = 'rawPath' in layer ? layer.rawPath : '/';
  return typeof path === 'string' ? path : String(path);
}

/** The methods of a route, from its `methods` record (lower case; `_all` for `route.all()`). */
function methodsOf(route: NonNullable<Layer['route']>): string[] {
  const methods: unknown = 'methods' in route ? route.methods : undefined;
  if (typeof methods !== 'object' || methods === null) return [];
  return Object.keys(methods).map((method) => (method === '_all' ? 'ALL' : method.toUpperCase()));
}

/** The routes of a router's stack, and of the routers mounted in it under their mount paths. */
function routesIn(stack: readonly Layer[], prefix: string): ServedRoute[] {
  const served: ServedRoute[] = [];
  for (const layer of stack) {
    const { route, handle } = layer;
    if (route !== undefined) {
      // A route added with a RegExp or an array of paths is listed as written.
      const path = toOpenApiPath(prefix + String(route.path));
      for (const method of methodsOf(route)) served.push({ method, path });
    } else if ('stack' in handle && Array.isArray(handle.stack)) {
      const mountPath = mountPathOf(layer);
      served.push(...routesIn(handle.stack as Layer[], mountPath === '/' ? prefix : prefix + mountPath));
    }
  }
  return served;
}

/** Writes what the pipeline returned: JSON text as it is, with its length, the bytes of a BytesResponse, or nothing for 204. */
async function sendOutcome(res: Response, outcome: Outcome): Promise<void> {
  res.statusCode = outcome.status;
  if (outcome.bytes !== undefined) {
    const { contentType, body, headers } = outcome.bytes;
    res.setHeaders(new Map(Object.entries(headers)));
    res.setHeader('content-type', contentType);
    if (body instanceof Readable) {
      await pipeline(body, res);
      return;
    }
    res.setHeader('content-length', Buffer.byteLength(body));
    res.end(body);
    return;
  }
  if (outcome.json === undefined) {
    res.end();
    return;
  }
  res.setHeader('content-type', JSON_TYPE);
  res.setHeader('content-length', Buffer.byteLength(outcome.json));
  res.end(outcome.json);
}

/** One declared operation as an Express route: the neutral pipeline runs it, Express reads and writes HTTP. */
function mount(router: Router, operation: Operation<Services>, services: Services, readJsonBody: RequestHandler): void {
  const execute = createExecute(operation, services);
  const handler: RequestHandler = async (req, res) => {
    const outcome = await execute({
      headers: req.headers,
      clientAddress: clientAddress(req),
      requestId: res.locals.requestId,
      params: req.params,
      query: req.query,
      body: req.body,
      addRateLimit: (policy, value) => addRateLimit(res, policy, value),
      setPrincipal: (principal) => {
        res.locals.principal = principal;
      },
    });
    await sendOutcome(res, outcome);
  };
  const method = ROUTER_METHODS[operation.method];
  const path = toExpressPath(operation.path);
  const { body } = operation;
  if (body.kind === 'json') router[method](path, readJsonBody, handler);
  else if (body.kind === 'raw') {
    const readRaw: RequestHandler = async (req, _res, next) => {
      req.body = await readRawBody(req, body.mediaTypes, body.maxBytes(services));
      next();
    };
    router[method](path, readRaw, handler);
  } else if (body.kind === 'stream') {
    const leaveUnread: RequestHandler = (req, _res, next) => {
      req.body = streamBody(req, body.mediaTypes);
      next();
    };
    router[method](path, leaveUnread, handler);
  } else router[method](path, handler);
}

/** The app's settings: exact paths, no ETag or X-Powered-By, TRUST_PROXY, the query parser of core/query-string.ts. */
function createExpressApp(config: BaseConfig): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', trustProxySetting(config.trustProxy));
  // Paths match exactly as documented in /openapi.json: `/V1/Notes` and `/v1/notes/` are other paths (404).
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  // Parameters land in objects that inherit nothing (core/query-string.ts), as with
  // Express's own parser, but in V8's fast mode: validating a query is cheaper.
  app.set('query parser', parseQueryString);
  return app;
}

/** Mounts every declared operation on one Express router, behind the security middleware; nothing else registers routes. */
export async function createHttpApp(services: Services): Promise<HttpApp> {
  const { config, logger } = services;
  const app = createExpressApp(config);
  app.use(createRequestLogHook(logger));
  app.use(createSecurityHook(services));
  app.use(createOptionsHandler(services.routes));

  const router = Router({ caseSensitive: true, strict: true });
  const readJsonBody = acceptJsonBodies(config.bodyLimit);
  for (const operation of operations) mount(router, operation, services, readJsonBody);
  app.use(router);

  app.use(createNotFoundHandler(services.routes));
  app.use(createErrorHandler(logger));

  const server = createNodeServer(config.server, app);
  return { server, servedRoutes: () => routesIn(app.router.stack, ''), close: async () => {} };
}
