import { randomUUID } from 'node:crypto';
import { operations } from '../../src/api.js';
import type { Operation } from '../../src/core/operation.js';
import type { Services } from '../../src/services.js';

export { operations };

export type DeclaredOperation = Operation<Services>;

/** The operation's path with every {param} filled with a fresh UUID. */
export function concretePath(operation: Pick<Operation, 'path'>): string {
  return operation.path.replace(/\{[^}]+\}/g, () => randomUUID());
}

export function findOperation(description: string, predicate: (operation: DeclaredOperation) => boolean): DeclaredOperation {
  const operation = operations.find(predicate);
  if (operation === undefined) throw new Error(`this API has no ${description}`);
  return operation;
}

export const isProtected = (operation: DeclaredOperation) => operation.access.kind === 'protected';
export const isPublic = (operation: DeclaredOperation) => operation.access.kind === 'public';

/** A GET route without path parameters that any signed-in user may call. */
export const signedInRoute = findOperation(
  'GET route for signed-in users',
  (operation) =>
    operation.access.kind === 'protected' &&
    operation.access.role === undefined &&
    operation.method === 'GET' &&
    !operation.path.includes('{'),
);

/** A POST route with a JSON body, without path parameters, that any signed-in user may call. */
export const signedInJsonRoute = findOperation(
  'POST route with a JSON body for signed-in users',
  (operation) =>
    operation.access.kind === 'protected' &&
    operation.access.role === undefined &&
    operation.method === 'POST' &&
    operation.body.kind === 'json' &&
    !operation.path.includes('{'),
);
