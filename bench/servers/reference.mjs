// What the hand-hardened references share, written the way the libraries' docs show:
// jose's jwtVerify with the secret as bytes, strict zod schemas, a pino line per response.

import { jwtVerify } from 'jose';
import { pino } from 'pino';
import { z } from 'zod';
import { API_CSP, settings } from './shared.mjs';

const secret = new TextEncoder().encode(settings.jwtSecret);

/** The user id of a valid access token, or undefined. */
export async function verifyAccessToken(token) {
  try {
    const { payload } = await jwtVerify(token, secret, {
      algorithms: ['HS256'],
      issuer: settings.jwtIssuer,
      audience: settings.jwtAudience,
      requiredClaims: ['exp', 'sub'],
    });
    return payload.sub;
  } catch {
    return undefined;
  }
}

export const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .max(256)
    .regex(/^[A-Za-z0-9_-]+$/)
    .optional(),
});

export const createNote = z.strictObject({
  title: z.string().min(1).max(255),
  body: z.string().max(10_000).nullish(),
});

export const problem = (status, title) => ({ type: 'about:blank', title, status });

export const logger = pino({ level: 'info' }, pino.destination({ dest: 1, sync: false }));

/** The same fields the generated API logs for each response. */
export function logResponse(method, route, status, durationMs, userId) {
  logger.info({ method, route, status, durationMs, userId }, 'request completed');
}

export const HSTS_MAX_AGE = 31_536_000;

/** @fastify/helmet as the Fastify reference configures it for a JSON API. */
export const FASTIFY_HELMET_OPTIONS = {
  contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  hsts: { maxAge: HSTS_MAX_AGE, includeSubDomains: true },
};
