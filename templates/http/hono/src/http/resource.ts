import type { Hono } from 'hono';
import type { ResourceDefinition } from '../core/resource.js';
import type { HttpContext } from './context.js';
import type { AppEnv } from './types.js';

/** The routes of one resource: a Hono app built from the HTTP context, mounted at the resource's path. */
export type ResourceRoutes = (context: HttpContext) => Hono<AppEnv>;

export type Resource = ResourceDefinition<ResourceRoutes>;
