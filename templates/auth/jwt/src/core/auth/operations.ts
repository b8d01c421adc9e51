import { noQuerySchema } from '../pagination.js';
import type { Operation } from '../operations.js';
import type { SecurityScheme } from '../openapi.js';
import { userProfileSchema } from '../users.js';
import { loginBodySchema, refreshBodySchema, registerBodySchema, registeredUserSchema, tokenPairSchema } from './schemas.js';

export const authSecurityScheme: SecurityScheme = {
  name: 'bearerAuth',
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

const tag = 'auth';

export const authOperations: readonly Operation[] = [
  {
    method: 'POST',
    path: '/auth/register',
    operationId: 'authRegister',
    summary: 'Create an account',
    tag,
    access: 'public',
    query: noQuerySchema,
    body: registerBodySchema,
    success: { status: 201, description: 'The new account', schema: registeredUserSchema },
    errors: [409],
  },
  {
    method: 'POST',
    path: '/auth/login',
    operationId: 'authLogin',
    summary: 'Exchange email and password for an access and a refresh token',
    tag,
    access: 'public',
    query: noQuerySchema,
    body: loginBodySchema,
    success: { status: 200, description: 'A token pair', schema: tokenPairSchema },
    errors: [401],
  },
  {
    method: 'POST',
    path: '/auth/refresh',
    operationId: 'authRefresh',
    summary: 'Exchange a refresh token (single use) for a new token pair',
    tag,
    access: 'refresh-token',
    query: noQuerySchema,
    body: refreshBodySchema,
    success: { status: 200, description: 'A new token pair; the old refresh token is spent', schema: tokenPairSchema },
  },
  {
    method: 'POST',
    path: '/auth/logout',
    operationId: 'authLogout',
    summary: "Revoke a refresh token and every token of its family",
    tag,
    access: 'refresh-token',
    query: noQuerySchema,
    body: refreshBodySchema,
    success: { status: 204, description: 'Signed out' },
  },
  {
    method: 'GET',
    path: '/auth/me',
    operationId: 'authMe',
    summary: 'The signed-in user',
    tag,
    access: 'user',
    query: noQuerySchema,
    success: { status: 200, description: 'The signed-in user', schema: userProfileSchema },
  },
];
