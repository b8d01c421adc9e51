import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, TEST_PASSWORD, uniqueEmail, type TestUser } from '../helpers/auth.js';
import { request } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('SEC-J6 password storage and login without user enumeration', () => {
  let server: TestServer;
  let user: TestUser;

  beforeAll(async () => {
    server = await startTestServer();
    user = await createUser(server);
  });
  afterAll(() => server.close());

  const login = (email: string, password: string) => request(server.url, 'POST', '/auth/login', { json: { email, password } });

  it('hashes passwords with Argon2id at the OWASP parameters', async () => {
    const row = await server.db.get<{ password_hash: string }>('SELECT "password_hash" FROM "password_credentials" WHERE "user_id" = ?', [
      user.id,
    ]);
    expect(row?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row?.password_hash).not.toContain(user.password);
  });

  it('answers a wrong password and an unknown email identically', async () => {
    const wrongPassword = await login(user.email, 'not the right password');
    const unknownEmail = await login(uniqueEmail(), 'not the right password');
    for (const response of [wrongPassword, unknownEmail]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    const { requestId: _a, ...first } = wrongPassword.body;
    const { requestId: _b, ...second } = unknownEmail.body;
    expect(first).toEqual(second);
    expect(first).toEqual({ type: 'urn:problem-type:invalid_credentials', title: 'Invalid email or password', status: 401 });
  });

  it('spends the same hashing work on an unknown email', async () => {
    const time = async (email: string) => {
      const started = performance.now();
      await login(email, 'not the right password');
      return performance.now() - started;
    };
    await time(uniqueEmail());
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      known.push(await time(user.email));
      unknown.push(await time(uniqueEmail()));
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[1] ?? 0;
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.4);
    expect(median(unknown)).toBeLessThan(median(known) * 2.5);
  });

  it('answers a taken email with 409 after the same hashing work as a new registration', async () => {
    // The server runs in this process: its CPU time (hashing threads included) is the
    // work a request cost, which a busy machine changes far less than wall-clock time.
    const register = async (email: string) => {
      const started = process.cpuUsage();
      const response = await request(server.url, 'POST', '/auth/register', {
        json: { email, password: 'a long enough password', name: 'Someone' },
      });
      const used = process.cpuUsage(started);
      return { status: response.status, cpuMs: (used.user + used.system) / 1_000 };
    };
    await register(uniqueEmail());
    const fresh: number[] = [];
    const taken: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const created = await register(uniqueEmail());
      expect(created.status).toBe(201);
      fresh.push(created.cpuMs);
      const conflict = await register(user.email);
      expect(conflict.status).toBe(409);
      taken.push(conflict.cpuMs);
    }
    // Without the hash a 409 would cost about 1 ms of CPU against 10 ms or more for a 201.
    // The cheapest of several runs is the request's own cost: anything else running (a
    // collection, a compilation) only adds to it.
    expect(Math.min(...taken)).toBeGreaterThan(Math.min(...fresh) * 0.3);
  });

  it.each(['\ud800', '\udfff', '\udc00\ud800'])(
    'refuses a password with the lone surrogate %j on register and login with 400',
    async (lone) => {
      const password = `${TEST_PASSWORD}${lone}`;
      const registered = await request(server.url, 'POST', '/auth/register', { json: { email: uniqueEmail(), password, name: 'N' } });
      expect(registered.status).toBe(400);
      expect(registered.body.errors).toEqual([expect.objectContaining({ path: 'body.password' })]);
      const loggedIn = await login(user.email, password);
      expect(loggedIn.status).toBe(400);
      expect(loggedIn.body.errors).toEqual([expect.objectContaining({ path: 'body.password' })]);
    },
  );

  it('tells a password ending in U+FFFD from one ending in another character', async () => {
    const email = uniqueEmail();
    const password = `${TEST_PASSWORD}\ufffd`;
    expect((await request(server.url, 'POST', '/auth/register', { json: { email, password, name: 'N' } })).status).toBe(201);
    expect((await login(email, password)).status).toBe(200);
    expect((await login(email, `${TEST_PASSWORD}?`)).status).toBe(401);
  });
});
