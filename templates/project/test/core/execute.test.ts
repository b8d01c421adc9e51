import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpError } from '../../src/core/errors.js';
import { createExecute, createInvoke, type Exchange, type PipelineServices } from '../../src/core/execute.js';
import { callerOf, CREDENTIALS, NO_BODY, operationsOf, signedIn, type ProtectedAccess } from '../../src/core/operation.js';
import type { Authenticator, Principal, RequestHeaders, Role } from '../../src/core/principal.js';
import { RateLimiter } from '../../src/core/rate-limit.js';
import { MemoryRateLimitStore } from '../../src/core/rate-limit-store.js';

// The one request pipeline, without any HTTP framework: what every adapter runs.

/** An authenticator that knows one bearer value and reads the user's role on every call, as a module would. */
function bearerOf(
  scheme: string,
  secret: string,
  principal: Omit<Principal, 'scheme' | 'role'>,
  roles: Record<string, Role>,
): Authenticator {
  return {
    scheme,
    challenge: `Bearer realm="${scheme}"`,
    authenticate: (headers: RequestHeaders) =>
      headers.authorization === `Bearer ${secret}` ? { ...principal, scheme, role: roles[principal.userId] ?? 'user' } : undefined,
  };
}

const alice = { userId: 'alice', scopes: 'all' as const };
const keyOfBob = { userId: 'bob', scopes: new Set(['notes:read']) };

function services(roles: Record<string, Role> = {}): PipelineServices {
  return {
    logger: pino({ level: 'silent' }),
    authenticators: [bearerOf('session', 'alice-token', alice, roles), bearerOf('apiKey', 'bob-key', keyOfBob, roles)],
    limits: {
      principal: new RateLimiter(new MemoryRateLimitStore(), { name: 'user', max: 100, windowMs: 60_000 }),
      credentials: new RateLimiter(new MemoryRateLimitStore(), { name: 'auth', max: 2, windowMs: 60_000 }),
    },
  };
}

const define = operationsOf<PipelineServices>();

function echo(access: ProtectedAccess | typeof CREDENTIALS) {
  return define({
    method: 'POST',
    path: '/v1/echo/{id}',
    operationId: 'echo',
    summary: 'Echo',
    tag: 'test',
    access,
    params: z.strictObject({ id: z.uuid() }),
    query: z.strictObject({ n: z.coerce.number().int().optional() }),
    body: { kind: 'json', schema: z.strictObject({ text: z.string().max(10) }) },
    success: { status: 201, description: 'Echoed', schema: z.strictObject({ text: z.string(), caller: z.string().nullable() }) },
    handle: async ({ body }, context) => ({
      text: body.text,
      caller: context.principal === undefined ? null : callerOf(context).userId,
      secretField: 'must never be written',
    }),
  });
}

const ID = '0b7cbd35-8a9b-4e54-a1c5-4cf3a1c2d9f7';

function exchange(authorization?: string, parts: Partial<Pick<Exchange, 'params' | 'query' | 'body'>> = {}) {
  const rateLimits: string[] = [];
  const seen: Principal[] = [];
  const value: Exchange = {
    headers: authorization === undefined ? {} : { authorization },
    clientAddress: '203.0.113.7',
    requestId: 'r-1',
    params: { id: ID },
    query: {},
    body: { text: 'hi' },
    ...parts,
    addRateLimit: (policy, header) => void rateLimits.push(`${policy} ${header}`),
    setPrincipal: (principal) => void seen.push(principal),
  };
  return { value, rateLimits, seen };
}

async function problemOf(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof HttpError)) throw new Error(`expected an HttpError, got ${String(error)}`);
  return error;
}

