import type { FastifyPluginAsync } from 'fastify';
import type { AuthService } from '../core/auth/index.js';
import {
  loginBodySchema,
  refreshBodySchema,
  registerBodySchema,
  registeredUserSchema,
  tokenPairSchema,
} from '../core/auth/schemas.js';
import { noQuerySchema } from '../core/pagination.js';
import { userProfileSchema } from '../core/users.js';
import { parseInput } from '../core/validation.js';
import { principalOf } from './authenticate.js';
import type { HttpContext } from './context.js';
import { responseSchema } from './serializers.js';

export interface AuthRouteOptions extends HttpContext {
  readonly auth: AuthService;
}

/** /auth/register, /auth/login, /auth/refresh, /auth/logout and /auth/me. */
export const authRoutes: FastifyPluginAsync<AuthRouteOptions> = async (app, { auth, authenticate, credentialRateLimit }) => {
  const tokenPair = { response: { 200: responseSchema(tokenPairSchema) } };

  app.post(
    '/auth/register',
    { onRequest: credentialRateLimit, schema: { response: { 201: responseSchema(registeredUserSchema) } } },
    async (request, reply) => {
      parseInput(noQuerySchema, request.query, 'query');
      const body = parseInput(registerBodySchema, request.body, 'body');
      return reply.code(201).send(await auth.register(body));
    },
  );

  app.post('/auth/login', { onRequest: credentialRateLimit, schema: tokenPair }, async (request) => {
    parseInput(noQuerySchema, request.query, 'query');
    return auth.login(parseInput(loginBodySchema, request.body, 'body'));
  });

  app.post('/auth/refresh', { onRequest: credentialRateLimit, schema: tokenPair }, async (request) => {
    parseInput(noQuerySchema, request.query, 'query');
    return auth.rotate(parseInput(refreshBodySchema, request.body, 'body').refreshToken);
  });

  app.post('/auth/logout', async (request, reply) => {
    parseInput(noQuerySchema, request.query, 'query');
    await auth.logout(parseInput(refreshBodySchema, request.body, 'body').refreshToken);
    return reply.code(204).send();
  });

  app.get(
    '/auth/me',
    { onRequest: authenticate, schema: { response: { 200: responseSchema(userProfileSchema) } } },
    async (request) => {
      parseInput(noQuerySchema, request.query, 'query');
      return auth.profile(principalOf(request).userId);
    },
  );
};
