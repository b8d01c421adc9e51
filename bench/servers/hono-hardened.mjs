// Hono hardened the usual way: hono/secure-headers, hono/cors, hono/body-limit,
// hono-rate-limiter, jose and zod (@hono/zod-validator), over the same database work
// as the bare server.
import { getConnInfo } from '@hono/node-server/conninfo';
import { serve } from '@hono/node-server';
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { rateLimiter } from 'hono-rate-limiter';
import { createNote, HSTS_MAX_AGE, listQuery, logResponse, problem, verifyAccessToken } from './reference.mjs';
import { API_CSP, bearer, exitWithServer, openNotes, settings, then } from './shared.mjs';

const notes = openNotes();
const app = new Hono();
const invalid = (result, c) => (result.success ? undefined : c.json(problem(400, 'Bad Request'), 400));

app.use(async (c, next) => {
  const started = performance.now();
  await next();
  logResponse(c.req.method, c.req.routePath, c.res.status, performance.now() - started, c.get('userId'));
});
app.use(
  secureHeaders({
    contentSecurityPolicy: API_CSP,
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    crossOriginResourcePolicy: 'same-origin',
    strictTransportSecurity: `max-age=${HSTS_MAX_AGE}; includeSubDomains`,
  }),
);
app.use(
  cors({
    origin: settings.corsOrigins,
    allowMethods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type'],
    maxAge: 600,
  }),
);
app.use(
  rateLimiter({
    windowMs: 60_000,
    limit: settings.rateLimitMax,
    standardHeaders: 'draft-7',
    keyGenerator: (c) => getConnInfo(c).remote.address ?? 'unknown',
  }),
);
app.use(async (c, next) => {
  await next();
  c.header('cache-control', 'no-store');
});
app.use(bodyLimit({ maxSize: settings.bodyLimit }));

app.get('/health', (c) => then(notes.ping(), () => c.json({ status: 'ok' })));

app.use('/v1/*', async (c, next) => {
  const token = bearer(c.req.header('authorization'));
  const userId = token === undefined ? undefined : await verifyAccessToken(token);
  if (userId === undefined) return c.json(problem(401, 'Unauthorized'), 401);
  c.set('userId', userId);
  await next();
});
app.get('/v1/notes', zValidator('query', listQuery, invalid), (c) =>
  then(notes.list(c.get('userId'), c.req.valid('query').limit), (page) => c.json(page)),
);
app.post('/v1/notes', zValidator('json', createNote, invalid), (c) =>
  then(notes.create(c.get('userId'), c.req.valid('json')), (note) => c.json(note, 201)),
);

const server = serve({ fetch: app.fetch, hostname: settings.host, port: settings.port });
exitWithServer(server, notes);
