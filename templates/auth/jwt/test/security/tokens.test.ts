import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, TEST_SECRETS, type TestUser } from '../helpers/auth.js';
import { createTestDatabase } from '../helpers/database.js';
import { request } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { keyId } from '../../src/auth/jwt/tokens.js';
import { claimsOf, craftToken, headerOf } from '../helpers/tokens.js';

describe('access tokens', () => {
  let server: TestServer;
  let user: TestUser;

  beforeAll(async () => {
    server = await startTestServer();
    user = await createUser(server);
  });
  afterAll(() => server.close());

  const me = (token: string) => request(server.url, 'GET', '/auth/me', { headers: { authorization: `Bearer ${token}` } });

  it('a genuine access token works', async () => {
    expect((await me(user.accessToken)).status).toBe(200);
    expect((await me(craftToken(user))).status).toBe(200);
  });

  describe('SEC-J1 algorithm pinned to HS256; signature, expiry, issuer and audience checked', () => {
    it.each([
      ['alg:none', () => craftToken(user, { algorithm: 'none' })],
      ['alg:none with a signature', () => `${craftToken(user, { algorithm: 'none' })}${craftToken(user).split('.')[2]}`],
      ['alg:HS512', () => craftToken(user, { algorithm: 'HS512' })],
      ['alg:RS256', () => craftToken(user, { algorithm: 'RS256' })],
      ['another key id', () => craftToken(user, { header: { kid: 'other' } })],
      ['an extra header field (jku)', () => craftToken(user, { header: { jku: 'http://127.0.0.1:9/keys' } })],
      ['no fam (the login it belongs to)', () => craftToken(user, { omit: ['fam'] })],
      ["another login's fam", () => craftToken(user, { claims: { fam: '00000000-0000-4000-8000-000000000000' } })],
      ['a bad signature', () => `${craftToken(user).slice(0, -4)}AAAA`],
      ['another secret', () => craftToken(user, { secret: 'x'.repeat(48) })],
      ['the refresh secret', () => craftToken(user, { secret: TEST_SECRETS.refresh })],
      ['an expired token', () => craftToken(user, { claims: { exp: Math.floor(Date.now() / 1_000) - 1 } })],
      ['no exp', () => craftToken(user, { omit: ['exp'] })],
      ['a wrong iss', () => craftToken(user, { claims: { iss: 'someone-else' } })],
      ['no iss', () => craftToken(user, { omit: ['iss'] })],
      ['a wrong aud', () => craftToken(user, { claims: { aud: 'another-api' } })],
      ['an aud list', () => craftToken(user, { claims: { aud: ['another-api', 'test-audience'] } })],
      ['an iat in the future', () => craftToken(user, { claims: { iat: Math.floor(Date.now() / 1_000) + 3_600 } })],
      [
        'a tampered payload',
        () => {
          const [header, , signature] = craftToken(user).split('.');
          return `${header}.${Buffer.from(JSON.stringify({ sub: 'someone' })).toString('base64url')}.${signature}`;
        },
      ],
      ['garbage', () => 'a.b.c'],
      ['a huge token', () => `${craftToken(user)}${'A'.repeat(10_000)}`],
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
      expect((await me(craftToken(user, { secret: TEST_SECRETS.refresh }))).status).toBe(401);
      const forged = craftToken(user, { header: { typ: 'rt+jwt' }, claims: { fam: 'x' } });
      expect((await request(server.url, 'POST', '/auth/refresh', { json: { refreshToken: forged } })).status).toBe(401);
    });

    it('the two kinds carry different header types', () => {
      expect(headerOf(user.accessToken)).toEqual({ alg: 'HS256', kid: keyId(TEST_SECRETS.access), typ: 'at+jwt' });
      expect(headerOf(user.refreshToken)).toEqual({ alg: 'HS256', kid: keyId(TEST_SECRETS.refresh), typ: 'rt+jwt' });
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
        const { accessToken } = await createUser(short);
        const claims = claimsOf(accessToken);
        expect(Number(claims.exp) - Number(claims.iat)).toBe(300);
      } finally {
        await short.close();
      }
    });
  });

  describe('secret rotation (JWT_SECRET_PREVIOUS, JWT_REFRESH_SECRET_PREVIOUS)', () => {
    it('keeps tokens signed with the previous secrets working, signs new ones with the current, and drops them once removed', async () => {
      const database = await createTestDatabase();
      const databaseUrl = database.url;
      const before = await startTestServer({ DATABASE_URL: databaseUrl });
      const user = await createUser(before);
      await before.close();

      const next = { JWT_SECRET: randomBytes(48).toString('base64url'), JWT_REFRESH_SECRET: randomBytes(48).toString('base64url') };
      const rotating = await startTestServer({
        DATABASE_URL: databaseUrl,
        ...next,
        JWT_SECRET_PREVIOUS: TEST_SECRETS.access,
        JWT_REFRESH_SECRET_PREVIOUS: TEST_SECRETS.refresh,
      });
      let renewed: { accessToken: string; refreshToken: string };
      try {
        const me = await request(rotating.url, 'GET', '/auth/me', { headers: user.headers });
        expect(me.status).toBe(200);
        const refreshed = await request(rotating.url, 'POST', '/auth/refresh', { json: { refreshToken: user.refreshToken } });
        expect(refreshed.status).toBe(200);
        renewed = { accessToken: String(refreshed.body.accessToken), refreshToken: String(refreshed.body.refreshToken) };
        expect(headerOf(renewed.accessToken).kid).toBe(keyId(next.JWT_SECRET));
        expect(headerOf(renewed.refreshToken).kid).toBe(keyId(next.JWT_REFRESH_SECRET));
      } finally {
        await rotating.close();
      }

      const after = await startTestServer({ DATABASE_URL: databaseUrl, ...next });
      try {
        expect((await request(after.url, 'GET', '/auth/me', { headers: user.headers })).status).toBe(401);
        const current = { authorization: `Bearer ${renewed.accessToken}` };
        expect((await request(after.url, 'GET', '/auth/me', { headers: current })).status).toBe(200);
      } finally {
        await after.close();
        await database.drop();
      }
    });
  });
});
