import { Router } from 'express';
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
import { routerOptions } from './router.js';
import { jsonSender } from './serializers.js';

export interface AuthRouteOptions extends HttpContext {
  readonly auth: AuthService;
}

/** /auth/register, /auth/login, /auth/refresh, /auth/logout and /auth/me. */
export function authRoutes({ auth, authenticate, credentialRateLimit, jsonBody }: AuthRouteOptions): Router {
  const router = Router(routerOptions);
  const sendRegisteredUser = jsonSender(registeredUserSchema);
  const sendTokenPair = jsonSender(tokenPairSchema);
  const sendProfile = jsonSender(userProfileSchema);

  router.post('/auth/register', credentialRateLimit, jsonBody, async (req, res) => {
    parseInput(noQuerySchema, req.query, 'query');
    const body = parseInput(registerBodySchema, req.body, 'body');
    sendRegisteredUser(res, await auth.register(body), 201);
  });

  router.post('/auth/login', credentialRateLimit, jsonBody, async (req, res) => {
    parseInput(noQuerySchema, req.query, 'query');
    sendTokenPair(res, await auth.login(parseInput(loginBodySchema, req.body, 'body')));
  });

  router.post('/auth/refresh', credentialRateLimit, jsonBody, async (req, res) => {
    parseInput(noQuerySchema, req.query, 'query');
    sendTokenPair(res, await auth.rotate(parseInput(refreshBodySchema, req.body, 'body').refreshToken));
  });

  router.post('/auth/logout', jsonBody, async (req, res) => {
    parseInput(noQuerySchema, req.query, 'query');
    await auth.logout(parseInput(refreshBodySchema, req.body, 'body').refreshToken);
    res.status(204).end();
  });

  router.get('/auth/me', authenticate, async (req, res) => {
    parseInput(noQuerySchema, req.query, 'query');
    sendProfile(res, await auth.profile(principalOf(res).userId));
  });

  return router;
}
