// Bare Fastify plus the layers named in LAYERS (comma list), one library or technique
// each, to measure what every layer costs on its own:
//   nodb       the list answered from memory (what the database read costs)
//   helmet     @fastify/helmet, configured as in the reference
//   headers    the same header set from one synchronous hook, built once
//   cors       @fastify/cors with an exact-origin allowlist
//   ratelimit  @fastify/rate-limit, in memory
//   jose       jose jwtVerify, secret passed as bytes (as its docs show)
//   jose-key   jose jwtVerify with a CryptoKey imported once
//   hmac       HS256 checked with node:crypto createHmac + timingSafeEqual, no cache
//   zod        strict zod schema of the query (GET) or body (POST)
//   schema     a Fastify response schema (fast-json-stringify)
//   log        one pino JSON line per response
import { createHmac, timingSafeEqual, webcrypto } from 'node:crypto';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify from 'fastify';
import { jwtVerify } from 'jose';
import { createNote, FASTIFY_HELMET_OPTIONS, HSTS_MAX_AGE, listQuery, logResponse } from './reference.mjs';
import { bearer, exitCleanly, openNotes, settings } from './shared.mjs';

const KNOWN = ['nodb', 'helmet', 'headers', 'cors', 'ratelimit', 'jose', 'jose-key', 'hmac', 'zod', 'schema', 'log'];
const layers = new Set(
  (process.env.LAYERS ?? '')
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean),
);
for (const layer of layers) if (!KNOWN.includes(layer)) throw new Error(`unknown layer ${layer}; known: ${KNOWN.join(', ')}`);

const notes = openNotes();
const app = Fastify({ logger: false });
app.decorateRequest('userId', '');

let list = (userId, limit) => notes.list(userId, limit);
let create = (userId, input) => notes.create(userId, input);
if (layers.has('nodb')) {
  const page = notes.list(settings.ownerId, 20);
  const item = { ...page.data[0] };
  list = () => page;
  create = (_userId, input) => ({ ...item, title: input.title, body: input.body ?? null });
}

if (layers.has('helmet')) {
  await app.register(helmet, FASTIFY_HELMET_OPTIONS);
}
if (layers.has('headers')) {
  const headers = Object.freeze({
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'strict-transport-security': `max-age=${HSTS_MAX_AGE}; includeSubDomains`,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    'cross-origin-resource-policy': 'same-origin',
  });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
if (layers.has('cors')) {
  await app.register(cors, { origin: settings.corsOrigins, allowedHeaders: ['Authorization', 'Content-Type'], maxAge: 600 });
}
if (layers.has('ratelimit')) await app.register(rateLimit, { max: settings.rateLimitMax, timeWindow: '1 minute' });
if (layers.has('log')) {
  app.addHook('onResponse', (request, reply, done) => {
    logResponse(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime, request.userId || undefined);
    done();
  });
}

const secretBytes = new TextEncoder().encode(settings.jwtSecret);
const jwtOptions = { algorithms: ['HS256'], issuer: settings.jwtIssuer, audience: settings.jwtAudience, requiredClaims: ['exp', 'sub'] };
let verify;
if (layers.has('jose')) verify = async (token) => (await jwtVerify(token, secretBytes, jwtOptions)).payload.sub;
if (layers.has('jose-key')) {
  const key = await webcrypto.subtle.importKey('raw', secretBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  verify = async (token) => (await jwtVerify(token, key, jwtOptions)).payload.sub;
}
if (layers.has('hmac')) {
  const hmacKey = Buffer.from(settings.jwtSecret);
  verify = async (token) => {
    const [header, payload, signature] = token.split('.');
    const expected = createHmac('sha256', hmacKey).update(`${header}.${payload}`).digest();
    const given = Buffer.from(signature ?? '', 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error('bad signature');
    if (JSON.parse(Buffer.from(header, 'base64url').toString()).alg !== 'HS256') throw new Error('bad header');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    if (claims.iss !== settings.jwtIssuer || claims.aud !== settings.jwtAudience || !(claims.exp > Date.now() / 1000)) {
      throw new Error('bad claims');
    }
    return claims.sub;
  };
}

const pageSchema = {
  type: 'object',
  properties: {
    data: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          title: { type: 'string' },
          body: { type: ['string', 'null'] },
          createdAt: { type: 'string' },
          updatedAt: { type: 'string' },
        },
      },
    },
    nextCursor: { type: ['string', 'null'] },
  },
};
const routeOptions = (code, schema) => (layers.has('schema') ? { schema: { response: { [code]: schema } } } : {});

app.get('/health', async () => {
  notes.ping();
  return { status: 'ok' };
});
app.register(async (v1) => {
  if (verify !== undefined) {
    v1.addHook('onRequest', async (request, reply) => {
      const token = bearer(request.headers.authorization);
      try {
        request.userId = await verify(token ?? '');
      } catch {
        return reply.code(401).send({ status: 401 });
      }
    });
  }
  v1.get('/v1/notes', routeOptions(200, pageSchema), async (request, reply) => {
    let limit = Number(request.query.limit ?? 20);
    if (layers.has('zod')) {
      const query = listQuery.safeParse(request.query);
      if (!query.success) return reply.code(400).send({ status: 400 });
      limit = query.data.limit;
    }
    return list(request.userId || settings.ownerId, limit);
  });
  v1.post('/v1/notes', routeOptions(201, pageSchema.properties.data.items), async (request, reply) => {
    let input = request.body;
    if (layers.has('zod')) {
      const body = createNote.safeParse(request.body);
      if (!body.success) return reply.code(400).send({ status: 400 });
      input = body.data;
    }
    return reply.code(201).send(create(request.userId || settings.ownerId, input));
  });
});

await app.listen({ host: settings.host, port: settings.port });
exitCleanly(async () => {
  await app.close();
  notes.close();
});
