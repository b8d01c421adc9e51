import type { z } from 'zod';
import type { Db } from './db/database.js';
import type { Migration } from './db/migrations.js';
import { found, HttpError } from './errors.js';
import { callerOf, NO_BODY, operationsOf, signedIn, type Operation } from './operation.js';
import { createOwnedRepository, type OwnedItem, type OwnedRepository, type OwnedTable } from './owned-repository.js';

/** An item as the repository returns it: the resource's fields, checked by its item schema on the way out. */
type Item = OwnedItem & Record<string, unknown>;
import { idParamsSchema, listQuerySchema, noQuerySchema, pageSchema } from './pagination.js';

/** What a resource's operations need from the composition root. */
export interface ResourceServices {
  readonly db: Db;
}

export interface ResourceSchemas {
  readonly create: z.ZodObject;
  readonly update: z.ZodType;
  readonly item: z.ZodObject;
}

export interface ResourceDefinition {
  /** kebab-case; the URL is /v1/<name> and the scopes <name>:read and <name>:write. */
  readonly name: string;
  readonly path: string;
  readonly table: OwnedTable;
  readonly schemas: ResourceSchemas;
  readonly migrations: readonly Migration[];
}

/** A resource as the API lists it: its migrations and its five operations. */
export interface Resource extends ResourceDefinition {
  readonly operations: readonly Operation<ResourceServices>[];
}

const camel = (kebab: string) => kebab.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());

/**
 * The owner-scoped CRUD operations of a resource: list, create, read, change, delete.
 * Every handler goes through the owned repository, so a caller only ever sees and
 * touches their own items (SEC-A2); GET needs `<name>:read`, the others `<name>:write`.
 */
export function defineResource(definition: ResourceDefinition): Resource {
  const { name, path, table, schemas } = definition;
  const key = camel(name);
  const itemPath = `${path}/{id}`;
  const read = signedIn({ scope: `${name}:read` });
  const write = signedIn({ scope: `${name}:write` });
  const repositories = new WeakMap<Db, OwnedRepository<Item, object, object>>();
  const itemsOf = ({ db }: ResourceServices) => {
    let items = repositories.get(db);
    if (items === undefined) {
      items = createOwnedRepository<Item, object, object>(db, table);
      repositories.set(db, items);
    }
    return items;
  };
  const common = { tag: name, query: noQuerySchema } as const;
  const define = operationsOf<ResourceServices>();

  const operations = [
    define({
      ...common,
      method: 'GET',
      path,
      operationId: `${key}List`,
      summary: `List your ${name}, newest first`,
      access: read,
      query: listQuerySchema,
      body: NO_BODY,
      success: { status: 200, description: 'A page of items', schema: pageSchema(schemas.item) },
      handle: ({ query }, context) => itemsOf(context.services).list(callerOf(context).userId, query),
    }),
    define({
      ...common,
      method: 'POST',
      path,
      operationId: `${key}Create`,
      summary: `Create an item in ${name}`,
      access: write,
      body: { kind: 'json', schema: schemas.create },
      success: { status: 201, description: 'The created item', schema: schemas.item },
      handle: ({ body }, context) => itemsOf(context.services).create(callerOf(context).userId, body),
    }),
    define({
      ...common,
      method: 'GET',
      path: itemPath,
      operationId: `${key}Get`,
      summary: `Read one of your ${name}`,
      access: read,
      params: idParamsSchema,
      body: NO_BODY,
      success: { status: 200, description: 'The item', schema: schemas.item },
      errors: [404],
      handle: async ({ params }, context) => found(await itemsOf(context.services).get(callerOf(context).userId, params.id)),
    }),
    define({
      ...common,
      method: 'PATCH',
      path: itemPath,
      operationId: `${key}Update`,
      summary: `Change some fields of one of your ${name}`,
      access: write,
      params: idParamsSchema,
      body: { kind: 'json', schema: schemas.update },
      success: { status: 200, description: 'The updated item', schema: schemas.item },
      errors: [404],
      handle: async ({ params, body }, context) =>
        found(await itemsOf(context.services).update(callerOf(context).userId, params.id, body as object)),
    }),
    define({
      ...common,
      method: 'DELETE',
      path: itemPath,
      operationId: `${key}Delete`,
      summary: `Delete one of your ${name}`,
      access: write,
      params: idParamsSchema,
      body: NO_BODY,
      success: { status: 204, description: 'Deleted' },
      errors: [404],
      handle: async ({ params }, context) => {
        if (!(await itemsOf(context.services).remove(callerOf(context).userId, params.id))) throw new HttpError('not_found');
        return undefined;
      },
    }),
  ] satisfies readonly Operation<ResourceServices>[];

  return { ...definition, operations };
}
