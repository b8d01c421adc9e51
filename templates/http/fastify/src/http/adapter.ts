import { randomUUID } from 'node:crypto';
import fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { operations } from '../api.js';
import type { BaseConfig } from '../core/config.js';
import { createExecute } from '../core/execute.js';
import type { HttpApp, ServedRoute } from '../core/http-app.js';
import { createNodeServer } from '../core/node-server.js';
import type { Operation } from '../core/operation.js';
import { readRawBody, streamBody } from '../core/request-body.js';
import type { Services } from '../services.js';
import { acceptJsonBodies, leaveBodiesUnread } from './body.js';
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

/** The body the pipeline is given: Fastify's parsed JSON, or a raw or stream body read from the Node request. */
async function bodyOf(operation: Operation<Services>, request: FastifyRequest, services: Services): Promise<unknown> {
  const { body } = operation;
  if (body.kind === 'raw') return readRawBody(request.raw, body.mediaTypes, body.maxBytes(services));
  if (body.kind === 'stream') return streamBody(request.raw, body.mediaTypes);
  return request.body;
}

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
        body: await bodyOf(operation, request, services),
        addRateLimit: (policy, value) => addRateLimit(reply, policy, value),
        setPrincipal: (principal) => {
          request.principal = principal;
        },
      });
      reply.code(outcome.status);
      if (outcome.bytes !== undefined) return reply.headers(outcome.bytes.headers).type(outcome.bytes.contentType).send(outcome.bytes.body);
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

  const readsOwnBody = (operation: Operation<Services>) => operation.body.kind === 'raw' || operation.body.kind === 'stream';
  for (const operation of operations) if (!readsOwnBody(operation)) mount(app, operation, services);
  // Operations that read their own body run where Fastify leaves every body unread.
  await app.register(async (scope) => {
    leaveBodiesUnread(scope);
    for (const operation of operations) if (readsOwnBody(operation)) mount(scope, operation, services);
  });
  await app.ready();
  return { server: app.server, servedRoutes: () => served, close: () => app.close() };
}
