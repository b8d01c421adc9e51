import { authModules, featureModules } from './modules.js';
import { coreMigrations } from './core/db/core-migrations.js';
import type { Migration } from './core/db/migrations.js';
import { buildOpenApiDocument, type SecurityScheme } from './core/openapi.js';
import type { JsonText, Operation } from './core/operation.js';
import { API_VERSION, PROJECT_NAME } from './core/project.js';
import { systemOperations } from './core/system-operations.js';
import { deliveriesMigration } from './core/webhooks/deliveries.js';
import { webhookOperations } from './core/webhooks/operations.js';
import { docsOperations } from './docs/operations.js';
import { resources } from './resources/index.js';
import { webhooks } from './webhooks/index.js';
import type { Services } from './services.js';

/** The optional features chosen, seen through what the API lists of them. */
const features: readonly { readonly operations: readonly Operation<Services>[]; readonly migrations: readonly Migration[] }[] =
  featureModules;

/**
 * Every operation the API serves, in documentation order. The framework adapter mounts
 * exactly these (and nothing else serves HTTP); /openapi.json, the 405 answers, CORS
 * preflights and the security tests are all derived from this list.
 */
export const operations: readonly Operation<Services>[] = [
  ...systemOperations,
  ...docsOperations,
  ...authModules.flatMap((module): readonly Operation<Services>[] => module.operations),
  ...features.flatMap((feature) => feature.operations),
  ...resources.flatMap((resource) => resource.operations),
  ...webhookOperations(webhooks),
];

/** Every migration, in the order they apply. */
export const migrations: readonly Migration[] = [
  ...coreMigrations,
  ...authModules.flatMap((module) => module.migrations),
  ...features.flatMap((feature) => feature.migrations),
  ...resources.flatMap((resource) => resource.migrations),
  deliveriesMigration,
];

/** Every scope an operation needs: what an API key or a token may be granted. */
export const declaredScopes: ReadonlySet<string> = new Set(
  operations.flatMap((operation) =>
    operation.access.kind === 'protected' && operation.access.scope !== undefined ? [operation.access.scope] : [],
  ),
);

export const securitySchemes: readonly SecurityScheme[] = authModules.flatMap((module) => module.securitySchemes);

let openApiJson: JsonText | undefined;

/** The OpenAPI document as JSON text, built on first use. */
export function openApiDocumentJson(): JsonText {
  openApiJson ??= JSON.stringify(
    buildOpenApiDocument({
      title: PROJECT_NAME,
      version: API_VERSION,
      description: `HTTP API of ${PROJECT_NAME}. Errors are RFC 9457 problem details (application/problem+json).`,
      operations,
      securitySchemes,
    }),
  ) as JsonText;
  return openApiJson;
}
