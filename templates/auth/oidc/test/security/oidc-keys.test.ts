import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseTestEnv } from '../helpers/database.js';
import { request } from '../helpers/http.js';
import { newSigningKey, startIssuer, type TestIssuer } from '../helpers/issuer.js';
import { listeningAddress, spawnServer } from '../helpers/child-server.js';
import { signedInRoute } from '../helpers/operations.js';
import { startTestServer } from '../helpers/server.js';
import { storeTestEnv } from '../helpers/store.js';
import { webhookTestEnv } from '../helpers/webhooks.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// SEC-O1: the key store in front of jose. Each test runs its own provider and server, with
// short OIDC_JWKS_* durations.
describe('SEC-O1 the provider keys', () => {
  const running: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const item of running.splice(0).reverse()) await item.close();
  });

  async function setUp(env: Record<string, string> = {}, state: TestIssuer['state'] = 'up') {
    const issuer = await startIssuer();
    issuer.state = state;
    running.push(issuer);
    const server = await startTestServer({
      OIDC_ISSUER: issuer.issuer,
      OIDC_AUDIENCE: issuer.audience,
      OIDC_JWKS_COOLDOWN: '1s',
      ...env,
    });
    running.push(server);
    const call = async (token?: string) =>
      request(server.url, 'GET', signedInRoute.path, {
        headers: { authorization: `Bearer ${token ?? (await issuer.token(`subject-${randomUUID()}`, ''))}` },
      });
    return { issuer, server, call };
  }

  /** Until the start-up fetch of the key set has happened. */
  async function keysLoaded(issuer: TestIssuer): Promise<void> {
    for (let waited = 0; issuer.counts.jwks === 0 && waited < 5_000; waited += 20) await sleep(20);
    expect(issuer.counts.jwks).toBe(1);
  }

  it('discovers the key set at start-up, once, and checks tokens against it', async () => {
    const { issuer, call } = await setUp();
    await keysLoaded(issuer);
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(200);
    expect(issuer.counts).toEqual({ discovery: 1, jwks: 1, refused: 0 });
  });

  it('50 tokens naming random kids cause at most one extra fetch of the key set', async () => {
    const { issuer, call } = await setUp({ OIDC_JWKS_COOLDOWN: '3s' });
    await keysLoaded(issuer);
    await sleep(3_100);
    const responses = await Promise.all(
      Array.from({ length: 50 }, async () =>
        call(await issuer.token(`subject-${randomUUID()}`, '', { key: await newSigningKey('ES256') })),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(401));
    expect(issuer.counts.jwks).toBeLessThanOrEqual(2);
    expect(issuer.counts.discovery).toBe(1);
  });

  it('rotated keys: a new kid is fetched once the cooldown has passed', async () => {
    const { issuer, call } = await setUp({ OIDC_JWKS_COOLDOWN: '1s' });
    await keysLoaded(issuer);
    await issuer.rotate();
    await sleep(1_100);
    expect((await call()).status).toBe(200);
    expect(issuer.counts.jwks).toBe(2);
  });

  it('a new kid within the cooldown is not fetched: 401, never 503', async () => {
    const { issuer, call } = await setUp({ OIDC_JWKS_COOLDOWN: '1m' });
    await keysLoaded(issuer);
    await issuer.rotate();
    expect((await call()).status).toBe(401);
    expect(issuer.counts.jwks).toBe(1);
  });

  it('issuer down at start: the server starts, answers 503 auth_unavailable with Retry-After, then recovers without a restart', async () => {
    const { issuer, server, call } = await setUp({}, 'down');
    expect((await request(server.url, 'GET', '/health')).status).toBe(200);
    const refused = await call();
    expect(refused.status).toBe(503);
    expect(refused.body.type).toBe('urn:problem-type:auth_unavailable');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(1);
    expect(refused.text).not.toMatch(/127\.0\.0\.1|ECONNRE|fetch/);
    issuer.state = 'up';
    await sleep(retryAfter * 1_000 + 100);
    expect((await call()).status).toBe(200);
  });

  it('a failed fetch blocks refetches for the cooldown', async () => {
    const { issuer, call } = await setUp({ OIDC_JWKS_COOLDOWN: '1m' }, 'down');
    for (let i = 0; i < 10; i += 1) expect((await call()).status).toBe(503);
    expect(issuer.counts.refused).toBe(1);
  });

  it('a hanging key set: 503 within OIDC_HTTP_TIMEOUT', async () => {
    const { call } = await setUp({ OIDC_HTTP_TIMEOUT: '500ms' }, 'hanging');
    const started = performance.now();
    const response = await call();
    expect(response.status).toBe(503);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('a key set over the size limit is refused: 503', async () => {
    const { issuer, call } = await setUp({}, 'oversized');
    const response = await call();
    expect(response.status).toBe(503);
    expect(issuer.counts.jwks).toBe(1);
  });

  it('stale-if-error: the last good key set serves while the provider is down, up to OIDC_JWKS_MAX_STALE', async () => {
    const { issuer, call } = await setUp({ OIDC_JWKS_MAX_AGE: '1s', OIDC_JWKS_MAX_STALE: '3s' });
    await keysLoaded(issuer);
    issuer.state = 'down';
    await sleep(1_500);
    expect(issuer.counts.refused).toBeGreaterThanOrEqual(1);
    expect((await call()).status).toBe(200);
    await sleep(2_000);
    const expired = await call();
    expect(expired.status).toBe(503);
    expect(expired.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('a discovery document naming another issuer gives no keys: 503', async () => {
    const issuer = await startIssuer();
    issuer.advertisedIssuer = 'https://evil.example.com';
    running.push(issuer);
    const server = await startTestServer({ OIDC_ISSUER: issuer.issuer, OIDC_AUDIENCE: issuer.audience });
    running.push(server);
    const token = await issuer.token(`subject-${randomUUID()}`, '');
    const response = await request(server.url, 'GET', signedInRoute.path, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(503);
    expect(issuer.counts.jwks).toBe(0);
  });

  it('OIDC_JWKS_URI skips discovery', async () => {
    const direct = await startIssuer();
    running.push(direct);
    const server = await startTestServer({
      OIDC_ISSUER: 'https://issuer.example.com',
      OIDC_AUDIENCE: direct.audience,
      OIDC_JWKS_URI: `${direct.issuer}/jwks`,
    });
    running.push(server);
    const token = await direct.token(`subject-${randomUUID()}`, '', { claims: { iss: 'https://issuer.example.com' } });
    expect((await request(server.url, 'GET', signedInRoute.path, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect(direct.counts).toEqual({ discovery: 0, jwks: 1, refused: 0 });
  });

  it('src/server.ts starts with the provider unreachable: /health 200, protected routes 503', async () => {
    const child = spawnServer({
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'development',
      ...databaseTestEnv(),
      PORT: '0',
      OIDC_ISSUER: 'http://127.0.0.1:9/',
      OIDC_AUDIENCE: 'test-api',
      ...storeTestEnv(),
      ...webhookTestEnv(),
    });
    running.push({ close: async () => void child.child.kill('SIGTERM') });
    const url = await listeningAddress(child);
    expect((await request(url, 'GET', '/health')).status).toBe(200);
    const issuer = await startIssuer();
    running.push(issuer);
    const response = await request(url, 'GET', signedInRoute.path, {
      headers: { authorization: `Bearer ${await issuer.token(`subject-${randomUUID()}`, '', { claims: { iss: 'http://127.0.0.1:9/' } })}` },
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
