import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

/** `up` answers; `down` drops every connection; `hanging` accepts and never answers; `oversized` sends a 1 MB key set. */
export type IssuerState = 'up' | 'down' | 'hanging' | 'oversized';

export interface SigningKey {
  readonly kid: string;
  readonly alg: 'RS256' | 'ES256';
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

export interface TokenOptions {
  /** Claims beside the defaults (iss, aud, sub, iat, exp, scope); `undefined` removes a default. */
  readonly claims?: Record<string, unknown>;
  /** Header fields beside alg, kid and typ (which can be overridden too). */
  readonly header?: Record<string, unknown>;
  readonly alg?: 'RS256' | 'ES256';
  /** Sign with this key instead of the issuer's current one. */
  readonly key?: SigningKey;
}

export interface TestIssuer {
  /** The issuer identifier (and base URL), e.g. http://127.0.0.1:41234 */
  readonly issuer: string;
  readonly audience: string;
  /** Requests answered, and connections refused or left hanging, by kind. */
  readonly counts: { discovery: number; jwks: number; refused: number };
  state: IssuerState;
  /** What the discovery document says the issuer is (tests of a mismatch change it). */
  advertisedIssuer: string;
  /** The current signing keys, RS256 and ES256. */
  keys(): readonly SigningKey[];
  /** Replaces every key by new ones with new kids. */
  rotate(): Promise<void>;
  /** An access token (typ at+jwt) for `subject`, valid for an hour unless the claims say otherwise. */
  token(subject: string, scope: string, options?: TokenOptions): Promise<string>;
  close(): Promise<void>;
}

export async function newSigningKey(alg: 'RS256' | 'ES256', kid: string = randomUUID()): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

export async function signToken(key: SigningKey, header: Record<string, unknown>, claims: Record<string, unknown>): Promise<string> {
  const payload = Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined)) as JWTPayload;
  return new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt', ...header }).sign(key.privateKey);
}

/**
 * An OpenID Connect provider on 127.0.0.1 for the tests: a discovery document and a key
 * set (RS256 and ES256 keys from jose), request counters and switchable states.
 */
export async function startIssuer(audience = 'test-api'): Promise<TestIssuer> {
  let keys = await Promise.all([newSigningKey('RS256'), newSigningKey('ES256')]);
  const counts = { discovery: 0, jwks: 0, refused: 0 };
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    if (issuer.state === 'hanging') return;
    if (issuer.state === 'down') {
      // A kept-alive connection from before the outage.
      counts.refused += 1;
      req.socket.destroy();
      return;
    }
    if (req.url === '/.well-known/openid-configuration') {
      counts.discovery += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ issuer: issuer.advertisedIssuer, jwks_uri: `${issuer.issuer}/jwks` }));
    } else if (req.url === '/jwks') {
      counts.jwks += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      const padding = issuer.state === 'oversized' ? [{ kty: 'oct', k: 'A'.repeat(1_048_576) }] : [];
      res.end(JSON.stringify({ keys: [...keys.map((key) => key.publicJwk), ...padding] }));
    } else {
      res.writeHead(404).end();
    }
  });
  server.on('connection', (socket) => {
    if (issuer.state === 'down') {
      counts.refused += 1;
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer: TestIssuer = {
    issuer: url,
    audience,
    counts,
    state: 'up',
    advertisedIssuer: url,
    keys: () => keys,
    async rotate() {
      keys = await Promise.all([newSigningKey('RS256'), newSigningKey('ES256')]);
    },
    token(subject, scope, options = {}) {
      const alg = options.alg ?? 'ES256';
      const key = options.key ?? keys.find((candidate) => candidate.alg === alg);
      if (key === undefined) throw new Error(`no ${alg} key`);
      const now = Math.floor(Date.now() / 1_000);
      return signToken(key, options.header ?? {}, {
        iss: url,
        aud: audience,
        sub: subject,
        iat: now,
        exp: now + 3_600,
        jti: randomUUID(),
        scope,
        ...options.claims,
      });
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return issuer;
}

/** A server that must never be contacted: tokens point their jku and x5u headers at it. */
export async function startAttacker(): Promise<{ url: string; contacts: () => number; close(): Promise<void> }> {
  let contacts = 0;
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys":[]}');
  });
  server.on('connection', () => {
    contacts += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    contacts: () => contacts,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
