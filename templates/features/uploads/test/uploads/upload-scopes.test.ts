import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from '../../src/core/errors.js';
import { createExecute, type Exchange } from '../../src/core/execute.js';
import type { Authenticator, Principal } from '../../src/core/principal.js';
import { createUser } from '../helpers/auth.js';
import { operations } from '../helpers/operations.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const uploadOperations = operations.filter((operation) => operation.path.startsWith('/v1/uploads'));

describe('upload scopes: uploads:read for GET, uploads:write for the rest', () => {
  let server: TestServer;
  let userId: string;

  beforeAll(async () => {
    server = await startTestServer();
    userId = (await createUser(server)).id;
  });
  afterAll(() => server?.close());

  it('declares the five routes with their scopes', () => {
    expect(
      uploadOperations.map((operation) => [
        operation.method,
        operation.path,
        operation.access.kind === 'protected' ? operation.access.scope : 'public',
      ]),
    ).toEqual([
      ['POST', '/v1/uploads', 'uploads:write'],
      ['GET', '/v1/uploads', 'uploads:read'],
      ['GET', '/v1/uploads/{id}', 'uploads:read'],
      ['GET', '/v1/uploads/{id}/content', 'uploads:read'],
      ['DELETE', '/v1/uploads/{id}', 'uploads:write'],
    ]);
  });

  /** The app's own pipeline and services, with a credential holding only `scopes`. */
  function asHolderOf(scopes: readonly string[]) {
    const principal: Principal = { userId, scheme: 'test', scopes: new Set(scopes), role: 'user' };
    const authenticator: Authenticator = { scheme: 'test', challenge: 'Bearer realm="test"', authenticate: () => principal };
    const services = { ...server.app.services, authenticators: [authenticator] };
    return async (operation: (typeof uploadOperations)[number]): Promise<number> => {
      const exchange: Exchange = {
        headers: { authorization: 'Bearer test' },
        clientAddress: '127.0.0.1',
        requestId: 'scope-test',
        params: { id: '0b7cbd35-8a9b-4e54-a1c5-4cf3a1c2d9f7' },
        query: {},
        body: undefined,
        addRateLimit: () => undefined,
        setPrincipal: () => undefined,
      };
      try {
        return (await createExecute(operation, services)(exchange)).status;
      } catch (error) {
        if (error instanceof HttpError) return error.status;
        throw error;
      }
    };
  }

  it('a credential with uploads:read only reads, and gets 403 on every write', async () => {
    const run = asHolderOf(['uploads:read']);
    for (const operation of uploadOperations) {
      const status = await run(operation);
      if (operation.method === 'GET') expect(status, operation.path).not.toBe(403);
      else expect(status, `${operation.method} ${operation.path}`).toBe(403);
    }
  });

  it('a credential with another resource’s scopes gets 403 on every upload route', async () => {
    const run = asHolderOf(['notes:write']);
    for (const operation of uploadOperations) expect(await run(operation), `${operation.method} ${operation.path}`).toBe(403);
  });
});
