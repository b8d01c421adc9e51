import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_SCOPES, createUser, promoteUser, testIssuer } from '../helpers/auth.js';
import { request } from '../helpers/http.js';
import { newSigningKey, startAttacker } from '../helpers/issuer.js';
import { findOperation } from '../helpers/operations.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const scopedRead = findOperation(
  'GET route with a scope',
  (operation) =>
    operation.method === 'GET' &&
    operation.access.kind === 'protected' &&
    operation.access.scope !== undefined &&
    !operation.path.includes('{'),
);
const scopedWrite = findOperation(
  'POST route with a scope and a JSON body',
  (operation) =>
    operation.method === 'POST' &&
    operation.access.kind === 'protected' &&
    operation.access.scope !== undefined &&
    operation.body.kind === 'json' &&
    !operation.path.includes('{'),
);
const readScope = scopedRead.access.kind === 'protected' ? String(scopedRead.access.scope) : '';
const writeScope = scopedWrite.access.kind === 'protected' ? String(scopedWrite.access.scope) : '';

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1_000);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

// SEC-O1: only access tokens of OIDC_ISSUER for this audience, signed with its keys, pass.
describe('SEC-O1 OIDC access tokens', () => {
  let server: TestServer;
  let attacker: Awaited<ReturnType<typeof startAttacker>>;

  beforeAll(async () => {
    server = await startTestServer();
    attacker = await startAttacker();
  });
  afterAll(async () => {
    await server.close();
    await attacker.close();
  });

  const call = (token: string, path = scopedRead.path) => request(server.url, 'GET', path, { headers: bearer(token) });
  const subject = () => `subject-${randomUUID()}`;

  it.each(['ES256', 'RS256'] as const)('accepts a valid %s access token', async (alg) => {
    const response = await call(await testIssuer.token(subject(), ALL_SCOPES, { alg }));
    expect(response.status).toBe(200);
  });

  it('accepts typ application/at+jwt', async () => {
    const response = await call(await testIssuer.token(subject(), ALL_SCOPES, { header: { typ: 'application/at+jwt' } }));
    expect(response.status).toBe(200);
  });

  it.each([
    ['another issuer', { iss: 'https://evil.example.com/' }],
    ['an issuer differing by a trailing slash', { iss: `${testIssuer.issuer}/` }],
    ['another audience', { aud: 'another-api' }],
    ['an expired token', { iat: now() - 7_200, exp: now() - 3_600 }],
    ['a token not valid yet (nbf)', { nbf: now() + 3_600 }],
    ['no exp', { exp: undefined }],
    ['no iat', { iat: undefined }],
    ['no sub', { sub: undefined }],
    ['no aud', { aud: undefined }],
  ])('refuses %s: 401', async (_name, claims) => {
    const response = await call(await testIssuer.token(subject(), ALL_SCOPES, { claims }));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('refuses alg none: 401', async () => {
    const payload = { iss: testIssuer.issuer, aud: testIssuer.audience, sub: subject(), iat: now(), exp: now() + 600, scope: ALL_SCOPES };
    const token = `${base64url({ alg: 'none', typ: 'at+jwt' })}.${base64url(payload)}.`;
    expect((await call(token)).status).toBe(401);
  });

  it('refuses HS256 signed with the public key as the secret: 401', async () => {
    const [rsa] = testIssuer.keys();
    const payload = { iss: testIssuer.issuer, aud: testIssuer.audience, sub: subject(), iat: now(), exp: now() + 600, scope: ALL_SCOPES };
    const signingInput = `${base64url({ alg: 'HS256', typ: 'at+jwt', kid: rsa?.kid })}.${base64url(payload)}`;
    for (const secret of [JSON.stringify(rsa?.publicJwk), String(rsa?.publicJwk.n)]) {
      const token = `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
      expect((await call(token)).status).toBe(401);
    }
  });

  it('refuses a signature from another key with the same kid: 401', async () => {
    const [, ec] = testIssuer.keys();
    const forged = await newSigningKey('ES256', ec?.kid);
    expect((await call(await testIssuer.token(subject(), ALL_SCOPES, { key: forged }))).status).toBe(401);
  });

  it('refuses typ JWT (and a token without typ) unless OIDC_TOKEN_TYPES allows it: 401', async () => {
    expect((await call(await testIssuer.token(subject(), ALL_SCOPES, { header: { typ: 'JWT' } }))).status).toBe(401);
    expect((await call(await testIssuer.token(subject(), ALL_SCOPES, { header: { typ: undefined } }))).status).toBe(401);
  });

  it('refuses an ID token: 401', async () => {
    const idToken = await testIssuer.token(subject(), ALL_SCOPES, {
      header: { typ: 'JWT' },
      claims: { nonce: 'n-0S6_WzA2Mj', auth_time: now() },
    });
    expect((await call(idToken)).status).toBe(401);
  });

  it('never follows jku, x5u, jwk or x5c: a key they name is not used and the attacker is never contacted', async () => {
    const [, ec] = testIssuer.keys();
    const forged = await newSigningKey('ES256', ec?.kid);
    const headers = [
      { jku: `${attacker.url}/jwks` },
      { x5u: `${attacker.url}/cert.pem` },
      { jwk: forged.publicJwk },
      { x5c: ['MIIBszCCAVmgAwIBAgIUZmFrZQ=='] },
      { jku: `${attacker.url}/jwks`, x5u: `${attacker.url}/cert.pem`, jwk: forged.publicJwk },
    ];
    for (const header of headers) {
      expect((await call(await testIssuer.token(subject(), ALL_SCOPES, { key: forged, header }))).status).toBe(401);
    }
    expect(attacker.contacts()).toBe(0);
  });

  it('refuses a token over 8 KB unread: 401', async () => {
    const token = await testIssuer.token(subject(), ALL_SCOPES, { claims: { padding: 'x'.repeat(8_200) } });
    expect((await call(token)).status).toBe(401);
  });

  it('a verified token is not served from the cache past its expiry (5 s of clock skew allowed)', async () => {
    const token = await testIssuer.token(subject(), ALL_SCOPES, { claims: { exp: now() - 4 } });
    expect((await call(token)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await call(token)).status).toBe(401);
  });

  describe('scopes from OIDC_SCOPE_CLAIMS', () => {
    it('a missing scope: 403 insufficient_scope with the RFC 6750 challenge', async () => {
      const response = await request(server.url, 'POST', scopedWrite.path, {
        headers: bearer(await testIssuer.token(subject(), readScope)),
        json: {},
      });
      expect(response.status).toBe(403);
      expect(response.body.type).toBe('urn:problem-type:insufficient_scope');
      expect(response.headers.get('www-authenticate')).toBe(`Bearer error="insufficient_scope", scope="${writeScope}"`);
    });

    it('a token without any scope: 403 on a scoped route', async () => {
      expect((await call(await testIssuer.token(subject(), ''))).status).toBe(403);
    });

    it('write implies read', async () => {
      expect((await call(await testIssuer.token(subject(), readScope.replace(/:read$/, ':write')))).status).toBe(200);
    });

    it.each(['scp', 'permissions'])('reads the %s array', async (claim) => {
      const token = await testIssuer.token(subject(), '', { claims: { scope: undefined, [claim]: [readScope] } });
      expect((await call(token)).status).toBe(200);
    });
  });

  describe('admin routes', () => {
    it('a token holding every scope is no admin: 403; its local user promoted: 200', async () => {
      const user = await createUser(server);
      expect((await request(server.url, 'GET', '/v1/admin/users', { headers: user.headers })).status).toBe(403);
      await promoteUser(server, user);
      expect((await request(server.url, 'GET', '/v1/admin/users', { headers: user.headers })).status).toBe(200);
    });
  });

  it('GET /auth/me names the token subject and issuer', async () => {
    const user = await createUser(server);
    const response = await request(server.url, 'GET', '/auth/me', { headers: user.headers });
    expect(response.body).toEqual({ id: user.id, issuer: testIssuer.issuer, subject: user.subject, role: 'user' });
  });
});

describe('OIDC_TOKEN_TYPES=at+jwt,JWT', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ OIDC_TOKEN_TYPES: 'at+jwt,JWT' });
  });
  afterAll(() => server.close());

  const call = (token: string) => request(server.url, 'GET', scopedRead.path, { headers: bearer(token) });

  it('accepts plain JWT access tokens', async () => {
    expect((await call(await testIssuer.token(`subject-${randomUUID()}`, ALL_SCOPES, { header: { typ: 'JWT' } }))).status).toBe(200);
  });

  it.each(['nonce', 'at_hash', 'c_hash'])('still refuses an ID token (with %s): 401', async (claim) => {
    const token = await testIssuer.token(`subject-${randomUUID()}`, ALL_SCOPES, { header: { typ: 'JWT' }, claims: { [claim]: 'value' } });
    expect((await call(token)).status).toBe(401);
  });
});

describe('OIDC_* configuration', () => {
  it.each([
    ['OIDC_ALGORITHMS', 'HS256'],
    ['OIDC_ALGORITHMS', 'ES256,none'],
    ['OIDC_TOKEN_TYPES', 'id+jwt'],
    ['OIDC_ISSUER', 'not a url'],
    ['OIDC_JWKS_URI', 'ftp://127.0.0.1/jwks'],
  ])('refuses %s=%s', async (variable, value) => {
    await expect(startTestServer({ [variable]: value })).rejects.toThrow(variable);
  });

  it('production refuses an http issuer on a non-loopback host, and the placeholders of .env.example', async () => {
    await expect(startTestServer({ NODE_ENV: 'production', OIDC_ISSUER: 'http://issuer.example.com/' })).rejects.toThrow('OIDC_ISSUER');
    await expect(startTestServer({ NODE_ENV: 'production', OIDC_ISSUER: 'https://issuer.example.invalid/' })).rejects.toThrow(
      'OIDC_ISSUER',
    );
    await expect(startTestServer({ NODE_ENV: 'production', OIDC_AUDIENCE: 'https://api.example.invalid/' })).rejects.toThrow(
      'OIDC_AUDIENCE',
    );
  });
});
