import type { RouterOptions } from 'express';

/**
 * Options of every router: paths match exactly as documented in /openapi.json, so
 * `/V1/Notes` and `/v1/notes/` are other paths (404), not aliases.
 */
export const routerOptions: RouterOptions = { caseSensitive: true, strict: true };
