import type { SecurityScheme } from '../../core/openapi.js';
import { callerOf, CREDENTIALS, NO_BODY, operationsOf, PUBLIC, signedIn, type Operation } from '../../core/operation.js';
import { noQuerySchema } from '../../core/pagination.js';
import { userProfileSchema } from '../../core/users.js';
import { loginBodySchema, refreshBodySchema, registerBodySchema, registeredUserSchema, tokenPairSchema } from './schemas.js';
import { BEARER_SCHEME, type AuthService } from './service.js';

export const jwtSecurityScheme: SecurityScheme = {
  name: BEARER_SCHEME,
  scheme: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'Access token from POST /auth/login, sent as "Authorization: Bearer <token>" (never in the URL). ' +
      'A JWS conforming to RFC8725: HS256 only, typ at+jwt, issuer, audience and expiry always checked; ' +
      'it expires after ACCESS_TOKEN_TTL (15 minutes by default) and is renewed with a single-use refresh token.',
  },
};

export interface JwtServices {
  readonly jwt: AuthService;
}

const define = operationsOf<JwtServices>();
const common = { tag: 'auth', query: noQuerySchema } as const;

/** /auth/register, /auth/login, /auth/refresh, /auth/logout and /auth/me. */
export const jwtOperations = [
  define({
    ...common,
    method: 'POST',
    path: '/auth/register',
    operationId: 'authRegister',
    summary: 'Create an account',
    access: CREDENTIALS,
    body: { kind: 'json', schema: registerBodySchema },
    success: { status: 201, description: 'The new account', schema: registeredUserSchema },
    errors: [409],
    handle: ({ body }, { services }) => services.jwt.register(body),
  }),
  define({
    ...common,
    method: 'POST',
    path: '/auth/login',
    operationId: 'authLogin',
    summary: 'Exchange email and password for an access and a refresh token',
    access: CREDENTIALS,
    body: { kind: 'json', schema: loginBodySchema },
    success: { status: 200, description: 'A token pair', schema: tokenPairSchema },
    errors: [401],
    handle: ({ body }, { services, clientAddress }) => services.jwt.login(body, clientAddress),
  }),
  define({
    ...common,
    method: 'POST',
    path: '/auth/refresh',
    operationId: 'authRefresh',
    summary: 'Exchange a refresh token (single use) for a new token pair',
    access: PUBLIC,
    body: { kind: 'json', schema: refreshBodySchema },
    success: { status: 200, description: 'A new token pair; the old refresh token is spent', schema: tokenPairSchema },
    errors: [401],
    handle: ({ body }, { services, clientAddress }) => services.jwt.rotate(body.refreshToken, clientAddress),
  }),
  define({
    ...common,
    method: 'POST',
    path: '/auth/logout',
    operationId: 'authLogout',
    summary: 'Revoke a refresh token and every token of its family',
    access: PUBLIC,
    body: { kind: 'json', schema: refreshBodySchema },
    success: { status: 204, description: 'Signed out' },
    errors: [401],
    async handle({ body }, { services, clientAddress }) {
      await services.jwt.logout(body.refreshToken, clientAddress);
      return undefined;
    },
  }),
  define({
    ...common,
    method: 'GET',
    path: '/auth/me',
    operationId: 'authMe',
    summary: 'The signed-in user',
    access: signedIn({ schemes: [BEARER_SCHEME] }),
    body: NO_BODY,
    success: { status: 200, description: 'The signed-in user', schema: userProfileSchema },
    handle: (_input, context) => context.services.jwt.profile(callerOf(context).userId),
  }),
] satisfies readonly Operation<JwtServices>[];
