import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, TEST_SECRETS, type TestUser } from '../helpers/auth.js';
import { request } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { claimsOf, craftToken, headerOf } from '../helpers/tokens.js';

describe('access tokens', () => {
  let server: TestServer;
  let user: TestUser;

  beforeAll(async () => {
    server = await startTestServer();
    user = await createUser(server.url);
  });
  afterAll(() => server.close());

  const me = (token: string) => request(server.url, 'GET', '/auth/me', { headers: { authorization: `Bearer ${token}` } });

  it('a genuine access token works', async () => {
    expect((await me(user.accessToken)).status).toBe(200);
    expect((await me(craftToken(user.id))).status).toBe(200);
  });

  describe('SEC-J1 algorithm pinned to HS256; signature, expiry, issuer and audience checked', () => {
    it.each([
      ['alg:none', () => craftToken(user.id, { algorithm: 'none' })],
      ['alg:none with a signature', () => `${craftToken(user.id, { algorithm: 'none' })}${craftToken(user.id).split('.')[2]}`],
      ['alg:HS512', () => craftToken(user.id, { algorithm: 'HS512' })],
      ['alg:RS256', () => craftToken(user.id, { algorithm: 'RS256' })],
      ['an extra header field (kid)', () => craftToken(user.id, { header: { kid: 'other' } })],
      ['a bad signature', () => `${craftToken(user.id).slice(0, -4)}AAAA`],
      ['another secret', () => craftToken(user.id, { secret: 'x'.repeat(48) })],
      ['the refresh secret', () => craftToken(user.id, { secret: TEST_SECRETS.refresh })],
      ['an expired token', () => craftToken(user.id, { claims: { exp: Math.floor(Date.now() / 1_000) - 1 } })],
      ['no exp', () => craftToken(user.id, { omit: ['exp'] })],
      ['a wrong iss', () => craftToken(user.id, { claims: { iss: 'someone-else' } })],
      ['no iss', () => craftToken(user.id, { omit: ['iss'] })],
      ['a wrong aud', () => craftToken(user.id, { claims: { aud: 'another-api' } })],
      ['an aud list', () => craftToken(user.id, { claims: { aud: ['another-api', 'test-audience'] } })],
      ['an iat in the future', () => craftToken(user.id, { claims: { iat: Math.floor(Date.now() / 1_000) + 3_600 } })],
      ['a tampered payload', () => {
        const [header, , signature] = craftToken(user.id).split('.');
        return `${header}.${Buffer.from(JSON.stringify({ sub: 'someone' })).toString('base64url')}.${signature}`;
      }],
      ['garbage', () => 'a.b.c'],
      ['a huge token', () => `${craftToken(user.id)}${'A'.repeat(10_000)}`],
    ])('%s: 401', async (_name, token) => {
      const response = await me(token());
      expect(response.status).toBe(401);
      expect(response.body.type).toBe('urn:problem-type:unauthorized');
    });

    it('missing token: 401', async () => {
      expect((await request(server.url, 'GET', '/auth/me')).status).toBe(401);
    });
  });

  describe('SEC-J2 token types cannot be swapped', () => {
    it('a refresh token is not an access token', async () => {
      expect((await me(user.refreshToken)).status).toBe(401);
    });

    it('an access token is not a refresh token', async () => {
      const response = await request(server.url, 'POST', '/auth/refresh', { json: { refreshToken: user.accessToken } });
      expect(response.status).toBe(401);
      const logout = await request(server.url, 'POST', '/auth/logout', { json: { refreshToken: user.accessToken } });
      expect(logout.status).toBe(401);
    });

    it('an access-typed token signed with the refresh secret is refused, and the reverse', async () => {
      expect((await me(craftToken(user.id, { secret: TEST_SECRETS.refresh }))).status).toBe(401);
      const forged = craftToken(user.id, { header: { typ: 'rt+jwt' }, claims: { fam: 'x' } });
      expect((await request(server.url, 'POST', '/auth/refresh', { json: { refreshToken: forged } })).status).toBe(401);
    });

    it('the two kinds carry different header types', () => {
      expect(headerOf(user.accessToken)).toEqual({ alg: 'HS256', typ: 'at+jwt' });
      expect(headerOf(user.refreshToken)).toEqual({ alg: 'HS256', typ: 'rt+jwt' });
    });
  });

  describe('SEC-J4 lifetimes', () => {
    it('access tokens live 15 minutes and refresh tokens 7 days by default, exp always set', () => {
      const access = claimsOf(user.accessToken);
      const refresh = claimsOf(user.refreshToken);
      expect(Number(access.exp) - Number(access.iat)).toBe(15 * 60);
      expect(Number(refresh.exp) - Number(refresh.iat)).toBe(7 * 24 * 3_600);
      expect(access).toMatchObject({ iss: 'test-issuer', aud: 'test-audience', sub: user.id });
    });

    it('login reports the access lifetime in expiresIn', async () => {
      const login = await request(server.url, 'POST', '/auth/login', { json: { email: user.email, password: user.password } });
      expect(login.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    });

    it('honours ACCESS_TOKEN_TTL', async () => {
      const short = await startTestServer({ ACCESS_TOKEN_TTL: '5m' });
      try {
        const { accessToken } = await createUser(short.url);
        const claims = claimsOf(accessToken);
        expect(Number(claims.exp) - Number(claims.iat)).toBe(300);
      } finally {
        await short.close();
      }
    });
  });
});
