import { randomUUID } from 'node:crypto';
import fastify, { type FastifyInstance } from 'fastify';
import { operations } from '../api.js';
import type { BaseConfig } from '../core/config.js';
import { createExecute } from '../core/execute.js';
import type { HttpApp, ServedRoute } from '../core/http-app.js';
import { createNodeServer } from '../core/node-server.js';
import type { Operation } from '../core/operation.js';
import type { Services } from '../services.js';
import { acceptJsonBodies } from './body.js';
import { createErrorHandler, createNotFoundHandler, handleFrameworkError } from './problem.js';
import { createRequestLogHook } from './request-log.js';
import { addRateLimit, createSecurityHook } from './security.js';
import './types.js';

/** Fastify's form of TRUST_PROXY. A hop count trusts that many proxies nearest to the server. */
function trustProxySetting(trust: BaseConfig['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (trust === false) return false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return [...trust];
}

const toFastifyPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');
const toOpenApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

/** One declared operation as a Fastify route: the neutral pipeline runs it, Fastify reads and writes HTTP. */
function mount(app: FastifyInstance, operation: Operation<Services>, services: Services): void {
  const execute = createExecute(operation, services);
  app.route({
    method: operation.method,
    url: toFastifyPath(operation.path),
    handler: async (request, reply) => {
      const outcome = await execute({
        headers: request.headers,
        clientAddress: request.ip,
        requestId: request.id,
        params: request.params,
        query: request.query,
        body: request.body,
        addRateLimit: (policy, value) => addRateLimit(reply, policy, value),
        setPrincipal: (principal) => {
          request.principal = principal;
        },
      });
      reply.code(outcome.status);
      if (outcome.json === undefined) return reply.send();
      return reply.type('application/json; charset=utf-8').send(outcome.json);
    },
  });
}

/** Mounts every declared operation on Fastify, behind the security hook; nothing else registers routes. */
export async function createHttpApp(services: Services): Promise<HttpApp> {
  const { config, logger } = services;
  const app = fastify({
    serverFactory: (handler) => createNodeServer(config.server, handler),
    bodyLimit: config.bodyLimit,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    trustProxy: trustProxySetting(config.trustProxy),
    return503OnClosing: false,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    frameworkErrors: handleFrameworkError,
  });
  const served: ServedRoute[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) served.push({ method, path: toOpenApiPath(route.url) });
  });

  app.decorateRequest('principal', null);
  acceptJsonBodies(app, config.bodyLimit);
  app.setErrorHandler(createErrorHandler(logger));
  app.setNotFoundHandler(createNotFoundHandler(services.routes));
  app.addHook('onRequest', createSecurityHook(services));
  app.addHook('onResponse', createRequestLogHook(logger));

  for (const operation of operations) mount(app, operation, services);
  await app.ready();
  return { server: app.server, servedRoutes: () => served, close: () => app.close() };
}
