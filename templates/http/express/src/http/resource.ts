import type { Router } from 'express';
import type { ResourceDefinition } from '../core/resource.js';
import type { HttpContext } from './context.js';

/** The routes of one resource: an Express router, built with the HTTP context. */
export type ResourceRoutes = (context: HttpContext) => Router;

export type Resource = ResourceDefinition<ResourceRoutes>;
