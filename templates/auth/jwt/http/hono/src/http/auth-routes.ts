import { Hono } from 'hono';
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
import { queryOf } from './query.js';
import { jsonSender } from './serializers.js';
import type { AppEnv } from './types.js';

export interface AuthRouteOptions extends HttpContext {
  readonly auth: AuthService;
}

/** /auth/register, /auth/login, /auth/refresh, /auth/logout and /auth/me, mounted at /auth. */
export function authRoutes({ auth, authenticate, credentialRateLimit, jsonBody }: AuthRouteOptions): Hono<AppEnv> {
  const sendRegistered = jsonSender(registeredUserSchema);
  const sendTokens = jsonSender(tokenPairSchema);
  const sendProfile = jsonSender(userProfileSchema);

  return new Hono<AppEnv>()
    .post('/register', credentialRateLimit, jsonBody, async (c) => {
      parseInput(noQuerySchema, queryOf(c), 'query');
      const body = parseInput(registerBodySchema, c.get('body'), 'body');
      return sendRegistered(c, await auth.register(body), 201);
    })
    .post('/login', credentialRateLimit, jsonBody, async (c) => {
      parseInput(noQuerySchema, queryOf(c), 'query');
      return sendTokens(c, await auth.login(parseInput(loginBodySchema, c.get('body'), 'body')));
    })
    .post('/refresh', credentialRateLimit, jsonBody, async (c) => {
      parseInput(noQuerySchema, queryOf(c), 'query');
      return sendTokens(c, await auth.rotate(parseInput(refreshBodySchema, c.get('body'), 'body').refreshToken));
    })
    .post('/logout', jsonBody, async (c) => {
      parseInput(noQuerySchema, queryOf(c), 'query');
      await auth.logout(parseInput(refreshBodySchema, c.get('body'), 'body').refreshToken);
      return c.body(null, 204);
    })
    .get('/me', authenticate, async (c) => {
      parseInput(noQuerySchema, queryOf(c), 'query');
      return sendProfile(c, await auth.profile(principalOf(c).userId));
    });
}
