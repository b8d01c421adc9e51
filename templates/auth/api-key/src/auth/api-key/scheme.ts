import type { SecurityScheme } from '../../core/openapi.js';
import { API_KEY_PREFIX } from './prefix.js';

/** The OpenAPI security scheme of API keys. */
export const API_KEY_SCHEME = 'apiKeyAuth';

export const apiKeySecurityScheme: SecurityScheme = {
  name: API_KEY_SCHEME,
  scheme: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: `${API_KEY_PREFIX}_<id 12><secret 43><crc32 6>, base62`,
    description:
      'An API key, sent as "Authorization: Bearer <key>" (never in the URL or another header). ' +
      'It holds the scopes it was created with (<resource>:read or :write; write implies read), ' +
      'always expires, and is revoked at once when its owner revokes it.',
  },
};
