import fs from 'fs-extra';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoTempDir } from '../helpers/cli.js';
import { startRealIssuer as startIssuer, type RealIssuer } from '../helpers/oidc-provider.js';
import { generateBuiltProject, startServer, type RunningServer } from '../helpers/project.js';

// One generated `--auth oidc` project, type-checked, built and served by node, trusting a
// real OpenID Connect provider (oidc-provider, client_credentials + resource indicators,
// at+jwt ES256 access tokens) over real HTTP.
describe('an oidc project against oidc-provider', () => {
  let dir: string;
  let issuer: RealIssuer;
  let server: RunningServer;

  beforeAll(async () => {
    dir = path.join(await repoTempDir('oidc-'), 'api');
    await generateBuiltProject(dir, ['--framework', 'fastify', '--auth', 'oidc']);
    issuer = await startIssuer();
    server = await startServer(dir, ['node', ['dist/server.js']], {
      ...issuer.env,
      DATABASE_URL: 'sqlite::memory:',
      NODE_ENV: 'development',
    });
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    await issuer?.close();
    if (dir !== undefined) await fs.remove(path.dirname(dir));
  });

  const list = (token: string) => fetch(`${server.url}/v1/notes`, { headers: { authorization: `Bearer ${token}` } });

  it('a valid access token gets 200 on a resource list; a tampered one 401', async () => {
    const token = await issuer.token('service-a', 'notes:read notes:write');
    const created = await fetch(`${server.url}/v1/notes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'from an OIDC client' }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const listed = await list(token);
    expect(listed.status).toBe(200);
    const page = (await listed.json()) as { data: { title: string }[] };
    expect(page.data.map((note) => note.title)).toEqual(['from an OIDC client']);

    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const elevated = Buffer.from(JSON.stringify({ ...claims, sub: 'service-b' })).toString('base64url');
    expect((await list(`${header}.${elevated}.${signature}`)).status).toBe(401);
    const flipped = signature.slice(0, -2) + (signature.at(-2) === 'A' ? 'B' : 'A') + signature.at(-1);
    expect((await list(`${header}.${payload}.${flipped}`)).status).toBe(401);
  });

  it('scopes come from the token: read only cannot write (403), and another client sees none of the items', async () => {
    const reader = await issuer.token('service-c', 'notes:read');
    const write = await fetch(`${server.url}/v1/notes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${reader}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'refused' }),
    });
    expect(write.status).toBe(403);
    expect(write.headers.get('www-authenticate')).toBe('Bearer error="insufficient_scope", scope="notes:write"');
    const listed = await list(reader);
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { data: unknown[] }).data).toEqual([]);
  });
});
