// How the bench authenticates to a generated server of each auth style, and seeds its one
// user through the project's own paths: register and login (jwt), POST /v1/api-keys with the
// access token (jwt+api-key), `npm run keys -- create` (api-key), or an access token of a
// local OpenID Connect issuer the bench serves itself (oidc).

import http from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { run } from './proc.mjs';

const USER = { email: 'bench@example.com', password: 'correct-horse-battery-staple', name: 'Bench' };
/** The scopes of the bench's key or access token: everything the notes routes need. */
const SCOPES = ['notes:read', 'notes:write'];
const JWT_ISSUER = 'bench-api';
const OIDC_AUDIENCE = 'https://bench-api.example/';

async function json(response) {
  const text = await response.text();
  try {
    return { status: response.status, text, body: JSON.parse(text) };
  } catch {
    return { status: response.status, text, body: undefined };
  }
}

const post = (url, body, headers = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }).then(json);

function expectStatus(what, response, status) {
  if (response.status !== status) throw new Error(`${what}: ${response.status} ${response.text.slice(0, 200)}`);
}

/** An access token of a generated jwt-style server, by logging in over HTTP. */
async function login(url, headers = {}) {
  const response = await post(`${url}/auth/login`, { email: USER.email, password: USER.password }, headers);
  if (response.status !== 200 || typeof response.body?.accessToken !== 'string')
    throw new Error(`login: ${response.status} ${response.text.slice(0, 200)}`);
  return response.body.accessToken;
}

async function register(url) {
  const response = await post(`${url}/auth/register`, USER);
  expectStatus('register', response, 201);
}

/**
 * A minimal OpenID Connect issuer on 127.0.0.1: a discovery document and a static key set
 * with one ES256 key (jose), enough for a resource server to verify the bench's tokens.
 */
async function startIssuer() {
  const kid = randomUUID();
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] });
  const server = http.createServer((request, response) => {
    if (request.url === '/.well-known/openid-configuration') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    } else if (request.url === '/jwks') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  return {
    issuer,
    /** An access token (typ at+jwt) of the bench's user, valid for two hours. */
    token: () =>
      new SignJWT({ scope: SCOPES.join(' ') })
        .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
        .setIssuer(issuer)
        .setAudience(OIDC_AUDIENCE)
        .setSubject('bench-user')
        .setIssuedAt()
        .setJti(randomUUID())
        .setExpirationTime('2h')
        .sign(privateKey),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The key `npm run keys -- create` prints once, on a line of its own. */
async function keyFromCli({ projectDir, env }) {
  const result = await run(
    'npm',
    ['run', '--silent', 'keys', '--', 'create', '--owner', USER.email, '--scopes', SCOPES.join(','), '--name', 'bench'],
    {
      cwd: projectDir,
      env,
      timeoutMs: 120_000,
    },
  );
  const lines = result.stdout.trim().split('\n');
  const shown = lines.indexOf('It is shown this once; store it now:');
  if (result.code !== 0 || shown < 0 || !lines[shown + 1])
    throw new Error(`npm run keys -- create failed (exit ${result.code}): ${(result.stderr || result.stdout).slice(-400)}`);
  return lines[shown + 1].trim();
}

/**
 * The credentials of one auth style. `env` goes to every generated server; `seed` runs once
 * against the seeding server (started with `env`) and resolves with the credential the notes
 * are seeded with; `forServer(url)` gives the credential of a load round (a fresh login with
 * JWT; the same key or cached access token otherwise); `close` stops the issuer, if any.
 * @param {'jwt' | 'api-key' | 'jwt+api-key' | 'oidc'} style
 */
export async function authStyle(style) {
  const secrets = { access: randomBytes(48).toString('base64url'), refresh: randomBytes(48).toString('base64url') };
  const jwtEnv = {
    JWT_SECRET: secrets.access,
    JWT_REFRESH_SECRET: secrets.refresh,
    JWT_ISSUER,
    JWT_AUDIENCE: JWT_ISSUER,
    ACCESS_TOKEN_TTL: '1h',
  };
  if (style === 'jwt') {
    return {
      secrets,
      env: jwtEnv,
      description: 'a JWT access token from `POST /auth/login`, logged in again each round',
      async seed({ url }) {
        await register(url);
        return login(url);
      },
      forServer: (url, headers) => login(url, headers),
      close: async () => undefined,
    };
  }
  if (style === 'jwt+api-key' || style === 'api-key') {
    let key;
    return {
      secrets,
      env: style === 'jwt+api-key' ? jwtEnv : {},
      description:
        style === 'jwt+api-key'
          ? 'an API key created with `POST /v1/api-keys` by the seeded user (the same key every round)'
          : 'an API key created with `npm run keys -- create` (the same key every round)',
      async seed({ url, projectDir, env }) {
        if (style === 'jwt+api-key') {
          await register(url);
          const created = await post(
            `${url}/v1/api-keys`,
            { name: 'bench', scopes: SCOPES },
            { authorization: `Bearer ${await login(url)}` },
          );
          expectStatus('POST /v1/api-keys', created, 201);
          key = created.body.key;
        } else {
          key = await keyFromCli({ projectDir, env });
        }
        return key;
      },
      forServer: async () => key,
      close: async () => undefined,
    };
  }
  if (style === 'oidc') {
    const issuer = await startIssuer();
    const token = await issuer.token();
    return {
      secrets,
      env: { OIDC_ISSUER: issuer.issuer, OIDC_AUDIENCE, OIDC_ALGORITHMS: 'ES256' },
      description: `an ES256 access token of a local issuer the bench serves (discovery and a static key set on ${issuer.issuer}); the same token every round, so the server verifies it once and then answers from its cache`,
      seed: async () => token,
      forServer: async () => token,
      close: () => issuer.close(),
    };
  }
  throw new Error(`no auth style ${style}`);
}
