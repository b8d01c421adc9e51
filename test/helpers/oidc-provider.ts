import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

/** A real OpenID Connect provider (oidc-provider) on 127.0.0.1 that issues at+jwt ES256 access tokens. */
export interface RealIssuer {
  /** What a generated oidc project needs to trust it: OIDC_ISSUER and OIDC_AUDIENCE. */
  readonly env: Record<string, string>;
  /** An access token for `subject` (a client of the provider, created on first use) holding `scopes` (space-separated). */
  token(subject: string, scopes: string): Promise<string>;
  close(): Promise<void>;
}

type Payload = Record<string, unknown>;

/** oidc-provider's storage: one Map per model; clients are the subjects `token()` registered. */
function adapterFor(clients: Map<string, Payload>) {
  const stores = new Map<string, Map<string, Payload>>();
  return class MapAdapter {
    private readonly store: Map<string, Payload>;
    private readonly isClient: boolean;

    constructor(name: string) {
      this.isClient = name === 'Client';
      this.store = stores.get(name) ?? new Map<string, Payload>();
      stores.set(name, this.store);
    }

    async upsert(id: string, payload: Payload): Promise<void> {
      this.store.set(id, payload);
    }

    async find(id: string): Promise<Payload | undefined> {
      return this.isClient ? clients.get(id) : this.store.get(id);
    }

    async findByUid(uid: string): Promise<Payload | undefined> {
      return [...this.store.values()].find((payload) => payload.uid === uid);
    }

    async findByUserCode(userCode: string): Promise<Payload | undefined> {
      return [...this.store.values()].find((payload) => payload.userCode === userCode);
    }

    async consume(id: string): Promise<void> {
      const payload = this.store.get(id);
      if (payload !== undefined) payload.consumed = Math.floor(Date.now() / 1_000);
    }

    async destroy(id: string): Promise<void> {
      this.store.delete(id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      for (const [id, payload] of this.store) if (payload.grantId === grantId) this.store.delete(id);
    }
  };
}

/**
 * Starts oidc-provider with client_credentials and resource indicators: every client's
 * token names the project's audience and is a JWT access token (typ at+jwt) signed with ES256.
 */
export async function startRealIssuer(audience = 'https://api.test.invalid/'): Promise<RealIssuer> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: 'es256-1', alg: 'ES256', use: 'sig' };
  const clients = new Map<string, Payload>();
  const secret = randomBytes(32).toString('base64url');
  // The issuer URL holds the port: listen first, then hand the requests to the provider.
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    adapter: adapterFor(clients),
    jwks: { keys: [signingKey] },
    ttl: { ClientCredentials: 600 },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => audience,
        useGrantedResource: () => true,
        // The resource server accepts whatever scopes a token request asks for.
        getResourceServerInfo: (ctx: { oidc: { params?: { scope?: unknown } } }) => ({
          scope: String(ctx.oidc.params?.scope ?? ''),
          audience,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'ES256' } },
        }),
      },
    },
  });
  server.on('request', provider.callback());
  return {
    env: { OIDC_ISSUER: issuer, OIDC_AUDIENCE: audience },
    async token(subject, scopes) {
      clients.set(subject, {
        client_id: subject,
        client_secret: secret,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
        token_endpoint_auth_method: 'client_secret_post',
        id_token_signed_response_alg: 'ES256',
      });
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: subject,
          client_secret: secret,
          scope: scopes,
          resource: audience,
        }),
      });
      const body = (await response.json()) as { access_token?: string };
      if (response.status !== 200 || body.access_token === undefined) throw new Error(`token: ${response.status} ${JSON.stringify(body)}`);
      return body.access_token;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