describe('the operation pipeline', () => {
  it('accepts any active scheme, tried in order, and writes only what the output schema declares', async () => {
    const run = createExecute(echo(signedIn()), services());
    for (const [authorization, caller] of [
      ['Bearer alice-token', 'alice'],
      ['Bearer bob-key', 'bob'],
    ] as const) {
      const { value, rateLimits, seen } = exchange(authorization);
      expect(await run(value)).toEqual({ status: 201, json: JSON.stringify({ text: 'hi', caller }) });
      expect(seen.map((principal) => principal.userId)).toEqual([caller]);
      expect(rateLimits).toEqual([expect.stringMatching(/^"user";q=100;w=60 "user";r=\d+;t=\d+$/)]);
    }
  });

  it('answers 401 with every scheme challenge when no authenticator knows the credential', async () => {
    const run = createExecute(echo(signedIn()), services());
    for (const authorization of [undefined, 'Bearer wrong', 'Basic YWxpY2U6eA==']) {
      const error = await problemOf(run(exchange(authorization).value));
      expect(error.status).toBe(401);
      expect(error.headers).toEqual({ 'www-authenticate': 'Bearer realm="session", Bearer realm="apiKey"' });
    }
  });

  it('ignores the schemes an operation does not accept', async () => {
    const run = createExecute(echo(signedIn({ schemes: ['session'] })), services());
    expect((await problemOf(run(exchange('Bearer bob-key').value))).status).toBe(401);
    expect((await run(exchange('Bearer alice-token').value)).status).toBe(201);
    expect(() => createExecute(echo(signedIn({ schemes: ['oidc'] })), services())).toThrow('none of its schemes (oidc) is active');
  });

  it('refuses a missing scope with 403 insufficient_scope and the scope in WWW-Authenticate', async () => {
    const run = createExecute(echo(signedIn({ scope: 'notes:write' })), services());
    const error = await problemOf(run(exchange('Bearer bob-key').value));
    expect(error.code).toBe('insufficient_scope');
    expect(error.headers).toEqual({ 'www-authenticate': 'Bearer error="insufficient_scope", scope="notes:write"' });
    expect((await run(exchange('Bearer alice-token').value)).status).toBe(201);
  });

  it('createInvoke, for a caller another face authenticated, checks scope and role and parses input as the route does', async () => {
    const call = { requestId: 'r-2', headers: {}, clientAddress: '203.0.113.7', params: { id: ID }, query: {}, body: { text: 'hi' } };
    const bob: Principal = { ...keyOfBob, scheme: 'apiKey', role: 'user' };
    const write = createInvoke(echo(signedIn({ scope: 'notes:write' })), services());
    expect((await problemOf(write({ ...call, principal: bob }))).code).toBe('insufficient_scope');
    expect((await problemOf(write({ ...call, principal: undefined }))).code).toBe('unauthorized');
    const admin = createInvoke(echo(signedIn({ role: 'admin' })), services());
    expect((await problemOf(admin({ ...call, principal: bob }))).code).toBe('forbidden');
    const read = createInvoke(echo(signedIn({ scope: 'notes:read' })), services());
    expect((await problemOf(read({ ...call, principal: bob, body: { text: 'far too long' } }))).code).toBe('validation_failed');
    expect(await read({ ...call, principal: bob })).toEqual({ text: 'hi', caller: 'bob', secretField: 'must never be written' });
  });

  it('checks the role the authenticator read for this request', async () => {
    const roles: Record<string, Role> = {};
    const run = createExecute(echo(signedIn({ role: 'admin' })), services(roles));
    expect((await problemOf(run(exchange('Bearer alice-token').value))).code).toBe('forbidden');
    roles.alice = 'admin';
    expect((await run(exchange('Bearer alice-token').value)).status).toBe(201);
  });

  it('parses params, query and body strictly, after authentication', async () => {
    const run = createExecute(echo(signedIn()), services());
    const cases = [
      [{ params: { id: 'not-a-uuid' } }, 'params.id'],
      [{ query: { n: 'x' } }, 'query.n'],
      [{ query: { role: 'admin' } }, 'query'],
      [{ body: { text: 'hi', ownerId: 'someone' } }, 'body'],
      [{ body: undefined }, 'body'],
    ] as const;
    for (const [parts, path] of cases) {
      const error = await problemOf(run(exchange('Bearer alice-token', parts).value));
      expect(error.code).toBe('validation_failed');
      expect(error.errors?.[0]?.path).toBe(path);
    }
    expect((await problemOf(run(exchange(undefined, { body: { nope: 1 } }).value))).status).toBe(401);
  });

  it('counts a public credential route per client address', async () => {
    const run = createExecute(echo(CREDENTIALS), services());
    expect(await run(exchange().value)).toEqual({ status: 201, json: JSON.stringify({ text: 'hi', caller: null }) });
    expect((await run(exchange().value)).status).toBe(201);
    const error = await problemOf(run(exchange().value));
    expect(error.code).toBe('rate_limited');
    expect(error.headers?.['retry-after']).toMatch(/^\d+$/);
  });

  it('runs an operation without a body schema without reading one', async () => {
    const run = createExecute(
      define({
        method: 'DELETE',
        path: '/v1/echo',
        operationId: 'forget',
        summary: 'Forget',
        tag: 'test',
        access: signedIn(),
        query: z.strictObject({}),
        body: NO_BODY,
        success: { status: 204, description: 'Gone' },
        handle: async () => undefined,
      }),
      services(),
    );
    expect(await run(exchange('Bearer alice-token', { body: { ignored: true } }).value)).toEqual({ status: 204, json: undefined });
  });
});
