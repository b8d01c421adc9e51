import type { z } from 'zod';
import type { Migration } from './db/migrations.js';
import type { Operation } from './operations.js';
import type { OwnedTable } from './owned-repository.js';
import { idParamsSchema, listQuerySchema, noQuerySchema, pageSchema } from './pagination.js';

/**
 * Everything the app needs to know about one resource. `routes` is the HTTP
 * framework's own route module for it; the rest is framework-neutral.
 */
export interface ResourceDefinition<Routes> {
  /** kebab-case; the URL is /v1/<name>. */
  readonly name: string;
  readonly path: string;
  readonly table: OwnedTable;
  readonly schemas: {
    readonly create: z.ZodObject;
    readonly update: z.ZodType;
    readonly item: z.ZodObject;
  };
  readonly migrations: readonly Migration[];
  readonly routes: Routes;
}

export function defineResource<Routes>(definition: ResourceDefinition<Routes>): ResourceDefinition<Routes> {
  return definition;
}

const camel = (kebab: string) => kebab.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());

export function resourceOperations(resource: ResourceDefinition<unknown>): Operation[] {
  const key = camel(resource.name);
  const { create, update, item } = resource.schemas;
  const itemPath = `${resource.path}/{id}`;
  const common = { tag: resource.name, access: 'user' } as const;
  return [
    {
      ...common,
      method: 'GET',
      path: resource.path,
      operationId: `${key}List`,
      summary: `List your ${resource.name}, newest first`,
      query: listQuerySchema,
      success: { status: 200, description: 'A page of items', schema: pageSchema(item) },
    },
    {
      ...common,
      method: 'POST',
      path: resource.path,
      operationId: `${key}Create`,
      summary: `Create an item in ${resource.name}`,
      query: noQuerySchema,
      body: create,
      success: { status: 201, description: 'The created item', schema: item },
    },
    {
      ...common,
      method: 'GET',
      path: itemPath,
      operationId: `${key}Get`,
      summary: `Read one of your ${resource.name}`,
      params: idParamsSchema,
      query: noQuerySchema,
      success: { status: 200, description: 'The item', schema: item },
      errors: [404],
    },
    {
      ...common,
      method: 'PATCH',
      path: itemPath,
      operationId: `${key}Update`,
      summary: `Change some fields of one of your ${resource.name}`,
      params: idParamsSchema,
      query: noQuerySchema,
      body: update,
      success: { status: 200, description: 'The updated item', schema: item },
      errors: [404],
    },
    {
      ...common,
      method: 'DELETE',
      path: itemPath,
      operationId: `${key}Delete`,
      summary: `Delete one of your ${resource.name}`,
      params: idParamsSchema,
      query: noQuerySchema,
      success: { status: 204, description: 'Deleted' },
      errors: [404],
    },
  ];
}
