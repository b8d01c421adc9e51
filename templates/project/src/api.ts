import { authMigrations, authOperations, authSecurityScheme } from './core/auth/index.js';
import { coreMigrations } from './core/db/core-migrations.js';
import type { Migration } from './core/db/migrations.js';
import { buildOpenApiDocument } from './core/openapi.js';
import { coreOperations, type Operation } from './core/operations.js';
import { API_VERSION, PROJECT_NAME } from './core/project.js';
import { resourceOperations } from './core/resource.js';
import { RouteTable } from './core/route-table.js';
import { resources } from './resources/index.js';

/** Every operation the API serves, in documentation order. */
export const operations: readonly Operation[] = [
  ...coreOperations,
  ...authOperations,
  ...resources.flatMap((resource) => resourceOperations(resource)),
];

/** Every migration, in the order they apply. */
export const migrations: readonly Migration[] = [
  ...coreMigrations,
  ...authMigrations,
  ...resources.flatMap((resource) => resource.migrations),
];

export const routeTable = new RouteTable(operations);

/** Methods the API serves, for CORS preflights. */
export const servedMethods: readonly string[] = [...new Set(operations.map((operation) => operation.method))];

let openApiJson: string | undefined;

/** The OpenAPI document as JSON text, built on first use. */
export function openApiDocumentJson(): string {
  openApiJson ??= JSON.stringify(
    buildOpenApiDocument({
      title: PROJECT_NAME,
      version: API_VERSION,
      description: `HTTP API of ${PROJECT_NAME}. Errors are RFC 9457 problem details (application/problem+json).`,
      operations,
      security: authSecurityScheme,
    }),
  );
  return openApiJson;
}
