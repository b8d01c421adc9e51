import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, TEST_PASSWORD, uniqueEmail } from '../helpers/auth.js';
import { request } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('/auth routes', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const register = (json: unknown) => request(server.url, 'POST', '/auth/register', { json });

  it('registers with 201 and returns only id, email and name (SEC-V4)', async () => {
    const email = uniqueEmail().toUpperCase();
    const response = await register({ email, password: TEST_PASSWORD, name: '  Ada  ' });
    expect(response.status).toBe(201);
    expect(Object.keys(response.body).sort()).toEqual(['email', 'id', 'name']);
    expect(response.body).toMatchObject({ email: email.toLowerCase(), name: 'Ada' });
  });

  it('refuses a duplicate email with 409, whatever its case', async () => {
    const email = uniqueEmail();
    expect((await register({ email, password: TEST_PASSWORD, name: 'A' })).status).toBe(201);
    const duplicate = await register({ email: email.toUpperCase(), password: TEST_PASSWORD, name: 'B' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.type).toBe('urn:problem-type:conflict');
  });

  it.each([
    ['a short password', { password: 'x'.repeat(11) }],
    ['a long password', { password: 'x'.repeat(129) }],
    ['an invalid email', { email: 'not-an-email' }],
    ['an empty name', { name: '   ' }],
    ['a role (mass assignment, SEC-V1)', { role: 'admin' }],
    ['an id (SEC-V1)', { id: '3f0c6f8e-1c1f-4b8a-9a55-6c2d2f7b9e10' }],
  ])('refuses %s with 400', async (_name, change) => {
    const response = await register({ email: uniqueEmail(), password: TEST_PASSWORD, name: 'N', ...change });
    expect(response.status).toBe(400);
    expect(response.body.type).toBe('urn:problem-type:validation_failed');
    expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: expect.stringMatching(/^body/) })]));
  });

  it.each([
    ['a line feed', 'Ada\nAdmin'],
    ['a carriage return', 'Ada\rAdmin'],
    ['a NUL', 'Ada\u0000'],
    ['an escape', 'Ada\u001b[31m'],
    ['a C1 control', 'Ada\u0085'],
    ['a right-to-left override', 'Ada\u202etxt.exe'],
    ['a bidirectional isolate', 'Ada\u2066x'],
    ['a lone surrogate', 'Ada\ud800'],
  ])('refuses a name with %s with 400 naming the field', async (_name, name) => {
    const response = await register({ email: uniqueEmail(), password: TEST_PASSWORD, name });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ path: 'body.name' })]);
  });

  it('accepts a name in any script, with emoji', async () => {
    const response = await register({ email: uniqueEmail(), password: TEST_PASSWORD, name: 'Zoë 日本 😀' });
    expect(response.status).toBe(201);
    expect(response.body.name).toBe('Zoë 日本 😀');
  });

  it('accepts passwords of 12 and 128 characters', async () => {
    expect((await register({ email: uniqueEmail(), password: 'x'.repeat(12), name: 'N' })).status).toBe(201);
    expect((await register({ email: uniqueEmail(), password: 'y'.repeat(128), name: 'N' })).status).toBe(201);
  });

  it('logs in and reports the signed-in user on /auth/me (SEC-V4)', async () => {
    const user = await createUser(server);
    const me = await request(server.url, 'GET', '/auth/me', { headers: user.headers });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ id: user.id, email: user.email, name: 'Test User', role: 'user' });
  });

  it('logs in with any letter case of the email', async () => {
    const user = await createUser(server);
    const login = await request(server.url, 'POST', '/auth/login', { json: { email: user.email.toUpperCase(), password: user.password } });
    expect(login.status).toBe(200);
  });

  it('logs out with 204; the refresh token is then refused', async () => {
    const user = await createUser(server);
    const logout = await request(server.url, 'POST', '/auth/logout', { json: { refreshToken: user.refreshToken } });
    expect(logout.status).toBe(204);
    expect(logout.text).toBe('');
    const refresh = await request(server.url, 'POST', '/auth/refresh', { json: { refreshToken: user.refreshToken } });
    expect(refresh.status).toBe(401);
  });

  it('refuses an unknown field on login and refresh with 400', async () => {
    const login = await request(server.url, 'POST', '/auth/login', { json: { email: uniqueEmail(), password: 'p', remember: true } });
    expect(login.status).toBe(400);
    const refresh = await request(server.url, 'POST', '/auth/refresh', { json: { refreshToken: 'a.b.c', userId: 'x' } });
    expect(refresh.status).toBe(400);
  });
});
