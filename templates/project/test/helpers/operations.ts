import { randomUUID } from 'node:crypto';
import { operations } from '../../src/api.js';
import type { Operation } from '../../src/core/operations.js';

export { operations };

/** The operation's path with every {param} filled with a fresh UUID. */
export function concretePath(operation: Pick<Operation, 'path'>): string {
  return operation.path.replace(/\{[^}]+\}/g, () => randomUUID());
}

export function findOperation(description: string, predicate: (operation: Operation) => boolean): Operation {
  const operation = operations.find(predicate);
  if (operation === undefined) throw new Error(`this API has no ${description}`);
  return operation;
}

/** A GET route without path parameters that any signed-in user may call. */
export const signedInRoute = findOperation(
  'GET route for signed-in users',
  (operation) => operation.access === 'user' && operation.method === 'GET' && !operation.path.includes('{'),
);
