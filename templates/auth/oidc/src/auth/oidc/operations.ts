import { z } from 'zod';
import type { SecurityScheme } from '../../core/openapi.js';
import { callerOf, NO_BODY, operationsOf, signedIn, type Operation } from '../../core/operation.js';
import { noQuerySchema } from '../../core/pagination.js';
import { OIDC_SCHEME, type OidcService } from './service.js';

export const oidcSecurityScheme: SecurityScheme = {
  name: OIDC_SCHEME,
  scheme: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'An access token from the OpenID Connect provider named by OIDC_ISSUER, sent as "Authorization: Bearer <token>" ' +
      '(never in the URL). A JWS conforming to RFC8725 and RFC9068: typ at+jwt, asymmetric algorithms only, issuer, ' +
      'audience, expiry, issued-at and subject always checked. Its scope claims grant <resource>:read and <resource>:write.',
  },
};

export interface OidcServices {
  readonly oidc: OidcService;
}

export const subjectProfileSchema = z.strictObject({
  id: z.uuid(),
  issuer: z.url().max(2_000),
  subject: z.string().max(8_192),
  role: z.enum(['user', 'admin']),
});

const define = operationsOf<OidcServices>();

/** GET /auth/me: who the token's subject is here (its user id is what admin:promote and user:disable take). */
export const oidcOperations = [
  define({
    tag: 'auth',
    query: noQuerySchema,
    method: 'GET',
    path: '/auth/me',
    operationId: 'authMe',
    summary: 'The local user of the token holder',
    access: signedIn({ schemes: [OIDC_SCHEME] }),
    body: NO_BODY,
    success: { status: 200, description: 'The local user and its identity at the provider', schema: subjectProfileSchema },
    handle: (_input, context) => context.services.oidc.profile(callerOf(context).userId),
  }),
] satisfies readonly Operation<OidcServices>[];
